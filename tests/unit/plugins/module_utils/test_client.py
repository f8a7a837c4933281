# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The client against a real HTTP server on loopback, scripted reply by reply."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import pathlib
import re
import socket
import ssl
import subprocess
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import Client
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import RefreshingCredentials, Temporary
from ansible_collections.alibabacloud.ccc.plugins.module_utils._credentials import Credentials
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._options import ConnectionSettings
from ansible_collections.alibabacloud.ccc.plugins.module_utils._transport import COLLECTION_VERSION, USER_AGENT

OK = {"RequestId": "req-ok", "Code": "OK", "HttpStatusCode": 200, "Message": "", "Data": {"TotalCount": 0}}


def reply(status=200, body=None, headers=None, raw=None, close=False, delay=0.0):
    """One scripted server reply; `close` drops the connection without answering."""
    return {
        "status": status,
        "body": OK if body is None and raw is None else body,
        "raw": raw,
        "headers": headers or {},
        "close": close,
        "delay": delay,
    }


def error_reply(code, status, message="boom", request_id="req-err", headers=None, params=None):
    body = {"RequestId": request_id, "Code": code, "Message": message, "HttpStatusCode": status}
    if params is not None:
        body["Params"] = params
    return reply(status, body, headers)


THROTTLED = error_reply("Throttling.User", 400, "Request was denied due to user flow control.")
HTML_502 = reply(502, raw=b"<html><body><h1>502 Bad Gateway</h1></body></html>", headers={"Content-Type": "text/html"})


class FakeCCC:
    """A loopback HTTP/1.1 server that records every request and plays back scripted replies."""

    def __init__(self, tls_context=None):
        self.script = []
        self.requests = []
        self.lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep pytest output quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with outer.lock:
                    outer.requests.append(
                        {
                            "path": self.path,
                            "headers": dict(self.headers.items()),
                            "body": body,
                            "peer": self.client_address,
                        }
                    )
                    step = outer.script.pop(0) if outer.script else reply()
                if step["delay"]:
                    time.sleep(step["delay"])
                if step["close"]:
                    self.close_connection = True
                    return
                payload = step["raw"] if step["raw"] is not None else json.dumps(step["body"]).encode()
                try:
                    self.send_response(step["status"])
                    self.send_header("Content-Type", "application/json")
                    for name, value in step["headers"].items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    fake = FakeCCC()
    yield fake
    fake.stop()


class Recorder:
    """Stands in for time.sleep and records the delays asked for."""

    def __init__(self):
        self.delays = []

    def __call__(self, seconds):
        self.delays.append(seconds)


