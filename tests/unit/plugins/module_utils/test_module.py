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
