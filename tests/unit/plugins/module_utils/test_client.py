# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client against the emulator's real HTTP server on loopback (tests/emulator), with its fault rules.

The emulator checks every signature with a verifier written from the spec apart from `plugins/`, so a call
it served was signed right; `Emulator.requests` shows what arrived, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import pathlib
import re
import socket
import threading
import warnings
from urllib.parse import parse_qsl, quote

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import Client, CredentialHttp
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import RefreshingCredentials, Temporary
from ansible_collections.alibabacloud.ccc.plugins.module_utils._credentials import Credentials
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._options import ConnectionSettings
from ansible_collections.alibabacloud.ccc.plugins.module_utils._transport import COLLECTION_VERSION, USER_AGENT
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.auth import Credential
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.core import Emulator
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.faults import Faults
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.server import EmulatorServer, tls_context
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.state import DEFAULT_CREDENTIALS
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import INSTANCE, seed

KEY, STS_KEY = DEFAULT_CREDENTIALS  # a permanent key, and a temporary one with its token
# Characters that signing and encoding get wrong: space, + / , [ ] ~ * ' % =, and non-ASCII.
TRICKY = "a b+c/d,[x]~*'%=中文"
LIST = {"InstanceId": INSTANCE, "PageNumber": "1", "PageSize": "10"}
ADD = {"InstanceId": INSTANCE, "Usage": "Outbound", "NumberList": '["057100000002"]'}
SEED = seed(
    bound=[("057100000001", "Inbound", "flow-a")], pool=["057100000002", "+8657100000003"], flows=["flow-a", TRICKY]
)


class Observed(Emulator):
    """The emulator, keeping each reply it gave, so a test can compare it with what the client returned."""

    def __init__(self, document):
        super().__init__(document, record=True)
        self.replies = []

    def respond(self, *request):
        response = super().respond(*request)
        self.replies.append(response)
        return response


class CountingServer(EmulatorServer):
    """The emulator's HTTP server, counting the connections it accepted."""

    connections = 0

    def process_request(self, request, client_address):
        self.connections += 1
        super().process_request(request, client_address)


class Live:
    """The emulator's HTTP(S) server on a loopback port, served from a thread of this process."""

    def __init__(self, document=None, ssl_context=None):
        self.emulator = Observed(document or SEED)
        self.http = CountingServer(("127.0.0.1", 0), self.emulator, ssl_context=ssl_context)
        self.port = self.http.port
        threading.Thread(target=self.http.serve_forever, args=(0.05,), daemon=True).start()

    def fault(self, action, kind, **fields):
        """One of the emulator's fault rules (tests/emulator/README.md, "Faults")."""
        self.emulator.faults.add(Faults.parse([dict(action=action, kind=kind, **fields)]))

    @property
    def requests(self):
        """Every request as it arrived: method, path, query, headers (lower-case name -> values), body."""
        return self.emulator.requests

    def answered(self, index=-1):
        """The JSON body of a reply the emulator gave (the last by default)."""
        return json.loads(self.emulator.replies[index].body)

    def stop(self):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server(request):
    live = Live(getattr(request, "param", None))
    yield live
    live.stop()


def header(request, name):
    (value,) = request["headers"][name]
    return value


class Recorder:
    """Stands in for time.sleep and records the delays asked for."""

    def __init__(self):
        self.delays = []

    def __call__(self, seconds):
        self.delays.append(seconds)


def settings_for(
    port, *, scheme="http", version="v3", key=KEY, secret=None, max_retries=3, timeout=2.0, validate_certs=True
):
    host = "127.0.0.1:%d" % port
    return ConnectionSettings(
        credentials=Credentials(key.access_key_id, secret or key.access_key_secret, key.security_token),
        credentials_source="test",
        region="cn-shanghai",
        endpoint_url="%s://%s" % (scheme, host),
        host=host,
        signature_version=version,
        timeout=timeout,
        max_retries=max_retries,
        validate_certs=validate_certs,
    )