def settings_for(
    port,
    *,
    scheme="http",
    version="v3",
    secret="SECRET-0001",
    token=None,
    max_retries=3,
    timeout=2.0,
    validate_certs=True,
):
    host = "127.0.0.1:%d" % port
    return ConnectionSettings(
        credentials=Credentials("LTAItestkey", secret, token),
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
    nonces = iter("nonce-%04d" % i for i in range(10_000))
    return Client(
        settings_for(port, **kwargs), sleep=sleep or Recorder(), nonce=lambda: next(nonces), random=lambda: 1.0
    )


# An independent check of what arrived, written from the spec with hashlib alone.
def enc(text):
    return quote(text.encode("utf-8"), safe="-_.~")


def verify_v3(request, secret):
    headers = {k.lower(): v for k, v in request["headers"].items()}
    parts = urlsplit(request["path"])
    auth = headers["authorization"]
    signed_names = auth.split("SignedHeaders=")[1].split(",")[0].split(";")
    canonical_headers = "".join("%s:%s\n" % (n, headers[n].strip()) for n in signed_names)
    pairs = sorted(parse_qsl(parts.query, keep_blank_values=True))
    query = "&".join("%s=%s" % (enc(k), enc(v)) for k, v in pairs)
    canonical = "\n".join(
        [
            "POST",
            parts.path,
            query,
            canonical_headers,
            ";".join(signed_names),
            hashlib.sha256(request["body"]).hexdigest(),
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    expected = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return auth.endswith("Signature=" + expected), signed_names, dict(pairs)


def verify_v1(request, secret):
    params = dict(parse_qsl(request["body"].decode("ascii"), keep_blank_values=True))
    signature = params.pop("Signature")
    query = "&".join("%s=%s" % (enc(k), enc(v)) for k, v in sorted(params.items()))
    to_sign = "POST&%2F&" + enc(query)
    expected = base64.b64encode(hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest())
    return expected.decode() == signature, params


TRICKY = {"InstanceId": "ccc-demo", "NumberList": '["0571 1/+", "中文,[x]"]', "SearchPattern": "a b+c/d"}


@pytest.mark.parametrize("token", [None, "STS-TOKEN-1"])
def test_v3_request_is_a_signed_post_to_root_with_params_in_the_query(server, token):
    client = make_client(server.port, token=token)
    assert client.call("ListPhoneNumbers", TRICKY, write=False) == OK
    (request,) = server.requests
    valid, signed, received = verify_v3(request, "SECRET-0001")
    assert valid
    assert received == TRICKY
    assert request["body"] == b""
    assert urlsplit(request["path"]).path == "/"
    assert request["headers"]["x-acs-action"] == "ListPhoneNumbers"
    assert request["headers"]["x-acs-version"] == "2020-07-01"
    assert request["headers"]["User-Agent"] == USER_AGENT
    assert ("x-acs-security-token" in signed) == bool(token)
    assert request["headers"].get("x-acs-security-token") == token


@pytest.mark.parametrize("token", [None, "STS-TOKEN-1"])
def test_v1_request_carries_everything_in_a_signed_form_body(server, token):
    client = make_client(server.port, version="v1", token=token)
    client.call("AddPhoneNumbers", TRICKY, write=True)
    (request,) = server.requests
    valid, params = verify_v1(request, "SECRET-0001")
    assert valid
    assert request["path"] == "/"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert {k: params[k] for k in TRICKY} == TRICKY
    assert params["Action"] == "AddPhoneNumbers" and params["Format"] == "JSON"
    assert params.get("SecurityToken") == token


def test_calls_share_one_keep_alive_connection(server):
    client = make_client(server.port)
    for _attempt in range(3):
        client.call("ListPhoneNumbers", {"InstanceId": "i"}, write=False)
    assert len({r["peer"] for r in server.requests}) == 1
    assert client.calls == 3 and client.retries == 0


def test_retry_on_throttling_backs_off_exponentially(server):
    server.script = [THROTTLED, THROTTLED, reply()]
    sleep = Recorder()
    client = make_client(server.port, sleep=sleep)
    assert client.call("ListPhoneNumbers", {"InstanceId": "i"}, write=False) == OK
    assert sleep.delays == pytest.approx([0.2, 0.4])
    assert (client.calls, client.retries, len(server.requests)) == (3, 2, 3)


def test_retry_honours_retry_after(server):
    server.script = [error_reply("Throttling.User", 400, headers={"x-acs-retry-after": "1500"}), reply()]
    sleep = Recorder()
    make_client(server.port, sleep=sleep).call("ListPhoneNumbers", {}, write=False)
    assert sleep.delays == [1.5]


def test_retry_after_is_capped(server):
    server.script = [error_reply("Throttling.Api", 400, headers={"x-acs-retry-after": "600000"}), reply()]
    sleep = Recorder()
    make_client(server.port, sleep=sleep).call("ListPhoneNumbers", {}, write=False)
    assert sleep.delays == [10.0]


def test_every_attempt_is_signed_afresh(server):
    server.script = [THROTTLED, THROTTLED, reply()]
    ticks = iter(dt.datetime(2026, 1, 1, 0, 0, s, tzinfo=dt.UTC) for s in range(60))
    client = Client(settings_for(server.port), sleep=Recorder(), clock=lambda: next(ticks))
    client.call("ListPhoneNumbers", {"InstanceId": "i"}, write=False)
    nonces = [r["headers"]["x-acs-signature-nonce"] for r in server.requests]
    dates = [r["headers"]["x-acs-date"] for r in server.requests]
    assert len(set(nonces)) == 3
    assert dates == ["2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "2026-01-01T00:00:02Z"]
    assert all(verify_v3(r, "SECRET-0001")[0] for r in server.requests)


def test_throttling_that_outlasts_the_retries_is_reported(server):
    server.script = [THROTTLED] * 5
    client = make_client(server.port, max_retries=2)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", {}, write=False)
    assert info.value.code == "Throttling.User"
    assert "gave up after 3 attempts" in info.value.message
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    "first",
    [
        THROTTLED,
        error_reply("ServiceUnavailable", 503),
    ],
)
def test_write_is_retried_when_the_server_says_it_was_not_applied(server, first):
    server.script = [first, reply()]
    client = make_client(server.port)
    assert client.call("AddPhoneNumbers", {"InstanceId": "i"}, write=True) == OK
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "first, code",
    [
        (reply(close=True), "ConnectionError"),
        (reply(delay=0.6), "ReadTimeout"),
        (error_reply("InternalError", 500), "InternalError"),
        (HTML_502, "InvalidResponse"),
        (reply(200, raw=b"<html>ok?</html>"), "InvalidResponse"),
    ],
)
def test_write_with_a_lost_or_doubtful_reply_is_never_resent(server, first, code):
    server.script = [first, reply()]
    client = make_client(server.port, timeout=0.3)
    with pytest.raises(CCCWriteOutcomeUnknown) as info:
        client.call("AddPhoneNumbers", {"InstanceId": "i"}, write=True)
    time.sleep(0.4 if first["delay"] else 0)
    assert info.value.code == code
    assert "not sent again" in info.value.message
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "first",
    [
        reply(close=True),
        reply(delay=0.6),
        error_reply("InternalError", 500),
        HTML_502,
        error_reply("Weird.Gateway", 504),
    ],
)
def test_read_with_a_lost_or_failed_reply_is_asked_again(server, first):
    server.script = [first, reply()]
    client = make_client(server.port, timeout=0.3)
    assert client.call("ListPhoneNumbers", {"InstanceId": "i"}, write=False) == OK
    assert len(server.requests) == 2


def test_non_json_reply_is_reported_with_its_http_status(server):
    server.script = [HTML_502] * 3
    client = make_client(server.port, max_retries=2)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", {}, write=False)
    assert (info.value.code, info.value.http_status) == ("InvalidResponse", 502)
    assert "HTTP 502" in info.value.message and "<html>" not in info.value.message


@pytest.mark.parametrize(
    "step, expected",
    [
        (
            error_reply("NotExists.InstanceId", 404, "The instance %s does not exist.", "req-404", params=["ccc-x"]),
            ("NotExists.InstanceId", "The instance ccc-x does not exist.", "req-404", 404),
        ),
        (
            error_reply("Parameter.Enumeration", 400, "Usage must be one of Inbound", "req-400"),
            ("Parameter.Enumeration", "Usage must be one of Inbound", "req-400", 400),
        ),
        (error_reply("Forbidden.RAM", 403, "not allowed", "req-403"), ("Forbidden.RAM", "not allowed", "req-403", 403)),
        (
            reply(
                400,
                {
                    "RequestId": "gw-1",
                    "HostId": "ccc.aliyuncs.com",
                    "Code": "SignatureDoesNotMatch",
                    "Message": "Specified signature is not matched",
                    "Recommend": "https://example",
                },
            ),
            ("SignatureDoesNotMatch", "Specified signature is not matched", "gw-1", 400),
        ),
        (
            reply(200, {"RequestId": "req-200", "Code": "Parameter.Invalid", "Message": "bad", "HttpStatusCode": 400}),
            ("Parameter.Invalid", "bad", "req-200", 400),
        ),
        (reply(404, {"Message": "missing"}, headers={"x-acs-request-id": "hdr-1"}), (None, "missing", "hdr-1", 404)),
    ],
)
def test_json_error_replies_map_to_typed_errors_without_retry(server, step, expected):
    server.script = [step, reply()]
    client = make_client(server.port)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", {}, write=False)
    err = info.value
    assert not isinstance(err, CCCWriteOutcomeUnknown)
    assert (err.code, err.message, err.request_id, err.http_status) == expected
    assert len(server.requests) == 1


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("write", [False, True])
def test_refused_connection_is_retried_then_reported(write):
    sleep = Recorder()
    client = make_client(free_port(), sleep=sleep, max_retries=2)
    with pytest.raises(CCCError) as info:
        client.call("AddPhoneNumbers", {}, write=write)
    assert not isinstance(info.value, CCCWriteOutcomeUnknown)
    assert info.value.code == "ConnectionError"
    assert "could not connect to 127.0.0.1:" in info.value.message
    assert len(sleep.delays) == 2 and client.calls == 3


def write_self_signed_certificate(folder):
    """cert.pem/key.pem for 127.0.0.1; with `cryptography` when installed, else the openssl tool
    (ansible-test's unit venv has only tests/unit/requirements.txt)."""
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(key_path),
                "-out",
                str(cert_path),
            ],
            check=True,
            capture_output=True,
        )
        return
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    write_self_signed_certificate(folder)
    return folder


