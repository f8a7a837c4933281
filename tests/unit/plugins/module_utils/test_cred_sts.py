# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import Credentials
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_sts import (
    assume_role,
    assume_role_with_oidc,
    make_role,
    sts_endpoint,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets
from ansible_collections.alibabacloud.ccc.plugins.module_utils._signing import v1_steps
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import (
    NOW,
    reply,
    temporary_body,
)

STS = "https://sts.aliyuncs.com"
ROLE = make_role("acs:ram::123:role/ccc-admin", session_name="ansible-test", policy='{"Statement": []}')
BASE = Credentials("LTAIbase", "BaseSecret", None)


@pytest.mark.parametrize(
    "option, env, region, vpc, expected",
    [
        (None, {}, None, False, "https://sts.aliyuncs.com"),
        ("sts.example.test", {"ALIBABA_CLOUD_STS_ENDPOINT": "x.test"}, None, False, "https://sts.example.test"),
        ("http://127.0.0.1:9", {}, "cn-beijing", True, "http://127.0.0.1:9"),
        (
            None,
            {"ALIBABA_CLOUD_STS_ENDPOINT": "https://sts.cn-shanghai.aliyuncs.com"},
            None,
            False,
            "https://sts.cn-shanghai.aliyuncs.com",
        ),
        # a profile's sts_region wins over ALIBABA_CLOUD_STS_REGION, as in the official library
        (
            None,
            {"ALIBABA_CLOUD_STS_REGION": "cn-hangzhou"},
            "cn-beijing",
            None,
            "https://sts.cn-beijing.aliyuncs.com",
        ),
        (None, {"ALIBABA_CLOUD_STS_REGION": "cn-hangzhou"}, None, None, "https://sts.cn-hangzhou.aliyuncs.com"),
        (None, {}, "cn-beijing", None, "https://sts.cn-beijing.aliyuncs.com"),
        (
            None,
            {"ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED": "true"},
            "cn-beijing",
            None,
            "https://sts-vpc.cn-beijing.aliyuncs.com",
        ),
        # a profile's enable_vpc, when it has one, decides over the variable
        (
            None,
            {"ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED": "true"},
            "cn-beijing",
            False,
            "https://sts.cn-beijing.aliyuncs.com",
        ),
        (None, {}, "cn-beijing", True, "https://sts-vpc.cn-beijing.aliyuncs.com"),
        (None, {"ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED": "true"}, None, None, "https://sts.aliyuncs.com"),
    ],
)
def test_sts_endpoint_precedence(option, env, region, vpc, expected):
    assert sts_endpoint(option, env, region=region, vpc=vpc) == expected


@pytest.mark.parametrize(
    "option, profile_endpoint, env, expected",
    [
        # a profile's sts_endpoint (aliyun configure --sts-endpoint) wins over the variable, as in the CLI
        (
            None,
            "sts.cn-shenzhen.aliyuncs.com",
            {"ALIBABA_CLOUD_STS_ENDPOINT": "x.test"},
            "https://sts.cn-shenzhen.aliyuncs.com",
        ),
        (None, "http://127.0.0.1:9", {"ALIBABA_CLOUD_STS_REGION": "cn-hangzhou"}, "http://127.0.0.1:9"),
        # the option wins over everything, like a flag of the CLI
        ("http://127.0.0.1:8", "sts.cn-shenzhen.aliyuncs.com", {}, "http://127.0.0.1:8"),
    ],
)
def test_a_profiles_sts_endpoint_is_used(option, profile_endpoint, env, expected):
    assert sts_endpoint(option, env, region="cn-beijing", endpoint=profile_endpoint) == expected


@pytest.mark.parametrize("value", ["ftp://sts.test", "https://sts.test/path", "not a host"])
def test_a_bad_sts_endpoint_is_refused_naming_the_option(value):
    with pytest.raises(CCCError) as info:
        sts_endpoint(value, {})
    assert info.value.code == "InvalidOption" and "sts_endpoint" in info.value.message


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"role_arn": ""}, ["role_arn"]),
        ({"role_arn": "arn", "session_name": "x"}, ["session_name", "2 to 64"]),
        ({"role_arn": "arn", "session_name": "has space"}, ["session_name"]),
        ({"role_arn": "arn", "duration_seconds": 899}, ["900", "43200"]),
        ({"role_arn": "arn", "duration_seconds": 43201}, ["900", "43200"]),
    ],
)
def test_bad_assume_role_input_is_refused_before_any_request(kwargs, words):
    with pytest.raises(CCCError) as info:
        make_role(**kwargs)
    assert info.value.code == "InvalidOption"
    for word in words:
        assert word in info.value.message