def make_client(port, sleep=None, **kwargs):
    # random=1.0 makes every backoff wait its ceiling; nonces stay the client's own (the emulator refuses a reuse).
    return Client(settings_for(port, **kwargs), sleep=sleep or Recorder(), random=lambda: 1.0)


def enc(text):
    return quote(text.encode("utf-8"), safe="-_.~")


KEYS = [pytest.param(KEY, id="permanent-key"), pytest.param(STS_KEY, id="sts-token")]
QUERY = dict(LIST, SearchPattern=TRICKY)
WRITE = dict(ADD, NumberList='["057100000002", "+8657100000003"]', ContactFlowId=TRICKY)


@pytest.mark.parametrize("key", KEYS)
def test_v3_request_is_a_signed_post_to_root_with_params_in_the_query(server, key):
    client = make_client(server.port, key=key)
    assert client.call("ListPhoneNumbers", QUERY, write=False) == server.answered()
    assert server.emulator.calls == [("ListPhoneNumbers", QUERY)]  # verified, and read back as sent
    (request,) = server.requests
    assert (request["method"], request["path"], request["body"]) == ("POST", "/", b"")
    assert dict(parse_qsl(request["query"], keep_blank_values=True)) == QUERY
    assert header(request, "x-acs-action") == "ListPhoneNumbers"
    assert header(request, "x-acs-version") == "2020-07-01"
    assert header(request, "user-agent") == USER_AGENT
    signed = header(request, "authorization").split("SignedHeaders=")[1].split(",")[0].split(";")
    assert ("x-acs-security-token" in signed) == bool(key.security_token)
    assert request["headers"].get("x-acs-security-token") == ([key.security_token] if key.security_token else None)


@pytest.mark.parametrize("key", KEYS)
def test_v1_request_carries_everything_in_a_signed_form_body(server, key):
    client = make_client(server.port, version="v1", key=key)
    assert client.call("AddPhoneNumbers", WRITE, write=True) == server.answered()
    ((action, verified),) = server.emulator.calls
    assert action == "AddPhoneNumbers" and {k: verified[k] for k in WRITE} == WRITE
    (request,) = server.requests
    assert (request["method"], request["path"], request["query"]) == ("POST", "/", "")
    assert header(request, "content-type") == "application/x-www-form-urlencoded"
    params = dict(parse_qsl(request["body"].decode("ascii"), keep_blank_values=True))
    assert {k: params[k] for k in WRITE} == WRITE
    assert params["Action"] == "AddPhoneNumbers" and params["Format"] == "JSON"
    assert params.get("SecurityToken") == key.security_token


def test_calls_share_one_keep_alive_connection(server):
    client = make_client(server.port)
    for _attempt in range(3):
        client.call("ListPhoneNumbers", LIST, write=False)
    assert len(server.requests) == 3 and server.http.connections == 1
    assert client.calls == 3 and client.retries == 0


def test_retry_on_throttling_backs_off_exponentially(server):
    server.fault("ListPhoneNumbers", "throttle", count=2)
    sleep = Recorder()
    client = make_client(server.port, sleep=sleep)
    assert client.call("ListPhoneNumbers", LIST, write=False) == server.answered()
    assert sleep.delays == pytest.approx([0.2, 0.4])
    assert (client.calls, client.retries, len(server.requests)) == (3, 2, 3)


def test_retry_honours_retry_after(server):
    server.fault("ListPhoneNumbers", "throttle", count=1, retry_after_ms=1500)
    sleep = Recorder()
    make_client(server.port, sleep=sleep).call("ListPhoneNumbers", LIST, write=False)
    assert sleep.delays == [1.5]


def test_retry_after_is_capped(server):
    server.fault("ListPhoneNumbers", "throttle", count=1, retry_after_ms=600_000)
    sleep = Recorder()
    make_client(server.port, sleep=sleep).call("ListPhoneNumbers", LIST, write=False)
    assert sleep.delays == [10.0]