@pytest.fixture
def tls_server(tls_files):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(tls_files / "cert.pem"), str(tls_files / "key.pem"))
    fake = FakeCCC(tls_context=context)
    yield fake
    fake.stop()


def test_untrusted_certificate_is_a_clear_error_that_mentions_validate_certs(tls_server, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    client = make_client(tls_server.port, scheme="https")
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", {}, write=False)
    assert info.value.code == "TLSError"
    assert "validate_certs" in info.value.message and "REQUESTS_CA_BUNDLE" in info.value.message
    assert client.calls == 1


def test_validate_certs_false_connects_without_insecure_warnings(tls_server):
    # Default filters, as in a module run: urllib3 would show its warning once per location.
    with warnings.catch_warnings(record=True) as caught:
        client = make_client(tls_server.port, scheme="https", validate_certs=False)
        assert client.call("ListPhoneNumbers", {}, write=False) == OK
    assert not [w for w in caught if "Unverified HTTPS" in str(w.message)]


def test_requests_ca_bundle_is_honoured(tls_server, tls_files, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls_files / "cert.pem"))
    client = make_client(tls_server.port, scheme="https")
    assert client.call("ListPhoneNumbers", {}, write=False) == OK


# ---- canary: no secret, token or signature in anything the client can emit ----