def test_the_default_session_name_is_ansible_ccc_and_a_timestamp():
    name = make_role("arn").session_name
    assert name.startswith("ansible-ccc-") and name[len("ansible-ccc-") :].isdigit()


@pytest.mark.parametrize("base", [BASE, Credentials("STS.base", "BaseStsSecret", "BaseStsToken")])
def test_assume_role_is_signed_v1_with_the_base_key_and_its_token(http, base):
    def sts(form, headers):
        assert form["Action"] == "AssumeRole" and form["Version"] == "2015-04-01"
        assert form["AccessKeyId"] == base.access_key_id
        assert form.get("SecurityToken") == base.security_token
        assert form["RoleArn"] == ROLE.role_arn and form["RoleSessionName"] == "ansible-test"
        assert form["DurationSeconds"] == "3600" and form["Policy"] == '{"Statement": []}'
        unsigned = {k: v for k, v in form.items() if k != "Signature"}
        assert v1_steps(access_key_secret=base.access_key_secret, params=unsigned).signature == form["Signature"]
        return reply(200, {"RequestId": "R1", "Credentials": temporary_body()})

    http.on("POST", STS + "/", sts)
    temporary = assume_role(http, STS, base, ROLE, clock=lambda: NOW, nonce=lambda: "n1")
    assert temporary.credentials == Credentials("STS.Temp1", "TempSecret1", "TempToken1")
    assert http.calls[0]["timeout"] == (5.0, 10.0)


def test_assume_role_with_oidc_is_not_signed_and_carries_the_token(http):
    def sts(form, headers):
        assert form["Action"] == "AssumeRoleWithOIDC" and form["OIDCToken"] == "oidc-token"
        assert form["OIDCProviderArn"] == "acs:ram::123:oidc-provider/ack"
        assert "Signature" not in form and "AccessKeyId" not in form
        return reply(200, {"RequestId": "R2", "Credentials": temporary_body(), "OIDCTokenInfo": {}})

    http.on("POST", STS + "/", sts)
    temporary = assume_role_with_oidc(http, STS, ROLE, "acs:ram::123:oidc-provider/ack", "oidc-token")
    assert temporary.credentials.access_key_id == "STS.Temp1"


@pytest.mark.parametrize(
    "status, code",
    [
        (404, "EntityNotExist.Role"),
        (403, "NoPermission"),
        (400, "AuthenticationFail.OIDCToken.Invalid"),
        (400, "Throttling.User"),
    ],
)
def test_sts_errors_reach_the_user_with_code_and_request_id(http, status, code):
    body = {"RequestId": "REQ-%s" % code, "HostId": "sts.aliyuncs.com", "Code": code, "Message": "it said no"}
    http.on("POST", STS + "/", reply(status, body))
    with pytest.raises(CCCError) as info:
        assume_role(http, STS, BASE, ROLE)
    assert (info.value.code, info.value.request_id, info.value.http_status) == (code, "REQ-%s" % code, status)
    assert "it said no" in info.value.message and "AssumeRole" in info.value.message


def test_an_sts_message_echoing_a_secret_is_scrubbed(http):
    secrets = Secrets()
    secrets.add("BaseSecret", ROLE.policy)
    body = {"RequestId": "R", "Code": "InvalidParameter", "Message": "bad Policy %s" % ROLE.policy}
    http.on("POST", STS + "/", reply(400, body))
    with pytest.raises(CCCError) as info:
        assume_role(http, STS, BASE, ROLE, secrets=secrets)
    assert ROLE.policy not in info.value.message and "********" in info.value.message


def test_a_reply_without_credentials_is_an_error_not_a_crash(http):
    http.on("POST", STS + "/", reply(200, text="<html>gateway</html>"))
    with pytest.raises(CCCError) as info:
        assume_role(http, STS, BASE, ROLE)
    assert info.value.code == "STSError" and info.value.http_status == 200