def test_every_attempt_is_signed_afresh(server):
    server.fault("ListPhoneNumbers", "throttle", count=2)
    # The emulator refuses a date more than 15 minutes off, so the ticks start now.
    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    ticks = iter(start + dt.timedelta(seconds=s) for s in range(60))
    client = Client(settings_for(server.port), sleep=Recorder(), clock=lambda: next(ticks))
    client.call("ListPhoneNumbers", LIST, write=False)
    nonces = [header(r, "x-acs-signature-nonce") for r in server.requests]
    dates = [header(r, "x-acs-date") for r in server.requests]
    assert len(set(nonces)) == 3
    assert dates == [(start + dt.timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ") for s in range(3)]
    assert len(server.emulator.calls) == 3  # each attempt passed the signature and nonce checks


def test_throttling_that_outlasts_the_retries_is_reported(server):
    server.fault("ListPhoneNumbers", "throttle", count=5)
    client = make_client(server.port, max_retries=2)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", LIST, write=False)
    assert info.value.code == "Throttling.User"
    assert "gave up after 3 attempts" in info.value.message
    assert len(server.requests) == 3


@pytest.mark.parametrize("kind", ["throttle", "unavailable"])
def test_write_is_retried_when_the_server_says_it_was_not_applied(server, kind):
    server.fault("AddPhoneNumbers", kind, count=1)
    client = make_client(server.port)
    assert client.call("AddPhoneNumbers", ADD, write=True) == server.answered()
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "fault, code",
    [
        pytest.param({"kind": "lost_reply"}, "ConnectionError", id="connection-dropped"),
        pytest.param({"kind": "slow", "delay_ms": 600}, "ReadTimeout", id="reply-too-late"),
        pytest.param({"kind": "internal"}, "InternalError", id="internal-error"),
        pytest.param({"kind": "non_json"}, "InvalidResponse", id="html-502"),
        pytest.param({"kind": "non_json", "status": 200}, "InvalidResponse", id="html-200"),
    ],
)
def test_write_with_a_lost_or_doubtful_reply_is_never_resent(server, fault, code):
    server.fault("AddPhoneNumbers", count=1, **fault)
    client = make_client(server.port, timeout=0.3)
    with pytest.raises(CCCWriteOutcomeUnknown) as info:
        client.call("AddPhoneNumbers", ADD, write=True)
    assert info.value.code == code
    assert "not sent again" in info.value.message
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param({"kind": "lost_reply"}, id="connection-dropped"),
        pytest.param({"kind": "slow", "delay_ms": 600}, id="reply-too-late"),
        pytest.param({"kind": "internal"}, id="internal-error"),
        pytest.param({"kind": "non_json"}, id="html-502"),
        pytest.param({"kind": "error", "code": "Weird.Gateway", "status": 504}, id="unknown-5xx"),
    ],
)
def test_read_with_a_lost_or_failed_reply_is_asked_again(server, fault):
    server.fault("ListPhoneNumbers", count=1, **fault)
    client = make_client(server.port, timeout=0.3)
    assert client.call("ListPhoneNumbers", LIST, write=False) == server.answered()
    assert len(server.requests) == 2


def test_non_json_reply_is_reported_with_its_http_status(server):
    server.fault("ListPhoneNumbers", "non_json", count=3)
    client = make_client(server.port, max_retries=2)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", LIST, write=False)
    assert (info.value.code, info.value.http_status) == ("InvalidResponse", 502)
    assert "HTTP 502" in info.value.message and "<html>" not in info.value.message


class Matches:
    """Equal to every string the pattern matches whole: a message that holds a per-request hash."""

    def __init__(self, pattern):
        self.pattern = pattern

    def __eq__(self, other):
        return isinstance(other, str) and re.fullmatch(self.pattern, other) is not None

    def __repr__(self):
        return "Matches(%r)" % self.pattern