CANARY_SECRET = "CANARYsecret+/=0001"
CANARY_TOKEN = "CANARYtoken+/=0002"


def canary_forms():
    forms = {CANARY_SECRET, CANARY_TOKEN}
    forms |= {enc(f) for f in list(forms)}
    forms |= {enc(f) for f in list(forms)}
    return forms


FAILURE_PATHS = [
    ("throttled", [THROTTLED] * 3, False),
    ("internal-write", [error_reply("InternalError", 500)], True),
    ("lost-write", [reply(close=True)], True),
    ("lost-read", [reply(close=True)] * 3, False),
    ("timeout-write", [reply(delay=0.6)], True),
    ("html", [HTML_502] * 3, False),
    ("bad-json-200", [reply(200, raw=b"{not json")], False),
    (
        "echoing-gateway",
        [
            error_reply(
                "SignatureDoesNotMatch",
                400,
                "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&"
                + enc("AccessKeyId=LTAItestkey&SecurityToken=" + enc(CANARY_TOKEN)),
            )
        ],
        False,
    ),
    (
        "echoing-raw",
        [error_reply("InvalidSecurityToken.Malformed", 400, "token %s secret %s" % (CANARY_TOKEN, CANARY_SECRET))],
        False,
    ),
]


@pytest.mark.parametrize("version", ["v3", "v1"])
def test_canary_secret_and_token_never_leave_the_client(server, caplog, version):
    caplog.set_level(logging.DEBUG)
    emitted = []
    signatures = []
    for _name, script, write in FAILURE_PATHS:
        server.script = list(script)
        client = make_client(
            server.port, version=version, secret=CANARY_SECRET, token=CANARY_TOKEN, max_retries=2, timeout=0.3
        )
        with pytest.raises(CCCError) as info:
            client.call("AddPhoneNumbers", {"InstanceId": "i"}, write=write)
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
    refused = make_client(free_port(), version=version, secret=CANARY_SECRET, token=CANARY_TOKEN, max_retries=1)
    with pytest.raises(CCCError) as info:
        refused.call("ListPhoneNumbers", {}, write=False)
    emitted += [str(info.value), repr(info.value.args)]
    time.sleep(0.4)
    for request in server.requests:
        if version == "v1":
            signatures.append(dict(parse_qsl(request["body"].decode()))["Signature"])
        else:
            signatures.append(request["headers"]["Authorization"].rsplit("Signature=", 1)[1])
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


