# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import contextlib
import json

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils import _module
from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import Client
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._module import CCCModule
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import patch_module_args

SPEC = {"instance_id": {"type": "str", "required": True}}
KEYS = {"access_key_id": "ID", "access_key_secret": "OPTSECRET-1", "instance_id": "ccc-demo"}


_ACTIVE_ARGS = []


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in (
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
        "ALICLOUD_ACCESS_KEY",
        "ALICLOUD_SECRET_KEY",
        "ALICLOUD_SECURITY_TOKEN",
        "ALIBABA_CLOUD_PROFILE",
        "ALICLOUD_PROFILE",
        "ALIBABA_CLOUD_REGION_ID",
        "ALICLOUD_REGION",
        "ALICLOUD_SHARED_CREDENTIALS_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    # fail_json needs the module-args patch still active when it runs, so it spans the whole test.
    with contextlib.ExitStack() as stack:
        _ACTIVE_ARGS.append(stack)
        yield
        _ACTIVE_ARGS.pop()


def build(args, **kwargs):
    _ACTIVE_ARGS[-1].enter_context(patch_module_args(args))
    return CCCModule(dict(SPEC), **kwargs)


def failure(capsys, action) -> dict:
    with pytest.raises(SystemExit) as info:
        action()
    assert info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True
    return result


def test_module_has_its_own_and_the_connection_options():
    ccc = build(KEYS, supports_check_mode=True)
    assert ccc.params["instance_id"] == "ccc-demo"
    assert ccc.params["signature_version"] == "v3" and ccc.params["max_retries"] == 5
    assert ccc.module.supports_check_mode


def test_module_options_may_not_shadow_connection_options():
    with pytest.raises(ValueError, match="region"), patch_module_args(KEYS):
        CCCModule({"region": {"type": "str"}})


def test_ansible_module_keywords_pass_through(capsys):
    result = failure(capsys, lambda: build(dict(KEYS, profile="x"), mutually_exclusive=[["profile", "access_key_id"]]))
    assert "mutually exclusive" in result["msg"]


def test_missing_requests_library_fails_with_ansibles_message(capsys, monkeypatch):
    monkeypatch.setattr(_module, "HAS_REQUESTS", False)
    result = failure(capsys, lambda: build(KEYS))
    assert "requests" in result["msg"] and "Failed to import" in result["msg"]


def test_client_is_built_once_from_the_options():
    ccc = build(dict(KEYS, region="cn-beijing"))
    client = ccc.client()
    assert isinstance(client, Client) and ccc.client() is client
    assert client.settings.host == "ccc.aliyuncs.com"


def test_client_uses_environment_credentials(monkeypatch):
    monkeypatch.setenv("ALICLOUD_ACCESS_KEY", "ENVID")
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", "ENVSECRET")
    ccc = build({"instance_id": "i"})
    assert ccc.client().settings.credentials.access_key_id == "ENVID"


@pytest.mark.parametrize(
    "args, code",
    [
        (dict(KEYS, endpoint="ftp://x"), "InvalidOption"),
        (dict(KEYS, timeout=0), "InvalidOption"),
        ({"instance_id": "i"}, "CredentialsNotFound"),
        ({"instance_id": "i", "access_key_id": "only-id"}, "IncompleteCredentials"),
    ],
)
def test_connection_problems_fail_through_the_door(capsys, args, code):
    ccc = build(args)
    result = failure(capsys, ccc.client)
    assert result["error"]["code"] == code
    assert result["msg"].startswith(code + ": ")


def test_fail_reports_every_error_field(capsys):
    ccc = build(KEYS)
    err = CCCError("NotExists.InstanceId", "The instance ccc-x does not exist.", "req-1", 404)
    result = failure(capsys, lambda: ccc.fail(err, changed=False, numbers=["1"]))
    assert result["msg"] == "NotExists.InstanceId: The instance ccc-x does not exist. (request id req-1)"
    assert result["error"] == {
        "code": "NotExists.InstanceId",
        "message": "The instance ccc-x does not exist.",
        "request_id": "req-1",
        "http_status": 404,
    }
    assert result["changed"] is False and result["numbers"] == ["1"]


SECRET_ADVICE = "Check the AccessKey secret: it does not belong to the AccessKey ID"
TOKEN_ADVICE = (
    "Check the STS token: the AccessKey ID, secret and token must come from the same STS answer, and it must not "
    "have expired."
)


@pytest.mark.parametrize(
    "code, advice",
    [
        ("SignatureDoesNotMatch", SECRET_ADVICE + ", or something between here and the API changed the request."),
        ("IncompleteSignature", SECRET_ADVICE + "."),
        ("InvalidAccessKeyId.NotFound", "Check the AccessKey ID: the API knows no such key."),
        ("InvalidAccessKeyId.Inactive", "The AccessKey is disabled: enable it in the RAM console, or use another."),
        ("InvalidSecurityToken.Expired", TOKEN_ADVICE),
        ("InvalidSecurityToken.Mismatch", TOKEN_ADVICE),
    ],
)
def test_a_refused_credential_says_what_to_check_and_where_the_credentials_came_from(capsys, code, advice):
    ccc = build(KEYS)
    ccc.client()
    result = failure(capsys, lambda: ccc.fail(CCCError(code, "Refused.", "req-1", 400)))
    assert result["msg"] == "%s: Refused. %s The credentials came from module options. (request id req-1)" % (
        code,
        advice,
    )
    assert result["error"]["message"] == "Refused.", "error.message stays the API's own"


def test_the_source_is_left_out_when_the_credentials_were_never_resolved(capsys):
    result = failure(capsys, lambda: build(KEYS).fail(CCCError("SignatureDoesNotMatch", "Refused")))
    assert result["msg"] == (
        "SignatureDoesNotMatch: Refused. %s, or something between here and the API changed the request." % SECRET_ADVICE
    )


@pytest.mark.parametrize("code", ["Forbidden.RAM", "InvalidSecurityTokenX", "SignatureNonceUsed", None])
def test_other_errors_get_no_credential_advice(capsys, code):
    ccc = build(KEYS)
    ccc.client()
    result = failure(capsys, lambda: ccc.fail(CCCError(code, "Refused.")))
    assert result["msg"] == ("%s: Refused." % code if code else "Refused.")


def test_fail_with_a_message_and_a_context_prefix(capsys):
    ccc = build(KEYS)
    result = failure(capsys, lambda: ccc.fail("number 123 is not valid", msg="checking numbers"))
    assert result["msg"] == "checking numbers: number 123 is not valid"
    assert result["error"] == {
        "code": None,
        "message": "number 123 is not valid",
        "request_id": None,
        "http_status": None,
    }


def test_fail_keeps_the_write_outcome_unknown_error_shape(capsys):
    ccc = build(KEYS)
    err = CCCWriteOutcomeUnknown("ReadTimeout", "no reply; not sent again")
    result = failure(capsys, lambda: ccc.fail(err))
    assert result["error"]["code"] == "ReadTimeout" and "not sent again" in result["msg"]


@pytest.mark.parametrize("source", ["options", "environment"])
def test_fail_scrubs_the_secret_and_token_wherever_they_came_from(capsys, monkeypatch, source):
    if source == "options":
        args = dict(KEYS, access_key_secret="CANARY-SECRET", security_token="CANARY-TOKEN")
    else:
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "ID")
        monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "CANARY-SECRET")
        monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "CANARY-TOKEN")
        args = {"instance_id": "i"}
    ccc = build(args)
    ccc.client()
    leak = "secret CANARY-SECRET token CANARY-TOKEN encoded CANARY-TOKEN%2B"
    result = failure(capsys, lambda: ccc.fail(CCCError("X", leak), detail=leak))
    text = json.dumps(result)
    assert "CANARY-SECRET" not in text and "CANARY-TOKEN" not in text
    assert "********" in result["msg"] and "********" in result["error"]["message"]