@pytest.mark.parametrize(
    "fault, params, secret, expected",
    [
        pytest.param(
            {
                "code": "NotExists.InstanceId",
                "status": 404,
                "message": "The instance %s does not exist.",
                "params": ["ccc-x"],
            },
            LIST,
            None,
            ("NotExists.InstanceId", "The instance ccc-x does not exist.", 404),
            id="params-fill-the-message",
        ),
        pytest.param(
            None,
            dict(LIST, Usage="Sideways"),
            None,
            (
                "Parameter.Enumeration",
                "The parameter Usage must be one of the value of enumeration [Inbound, Outbound, Bidirection].",
                400,
            ),
            id="service-refusal",
        ),
        pytest.param(
            {"code": "Forbidden.RAM", "status": 403, "message": "not allowed"},
            LIST,
            None,
            ("Forbidden.RAM", "not allowed", 403),
            id="forbidden",
        ),
        pytest.param(
            None,
            LIST,
            "not-the-secret",
            (
                "SignatureDoesNotMatch",
                Matches(
                    r"Specified signature is not matched with our calculation\. "
                    r"server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}"
                ),
                400,
            ),
            id="gateway-shape",
        ),
        pytest.param(
            {"code": "Parameter.Invalid", "status": 400, "http_status": 200, "message": "bad"},
            LIST,
            None,
            ("Parameter.Invalid", "bad", 400),
            id="error-inside-http-200",
        ),
        pytest.param(
            {"shape": "message", "status": 404, "message": "missing"},
            LIST,
            None,
            (None, "missing", 404),
            id="message-only-id-in-header",
        ),
    ],
)
def test_json_error_replies_map_to_typed_errors_without_retry(server, fault, params, secret, expected):
    if fault:
        server.fault("ListPhoneNumbers", "error", count=1, **fault)
    client = make_client(server.port, secret=secret)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", params, write=False)
    err = info.value
    (reply,) = server.emulator.replies
    assert reply.status == (fault or {}).get("http_status", expected[-1])  # the status line the case is about
    assert not isinstance(err, CCCWriteOutcomeUnknown)
    assert (err.code, err.message, err.http_status) == expected
    assert err.request_id == reply.headers["x-acs-request-id"]
    assert len(server.requests) == 1


