# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's STS, metadata service and credentials URI: who gets temporary keys, and that the CCC side
then accepts those keys only with their token and only until they expire."""

from __future__ import annotations

import time

import pytest
from acs_signer import KEY, STS, Prepared, sign_v1, utc_now

ROLE = "acs:ram::1234567890123456:role/ccc-operator"
GUARDED = "acs:ram::1234567890123456:role/ccc-guarded"
PROVIDER = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-emulator"
OIDC_TOKEN = "EmulatorOidcToken0001"
LIST = {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "10"}


@pytest.fixture
def ident(api):
    assert api.control("POST", "/_emulator/identity", {}).status == 200
    yield api
    api.control("POST", "/_emulator/identity", {})


def assume(api, credentials=KEY, *, method="POST", in_body=True, **params):
    params = {"RoleArn": ROLE, "RoleSessionName": "emulator-test", **params}
    return api.send(sign_v1("AssumeRole", params, credentials, method=method, in_body=in_body, version="2015-04-01"))


def oidc(api, **params):
    form = {
        "Action": "AssumeRoleWithOIDC",
        "Version": "2015-04-01",
        "Format": "JSON",
        "Timestamp": utc_now(),
        "RoleArn": ROLE,
        "RoleSessionName": "emulator-oidc",
        "OIDCProviderArn": PROVIDER,
        "OIDCToken": OIDC_TOKEN,
        **params,
    }
    from urllib.parse import urlencode

    body = urlencode(form).encode()
    return api.send(Prepared("POST", "/", {"content-type": "application/x-www-form-urlencoded"}, body, "", form))


def triple(credentials: dict):
    return credentials["AccessKeyId"], credentials["AccessKeySecret"], credentials["SecurityToken"]


@pytest.mark.parametrize("base", [KEY, STS], ids=["access-key", "sts-base"])
@pytest.mark.parametrize("method, in_body", [("POST", True), ("GET", False)], ids=["post-form", "get-query"])
def test_assume_role_gives_a_key_the_ccc_side_accepts_only_with_its_token(ident, base, method, in_body):
    reply = assume(ident, base, method=method, in_body=in_body)
    assert reply.status == 200, reply.body
    creds = reply.json()["Credentials"]
    assert creds["AccessKeyId"].startswith("STS.") and creds["Expiration"].endswith("Z")
    assert reply.json()["RequestId"]
    assert ident.v3("ListPhoneNumbers", LIST, triple(creds)).status == 200
    key_id, secret, _token = triple(creds)
    refused = ident.v3("ListPhoneNumbers", LIST, (key_id, secret, None))
    assert refused.code == "InvalidSecurityToken.Mismatch"
    described = ident.control("GET", "/_emulator/identity").json()
    assert described["ccc_calls_by_key"] == {key_id: 1}
    assert creds["AccessKeySecret"] not in ident.control("GET", "/_emulator/identity").body.decode()


@pytest.mark.parametrize(
    "credentials, params, status, code",
    [
        ((KEY[0], "wrong-secret", None), {}, 400, "SignatureDoesNotMatch"),
        (("LTAIUnknown", "x", None), {}, 404, "InvalidAccessKeyId.NotFound"),
        (KEY, {"RoleArn": "acs:ram::1:role/none"}, 404, "EntityNotExist.Role"),
        (KEY, {"RoleSessionName": "x"}, 400, "InvalidParameter.RoleSessionName"),
        (KEY, {"DurationSeconds": "60"}, 400, "InvalidParameter.DurationSeconds"),
        (KEY, {"Policy": "{not json"}, 400, "InvalidParameter.PolicyGrammar"),
        (KEY, {"RoleArn": GUARDED}, 403, "NoPermission"),
        (KEY, {"RoleArn": GUARDED, "ExternalId": "other"}, 403, "NoPermission"),
    ],
)
def test_assume_role_refusals_carry_stss_code_and_a_request_id(ident, credentials, params, status, code):
    reply = assume(ident, credentials, **params)
    assert (reply.status, reply.code) == (status, code)
    assert reply.json()["RequestId"] and "Credentials" not in reply.json()


def test_the_right_external_id_opens_a_guarded_role(ident):
    assert assume(ident, RoleArn=GUARDED, ExternalId="emulator-external-id").status == 200


def test_denied_keys_get_no_permission(ident):
    ident.control("POST", "/_emulator/identity", {"denied_keys": [KEY[0]]})
    assert assume(ident).code == "NoPermission"


def test_sts_throttling_is_a_fault_rule_naming_the_action(ident):
    ident.control("POST", "/_emulator/faults", [{"action": "AssumeRole", "kind": "throttle", "count": 1}])
    assert assume(ident).code == "Throttling.User"
    assert assume(ident).status == 200


@pytest.mark.parametrize(
    "params, status, code",
    [
        ({}, 200, None),
        ({"OIDCToken": "forged"}, 400, "AuthenticationFail.OIDCToken.Invalid"),
        ({"OIDCProviderArn": "acs:ram::1:oidc-provider/other"}, 404, "EntityNotExist.OIDCProvider"),
        ({"RoleArn": "acs:ram::1:role/none"}, 404, "EntityNotExist.Role"),
    ],
)
def test_assume_role_with_oidc_checks_provider_token_and_role(ident, params, status, code):
    reply = oidc(ident, **params)
    assert reply.status == status
    if code:
        assert reply.code == code and OIDC_TOKEN not in reply.body.decode()
    else:
        assert ident.v1("ListPhoneNumbers", LIST, triple(reply.json()["Credentials"])).status == 200


def metadata(api, method, path, headers=None):
    return api.send(Prepared(method, path, headers or {}, b"", "", {}))


def token(api):
    reply = metadata(api, "PUT", "/latest/api/token", {"X-aliyun-ecs-metadata-token-ttl-seconds": "21600"})
    assert reply.status == 200
    return {"X-aliyun-ecs-metadata-token": reply.body.decode()}


@pytest.mark.parametrize("mode, v1_status", [("optional", 200), ("required", 401)])
def test_metadata_serves_v2_always_and_v1_unless_required(ident, mode, v1_status):
    ident.control("POST", "/_emulator/identity", {"metadata": {"imds": mode}})
    headers = token(ident)
    assert metadata(ident, "GET", "/latest/meta-data/ram/security-credentials/", headers).body == b"ccc-ecs-role"
    reply = metadata(ident, "GET", "/latest/meta-data/ram/security-credentials/ccc-ecs-role", headers)
    creds = reply.json()
    assert creds["Code"] == "Success" and ident.v3("ListPhoneNumbers", LIST, triple(creds)).status == 200
    assert metadata(ident, "GET", "/latest/meta-data/ram/security-credentials/", {}).status == v1_status


@pytest.mark.parametrize(
    "method, path, headers, status",
    [
        ("PUT", "/latest/api/token", {}, 400),
        ("GET", "/latest/meta-data/ram/security-credentials/", {"X-aliyun-ecs-metadata-token": "forged"}, 401),
        ("GET", "/latest/meta-data/ram/security-credentials/other-role", {}, 404),
    ],
)
def test_metadata_refuses_what_the_real_service_refuses(ident, method, path, headers, status):
    assert metadata(ident, method, path, headers).status == status


def test_metadata_v1_only_mode_has_no_token_and_no_role_mode_has_no_role(ident):
    ident.control("POST", "/_emulator/identity", {"metadata": {"imds": "v1-only"}})
    assert metadata(ident, "PUT", "/latest/api/token", {"X-aliyun-ecs-metadata-token-ttl-seconds": "60"}).status == 404
    ident.control("POST", "/_emulator/identity", {"metadata": {"role": None}})
    assert metadata(ident, "GET", "/latest/meta-data/ram/security-credentials/", {}).status == 404


def test_credentials_uri_hands_out_a_temporary_key(ident):
    creds = metadata(ident, "GET", "/credentials-uri").json()
    assert creds["Code"] == "Success" and ident.v3("ListPhoneNumbers", LIST, triple(creds)).status == 200


def test_temporary_keys_stop_working_when_they_expire(ident):
    ident.control("POST", "/_emulator/identity", {"lifetime_seconds": 1})
    creds = assume(ident).json()["Credentials"]
    assert ident.v3("ListPhoneNumbers", LIST, triple(creds)).status == 200
    time.sleep(1.2)
    assert ident.v3("ListPhoneNumbers", LIST, triple(creds)).code == "InvalidSecurityToken.Expired"


@pytest.mark.parametrize(
    "config", [{"lifetime_seconds": 0}, {"metadata": {"imds": "sometimes"}}, {"unknown": 1}, {"roles": []}]
)
def test_bad_identity_configuration_is_refused(ident, config):
    assert ident.control("POST", "/_emulator/identity", config).status == 400