def test_each_request_is_signed_with_the_key_current_at_that_moment_and_every_key_is_scrubbed(server):
    client = make_client(server.port)
    client.settings = client.settings._replace(credentials=Rotating())
    server.script = [reply(), error_reply("Forbidden", 403, "echo RotSecret-2 and RotToken-2")]
    client.call("ListPhoneNumbers", {"InstanceId": "i"}, write=False)
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", {"InstanceId": "i"}, write=False)
    sent = [r["headers"]["Authorization"].split("Credential=")[1].split(",")[0] for r in server.requests]
    assert sent == ["STS.Key1", "STS.Key2"]
    assert [r["headers"]["x-acs-security-token"] for r in server.requests] == ["RotToken-1", "RotToken-2"]
    assert "RotSecret-2" not in info.value.message and "RotToken-2" not in info.value.message
    assert {"RotSecret-1", "RotToken-1", "RotSecret-2", "RotToken-2"} <= set(client.masked_values)


def test_credential_http_names_the_host_only_when_it_cannot_connect():
    from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import CredentialHttp

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CCCError) as info:
        CredentialHttp().request("GET", "http://127.0.0.1:%d/creds?token=URI-SECRET" % port, timeout=(1.0, 1.0))
    assert info.value.code in ("ConnectionError", "ConnectTimeout")
    assert "127.0.0.1:%d" % port in info.value.message and "URI-SECRET" not in info.value.message


def test_credential_http_returns_status_and_body(server):
    from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import CredentialHttp

    server.script = [error_reply("EntityNotExist.Role", 404, request_id="REQ-1")]
    answer = CredentialHttp().request("POST", "http://127.0.0.1:%d/" % server.port, form={"Action": "AssumeRole"})
    assert answer.status == 404 and json.loads(answer.body)["RequestId"] == "REQ-1"
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


def expired_reply():
    return error_reply("InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired.")


def signed_by(request):
    return request["headers"]["Authorization"].split("Credential=")[1].split(",")[0]


@pytest.mark.parametrize("write", [False, True])
def test_an_expired_token_reply_fetches_a_new_key_and_sends_the_call_again_once(server, write):
    issuer = Issuer()
    client = make_client(server.port)
    client.settings = client.settings._replace(credentials=RefreshingCredentials(issuer, "test"))
    server.script = [expired_reply(), reply()]
    client.call("AddPhoneNumbers" if write else "ListPhoneNumbers", {"InstanceId": "i"}, write=write)
    assert issuer.fetches == 2 and [signed_by(r) for r in server.requests] == ["STS.Key1", "STS.Key2"]


def test_a_key_refused_twice_is_not_renewed_again(server):
    issuer = Issuer()
    client = make_client(server.port)
    client.settings = client.settings._replace(credentials=RefreshingCredentials(issuer, "test"))
    server.script = [expired_reply(), expired_reply()]
    with pytest.raises(CCCError) as info:
        client.call("ListPhoneNumbers", {"InstanceId": "i"}, write=False)
    assert info.value.code == "InvalidSecurityToken.Expired"
    assert issuer.fetches == 2 and len(server.requests) == 2


def test_a_fixed_sts_token_that_expired_fails_saying_it_must_be_renewed(server):
    client = make_client(server.port, token="FIXED-TOKEN")
    server.script = [expired_reply()]
    with pytest.raises(CCCError) as info:
        client.call("AddPhoneNumbers", {"InstanceId": "i"}, write=True)
    assert info.value.code == "InvalidSecurityToken.Expired" and len(server.requests) == 1
    assert "cannot be fetched again here: renew it" in info.value.message