def test_the_no_credentials_path_honours_the_metadata_switch(capsys, monkeypatch):
    calls = []
    monkeypatch.setattr(_module, "CredentialHttp", lambda **kwargs: _Recording(calls))
    result = failure(capsys, build({"instance_id": "i"}).client)
    assert result["error"]["code"] == "CredentialsNotFound" and calls == []
    assert "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true" in result["msg"]


def test_the_metadata_override_is_the_only_address_asked(capsys, monkeypatch):
    calls = []
    monkeypatch.delenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED")
    monkeypatch.setenv("ALIBABACLOUD_CCC_METADATA_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setattr(_module, "CredentialHttp", lambda **kwargs: _Recording(calls))
    result = failure(capsys, build({"instance_id": "i"}).client)
    assert result["error"]["code"] == "CredentialsNotFound"
    # the token request, then the v1 read the official libraries fall back to
    assert calls == [
        "http://127.0.0.1:9/latest/api/token",
        "http://127.0.0.1:9/latest/meta-data/ram/security-credentials/",
    ]


class _Recording:
    """A credential transport that records each URL and answers as an address nobody listens on would."""

    def __init__(self, calls):
        self.calls = calls

    def request(self, method, url, **kwargs):
        self.calls.append(url)
        raise CCCError("ConnectionError", "could not connect to http://127.0.0.1:9")


def test_temporary_secrets_reach_no_log_values(monkeypatch):
    from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import (
        FakeHttp,
        reply,
        temporary_body,
    )

    fake = FakeHttp().on(
        "POST", "http://127.0.0.1:9/", reply(200, {"RequestId": "R", "Credentials": temporary_body(secret="TMP-S")})
    )
    monkeypatch.setattr(_module, "CredentialHttp", lambda **kwargs: fake)
    args = dict(KEYS, sts_endpoint="http://127.0.0.1:9", assume_role={"role_arn": "arn:r", "policy": "POLICY-X"})
    ccc = build(args)
    assert ccc.client().credentials().access_key_id == "STS.Temp1"
    assert {"TMP-S", "TempToken1", "POLICY-X", "OPTSECRET-1"} <= ccc.module.no_log_values


def test_a_dictionary_policy_is_hidden_whole_not_leaf_by_leaf():
    policy = {"Version": "1", "Statement": [{"Effect": "Allow", "Resource": "*"}]}
    ccc = build(dict(KEYS, assume_role={"role_arn": "arn:r", "policy": policy}))
    text = ccc.params["assume_role"]["policy"]
    assert json.loads(text) == policy and text in ccc.module.no_log_values
    assert not {"1", "Allow", "*"} & ccc.module.no_log_values