def test_the_gateway_shape_is_what_the_emulator_answers_a_bad_signature_with(server):
    # Pins the premise of the "gateway-shape" case above: no HttpStatusCode, the gateway's members.
    with pytest.raises(CCCError):
        make_client(server.port, secret="not-the-secret").call("ListPhoneNumbers", LIST, write=False)
    assert set(server.answered()) == {"RequestId", "HostId", "Code", "Message", "Recommend"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("write", [False, True])
def test_a_refused_first_connection_fails_at_once_and_says_it_was_refused(write):
    # Nothing listens at the endpoint: a wrong endpoint or port, which retrying would only report later.
    sleep = Recorder()
    port = free_port()
    client = make_client(port, sleep=sleep, max_retries=5)
    with pytest.raises(CCCError) as info:
        client.call("AddPhoneNumbers", ADD, write=write)
    assert not isinstance(info.value, CCCWriteOutcomeUnknown)
    assert info.value.code == "ConnectionError"
    assert info.value.message == (
        "could not connect to 127.0.0.1:%d: the connection was refused (nothing listens at that address and port)"
        % port
    )
    assert sleep.delays == [] and client.calls == 1


@pytest.mark.parametrize("write", [False, True])
def test_a_refused_connection_after_the_endpoint_answered_is_retried_then_reported(server, write):
    # Mid-run, a refusal is an endpoint restarting; retrying it can save a run that has written half.
    sleep = Recorder()
    client = make_client(server.port, sleep=sleep, max_retries=2)
    client.call("ListPhoneNumbers", LIST, write=False)
    server.stop()
    client.close()  # the server's end of the kept-alive connection went with it
    with pytest.raises(CCCError) as info:
        client.call("AddPhoneNumbers", ADD, write=write)
    assert not isinstance(info.value, CCCWriteOutcomeUnknown)
    assert info.value.code == "ConnectionError"
    assert "the connection was refused" in info.value.message
    assert info.value.message.endswith("(gave up after 3 attempts)")
    assert len(sleep.delays) == 2 and client.calls == 1 + 3


@pytest.fixture(scope="module")
def tls_dir(tmp_path_factory):
    """The emulator's self-signed cert.pem/key.pem for 127.0.0.1, made once for this file."""
    folder = tmp_path_factory.mktemp("tls")
    tls_context(str(folder))
    return folder


@pytest.fixture
def tls_server(tls_dir):
    live = Live(ssl_context=tls_context(str(tls_dir)))
    yield live
    live.stop()


def test_untrusted_certificate_is_a_clear_error_that_mentions_validate_certs(tls_server, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    client = make_client(tls_server.port, scheme="https")
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", LIST, write=False)
    assert info.value.code == "TLSError"
    assert "validate_certs" in info.value.message and "REQUESTS_CA_BUNDLE" in info.value.message
    assert client.calls == 1


def test_validate_certs_false_connects_without_insecure_warnings(tls_server):
    # Default filters, as in a module run: urllib3 would show its warning once per location.
    with warnings.catch_warnings(record=True) as caught:
        client = make_client(tls_server.port, scheme="https", validate_certs=False)
        assert client.call("ListPhoneNumbers", LIST, write=False) == tls_server.answered()
    assert not [w for w in caught if "Unverified HTTPS" in str(w.message)]


def test_requests_ca_bundle_is_honoured(tls_server, tls_dir, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_dir / "cert.pem"))
    client = make_client(tls_server.port, scheme="https")
    assert client.call("ListPhoneNumbers", LIST, write=False) == tls_server.answered()


# ---- canary: no secret, token or signature in anything the client can emit ----

CANARY_SECRET = "CANARYsecret+/=0001"
CANARY_TOKEN = "CANARYtoken+/=0002"
CANARY = Credential("STS.CanaryKey0001", CANARY_SECRET, CANARY_TOKEN)
CANARY_SEED = dict(
    SEED,
    credentials=[
        {"access_key_id": CANARY.access_key_id, "access_key_secret": CANARY_SECRET, "security_token": CANARY_TOKEN}
    ],
)


def canary_forms():
    forms = {CANARY_SECRET, CANARY_TOKEN}
    forms |= {enc(f) for f in list(forms)}
    forms |= {enc(f) for f in list(forms)}
    return forms


# (name, fault rule for every call, write): every way a call can fail, each rule firing on every attempt.
FAILURE_PATHS = [
    ("throttled", {"kind": "throttle", "count": 3}, False),
    ("internal-write", {"kind": "internal", "count": 1}, True),
    ("lost-write", {"kind": "lost_reply", "count": 1}, True),
    ("lost-read", {"kind": "lost_reply", "count": 3}, False),
    ("timeout-write", {"kind": "slow", "delay_ms": 600, "count": 1}, True),
    ("html", {"kind": "non_json", "count": 3}, False),
    ("html-200", {"kind": "non_json", "status": 200, "count": 1}, False),
    (
        "echoing-gateway",
        {
            "kind": "error",
            "code": "SignatureDoesNotMatch",
            "message": "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&"
            + enc("AccessKeyId=%s&SecurityToken=%s" % (CANARY.access_key_id, enc(CANARY_TOKEN))),
            "count": 1,
        },
        False,
    ),
    (
        "echoing-raw",
        {
            "kind": "error",
            "code": "InvalidSecurityToken.Malformed",
            "message": "token %s secret %s" % (CANARY_TOKEN, CANARY_SECRET),
            "count": 1,
        },
        False,
    ),
]


@pytest.mark.parametrize("server", [pytest.param(CANARY_SEED, id="canary-key")], indirect=True)
@pytest.mark.parametrize("version", ["v3", "v1"])
def test_canary_secret_and_token_never_leave_the_client(server, caplog, version):
    caplog.set_level(logging.DEBUG)
    emitted = []
    for _name, rule, write in FAILURE_PATHS:
        server.emulator.faults.clear()
        server.fault("*", **rule)
        client = make_client(server.port, version=version, key=CANARY, max_retries=2, timeout=0.3)
        with pytest.raises(CCCError) as info:
            if write:
                client.call("AddPhoneNumbers", ADD, write=True)
            else:
                client.call("ListPhoneNumbers", LIST, write=False)
        err = info.value
        emitted += [
            str(err),
            repr(err),
            err.message,
            repr(err.args),
            json.dumps(err.as_dict()),
            repr(client.settings),
            repr(client.settings.credentials),
        ]
    assert len(server.emulator.calls) == len(server.requests) == 15  # every attempt was signed right
    refused = make_client(free_port(), version=version, key=CANARY, max_retries=1)
    with pytest.raises(CCCError) as info:
        refused.call("ListPhoneNumbers", LIST, write=False)
    emitted += [str(info.value), repr(info.value.args)]
    signatures = []
    for request in server.requests:
        if version == "v1":
            signatures.append(dict(parse_qsl(request["body"].decode()))["Signature"])
        else:
            signatures.append(header(request, "authorization").rsplit("Signature=", 1)[1])
    emitted += [record.getMessage() for record in caplog.records]
    text = "\n".join(emitted)
    assert "token *" in text or "********" in text  # the echoing replies were really seen
    for secret in canary_forms() | set(signatures):
        assert secret not in text


def test_user_agent_names_the_version_galaxy_yml_releases():
    # Module code cannot read galaxy.yml at run time (only the module and its module_utils travel),
    # so the version is written twice; this keeps the two from drifting apart.
    galaxy = pathlib.Path(__file__).resolve().parents[4] / "galaxy.yml"
    released = re.search(r"^version:\s*['\"]?([^'\"\s]+)", galaxy.read_text(), re.MULTILINE).group(1)
    assert released == COLLECTION_VERSION and released in USER_AGENT


class Rotating:
    """Credentials that hand out a new temporary key on every `current()`, as a refresh would."""

    def __init__(self):
        self.count = 0

    def current(self):
        self.count += 1
        return Credentials("STS.Key%d" % self.count, "RotSecret-%d" % self.count, "RotToken-%d" % self.count)


ROTATING_SEED = dict(
    SEED,
    credentials=[
        {"access_key_id": "STS.Key%d" % n, "access_key_secret": "RotSecret-%d" % n, "security_token": "RotToken-%d" % n}
        for n in (1, 2)
    ],
)


@pytest.mark.parametrize("server", [pytest.param(ROTATING_SEED, id="rotating-keys")], indirect=True)
def test_each_request_is_signed_with_the_key_current_at_that_moment_and_every_key_is_scrubbed(server):
    client = make_client(server.port)
    client.settings = client.settings._replace(credentials=Rotating())
    server.fault(
        "ListPhoneNumbers",
        "error",
        after=1,
        count=1,
        code="Forbidden",
        status=403,
        message="echo RotSecret-2 and RotToken-2",
    )
    client.call("ListPhoneNumbers", LIST, write=False)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", LIST, write=False)
    sent = [header(r, "authorization").split("Credential=")[1].split(",")[0] for r in server.requests]
    assert sent == ["STS.Key1", "STS.Key2"]
    assert [header(r, "x-acs-security-token") for r in server.requests] == ["RotToken-1", "RotToken-2"]
    assert server.emulator.identity.ccc_calls_by_key == {"STS.Key1": 1, "STS.Key2": 1}  # each verified with its key
    assert "RotSecret-2" not in info.value.message and "RotToken-2" not in info.value.message
    assert {"RotSecret-1", "RotToken-1", "RotSecret-2", "RotToken-2"} <= set(client.masked_values)


def test_credential_http_names_the_host_only_when_it_cannot_connect():
    port = free_port()
    with pytest.raises(CCCError) as info:
        CredentialHttp().request("GET", "http://127.0.0.1:%d/creds?token=URI-SECRET" % port, timeout=(1.0, 1.0))
    assert info.value.code in ("ConnectionError", "ConnectTimeout")
    assert "127.0.0.1:%d" % port in info.value.message and "URI-SECRET" not in info.value.message


def test_credential_http_returns_status_and_body(server):
    # An unsigned AssumeRole: STS on the emulator's port refuses it, and the refusal comes back as it was sent.
    answer = CredentialHttp().request("POST", "http://127.0.0.1:%d/" % server.port, form={"Action": "AssumeRole"})
    assert answer.status == 400 and json.loads(answer.body) == server.answered()
    assert server.answered()["Code"] == "MissingParameter"
    assert server.requests[0]["body"] == b"Action=AssumeRole"


class Issuer:
    """A refreshable source that hands out key N on its N-th fetch, each valid for an hour."""

    def __init__(self):
        self.fetches = 0

    def __call__(self):
        self.fetches += 1
        n = self.fetches
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        return Temporary(Credentials("STS.Key%d" % n, "RotSecret-%d" % n, "RotToken-%d" % n), expires)


EXPIRED = dict(code="InvalidSecurityToken.Expired", message="Specified SecurityToken is expired.")
# The emulator knows the keys the Issuer hands out, so each is verified before the fault refuses it.
ROTATED = [
    {"access_key_id": "STS.Key%d" % n, "access_key_secret": "RotSecret-%d" % n, "security_token": "RotToken-%d" % n}
    for n in (1, 2, 3)
]


def rotating():
    """The emulator's server knowing the rotated keys, and a client whose key an Issuer hands out."""
    live = Live(dict(SEED, credentials=ROTATED))
    issuer = Issuer()
    client = make_client(live.port)
    client.settings = client.settings._replace(credentials=RefreshingCredentials(issuer, "test"))
    return live, issuer, client


def signed_by(request):
    return header(request, "authorization").split("Credential=")[1].split(",")[0]


@pytest.mark.parametrize("write", [False, True])
def test_an_expired_token_reply_fetches_a_new_key_and_sends_the_call_again_once(write):
    live, issuer, client = rotating()
    try:
        live.fault("*", "error", count=1, **EXPIRED)
        client.call("AddPhoneNumbers" if write else "ListPhoneNumbers", ADD if write else LIST, write=write)
        assert issuer.fetches == 2 and [signed_by(r) for r in live.requests] == ["STS.Key1", "STS.Key2"]
    finally:
        live.stop()


def test_a_key_refused_twice_is_not_renewed_again():
    live, issuer, client = rotating()
    try:
        live.fault("*", "error", count=2, **EXPIRED)
        with pytest.raises(CCCError) as info:
            client.call("ListPhoneNumbers", LIST, write=False)
        assert info.value.code == "InvalidSecurityToken.Expired"
        assert issuer.fetches == 2 and len(live.requests) == 2
    finally:
        live.stop()


def test_a_fixed_sts_token_that_expired_fails_saying_it_must_be_renewed(server):
    client = make_client(server.port, key=STS_KEY)
    server.fault("*", "error", count=1, **EXPIRED)
    with pytest.raises(CCCError) as info:
        client.call("AddPhoneNumbers", ADD, write=True)
    assert info.value.code == "InvalidSecurityToken.Expired" and len(server.requests) == 1
    assert "cannot be fetched again here: renew it" in info.value.message
    assert "057100000002" not in {n["number"] for n in server.emulator.state()["instances"][INSTANCE]["numbers"]}
