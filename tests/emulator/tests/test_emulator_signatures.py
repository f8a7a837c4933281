# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator accepts what the spec calls a valid signature and refuses everything else, as the gateway does."""

from __future__ import annotations

import hashlib

import pytest
from acs_signer import KEY, STS, Prepared, sign_v1, sign_v3, utc_now
from ccc_emulator.auth import v1_string_to_sign, v3_canonical_request

LIST = {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "10"}
WRONG_SECRET = (KEY[0], "not-the-secret", None)


# --- the published vectors, against the verifier's own steps ------------------------------------


def test_v3_canonical_request_matches_published_vector():
    headers = {
        "host": ["ecs.cn-shanghai.aliyuncs.com"],
        "x-acs-action": ["RunInstances"],
        "x-acs-version": ["2014-05-26"],
        "x-acs-date": ["2023-10-26T10:22:32Z"],
        "x-acs-signature-nonce": ["3156853299f313e23d1673dc12e1703d"],
        "x-acs-content-sha256": [hashlib.sha256(b"").hexdigest()],
    }
    canonical = v3_canonical_request(
        "POST",
        [("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), ("RegionId", "cn-shanghai")],
        headers,
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
        hashlib.sha256(b"").hexdigest(),
    )
    assert (
        hashlib.sha256(canonical.encode()).hexdigest()
        == "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    )


def test_v1_string_to_sign_matches_published_vector():
    params = {
        "Action": "DescribeRegions",
        "AccessKeyId": "testid",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert v1_string_to_sign("GET", list(params.items())) == (
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
        "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
        "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    )


# --- accepted -----------------------------------------------------------------------------------


@pytest.mark.parametrize("credentials", [KEY, STS], ids=["access-key", "sts"])
def test_v3_signed_request_is_accepted(api, credentials):
    reply = api.v3("ListPhoneNumbers", LIST, credentials)
    assert reply.status == 200, reply.body
    assert reply.json()["Code"] == "OK"


@pytest.mark.parametrize("credentials", [KEY, STS], ids=["access-key", "sts"])
@pytest.mark.parametrize(
    "method,in_body", [("GET", False), ("POST", False), ("POST", True)], ids=["get-query", "post-query", "post-form"]
)
def test_v1_signed_request_is_accepted(api, credentials, method, in_body):
    reply = api.v1("ListPhoneNumbers", LIST, credentials, method=method, in_body=in_body)
    assert reply.status == 200, reply.body
    assert reply.json()["Data"]["TotalCount"] == 4


def test_v3_accepts_parameters_in_a_form_body(api):
    reply = api.v3("ListPhoneNumbers", {}, body_params=LIST)
    assert reply.status == 200, reply.body
    assert reply.json()["Data"]["TotalCount"] == 4


def test_v3_accepts_values_needing_percent_encoding(api):
    reply = api.v3(
        "AddPhoneNumbers",
        {"InstanceId": "ccc-demo", "Usage": "Outbound", "NumberList": '["057100000050", "+86 0571 bad"]'},
    )
    assert reply.status == 200, reply.body
    assert reply.json()["Data"] == ["+86 0571 bad"]


# --- refused ------------------------------------------------------------------------------------


def _changed_parameter_v3(api):
    prepared = sign_v3(api.host, "ListPhoneNumbers", LIST)
    prepared.target = prepared.target.replace("PageSize=10", "PageSize=11")
    return prepared


def _changed_parameter_v1(api):
    prepared = sign_v1("ListPhoneNumbers", LIST)
    prepared.target = prepared.target.replace("PageSize=10", "PageSize=11")
    return prepared


def _changed_body_v3(api):
    prepared = sign_v3(api.host, "ListPhoneNumbers", {}, body_params=LIST)
    prepared.body = prepared.body.replace(b"PageSize=10", b"PageSize=11")
    return prepared


def _unsigned_acs_header(api):
    prepared = sign_v3(api.host, "ListPhoneNumbers", LIST)
    prepared.headers["x-acs-extra"] = "added after signing"
    return prepared


def _host_changed(api):
    prepared = sign_v3(api.host, "ListPhoneNumbers", LIST)
    prepared.headers["host"] = "ccc.cn-shanghai.aliyuncs.com"
    return prepared


def _malformed_authorization(api):
    prepared = sign_v3(api.host, "ListPhoneNumbers", LIST)
    prepared.headers["authorization"] = "ACS3-HMAC-SHA256 Credential=x"
    return prepared


def _other_algorithm(api):
    prepared = sign_v3(api.host, "ListPhoneNumbers", LIST)
    prepared.headers["authorization"] = prepared.headers["authorization"].replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")
    return prepared


def _unsigned_v1(api):
    prepared = sign_v1("ListPhoneNumbers", LIST)
    prepared.target = "&".join(p for p in prepared.target.split("&") if not p.startswith("Signature="))
    return prepared


def _no_auth_at_all(api):
    return Prepared("POST", "/?InstanceId=ccc-demo", {"x-acs-action": "ListPhoneNumbers"})


def _sts_without_token(api):
    return sign_v3(api.host, "ListPhoneNumbers", LIST, (STS[0], STS[1], None))


def _sts_wrong_token(api):
    return sign_v3(api.host, "ListPhoneNumbers", LIST, (STS[0], STS[1], "SomeOtherToken"))


def _token_with_permanent_key(api):
    return sign_v1("ListPhoneNumbers", LIST, (KEY[0], KEY[1], "SomeToken"))


REFUSALS = [
    (
        "v3-wrong-secret",
        lambda api: sign_v3(api.host, "ListPhoneNumbers", LIST, WRONG_SECRET),
        400,
        "SignatureDoesNotMatch",
    ),
    ("v1-wrong-secret", lambda api: sign_v1("ListPhoneNumbers", LIST, WRONG_SECRET), 400, "SignatureDoesNotMatch"),
    ("v3-changed-parameter", _changed_parameter_v3, 400, "SignatureDoesNotMatch"),
    ("v1-changed-parameter", _changed_parameter_v1, 400, "SignatureDoesNotMatch"),
    ("v3-changed-body", _changed_body_v3, 400, "SignatureDoesNotMatch"),
    ("v3-host-changed", _host_changed, 400, "SignatureDoesNotMatch"),
    (
        "v3-stale-timestamp",
        lambda api: sign_v3(api.host, "ListPhoneNumbers", LIST, date=utc_now(-16 * 60)),
        400,
        "InvalidTimeStamp.Expired",
    ),
    (
        "v3-future-timestamp",
        lambda api: sign_v3(api.host, "ListPhoneNumbers", LIST, date=utc_now(16 * 60)),
        400,
        "InvalidTimeStamp.Expired",
    ),
    (
        "v1-stale-timestamp",
        lambda api: sign_v1("ListPhoneNumbers", LIST, timestamp=utc_now(-16 * 60)),
        400,
        "InvalidTimeStamp.Expired",
    ),
    (
        "v1-bad-timestamp",
        lambda api: sign_v1("ListPhoneNumbers", LIST, timestamp="yesterday"),
        400,
        "InvalidTimeStamp.Format",
    ),
    (
        "v3-unknown-key",
        lambda api: sign_v3(api.host, "ListPhoneNumbers", LIST, ("LTAINobody", "x", None)),
        404,
        "InvalidAccessKeyId.NotFound",
    ),
    (
        "v1-unknown-key",
        lambda api: sign_v1("ListPhoneNumbers", LIST, ("LTAINobody", "x", None)),
        404,
        "InvalidAccessKeyId.NotFound",
    ),
    ("v3-unsigned-acs-header", _unsigned_acs_header, 400, "IncompleteSignature"),
    ("v3-malformed-authorization", _malformed_authorization, 400, "IncompleteSignature"),
    ("v3-other-algorithm", _other_algorithm, 400, "IncompleteSignature"),
    ("v1-no-signature", _unsigned_v1, 400, "MissingParameter"),
    ("no-authentication", _no_auth_at_all, 400, "MissingParameter"),
    ("v3-sts-without-token", _sts_without_token, 400, "InvalidSecurityToken.Mismatch"),
    ("v3-sts-wrong-token", _sts_wrong_token, 400, "InvalidSecurityToken.Mismatch"),
    ("v1-token-with-permanent-key", _token_with_permanent_key, 400, "InvalidSecurityToken.Mismatch"),
]


@pytest.mark.parametrize("build,status,code", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refused_request_gets_gateway_error_and_changes_nothing(api, build, status, code):
    reply = api.send(build(api))
    assert reply.status == status, reply.body
    body = reply.json()
    assert body["Code"] == code
    assert set(body) == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert KEY[1] not in reply.body.decode() and STS[1] not in reply.body.decode()
    assert api.counters()["signature_failures"] == 1


def test_v3_body_hash_must_match_body(api):
    prepared = sign_v3(api.host, "ListPhoneNumbers", {}, body_params=LIST)
    prepared.body += b"&Extra=1"
    reply = api.send(prepared)
    assert (reply.status, reply.code) == (400, "SignatureDoesNotMatch")
    assert "x-acs-content-sha256" in reply.json()["Message"]


@pytest.mark.parametrize("scheme", ["v3", "v1"])
def test_reused_nonce_is_refused(api, scheme):
    first = getattr(api, scheme)("ListPhoneNumbers", LIST, nonce="the-same-nonce")
    second = getattr(api, scheme)("ListPhoneNumbers", LIST, nonce="the-same-nonce")
    assert first.status == 200
    assert (second.status, second.code) == (400, "SignatureNonceUsed")


def test_nonce_of_a_refused_request_is_not_used_up(api):
    refused = api.v3("ListPhoneNumbers", LIST, WRONG_SECRET, nonce="n-1")
    accepted = api.v3("ListPhoneNumbers", LIST, nonce="n-1")
    assert (refused.code, accepted.status) == ("SignatureDoesNotMatch", 200)


def test_expired_sts_token_is_refused(api):
    seed = {
        "credentials": [{"access_key_id": "STS.Old", "access_key_secret": "s", "security_token": "t", "expired": True}],
        "instances": {"ccc-demo": {}},
    }
    api.control("POST", "/_emulator/reset", seed)
    reply = api.v3("ListPhoneNumbers", LIST, ("STS.Old", "s", "t"))
    assert (reply.status, reply.code) == (400, "InvalidSecurityToken.Expired")


def test_seed_credentials_replace_the_defaults(api):
    api.control(
        "POST",
        "/_emulator/reset",
        {"credentials": [{"access_key_id": "LTAIMine", "access_key_secret": "m"}], "instances": {"ccc-demo": {}}},
    )
    assert api.v3("ListPhoneNumbers", LIST, ("LTAIMine", "m", None)).status == 200
    assert api.v3("ListPhoneNumbers", LIST).code == "InvalidAccessKeyId.NotFound"


@pytest.mark.parametrize("scheme", ["v3", "v1"])
def test_other_api_version_is_refused(api, scheme):
    reply = getattr(api, scheme)("ListPhoneNumbers", LIST, version="2017-07-05")
    assert (reply.status, reply.code) == (400, "InvalidVersion")


def test_unknown_action_is_not_found(api):
    reply = api.v3("DescribeRegions", {})
    assert (reply.status, reply.code) == (404, "InvalidAction.NotFound")


def test_extra_acs_header_is_accepted_when_signed(api):
    reply = api.v3("ListPhoneNumbers", LIST, extra_headers={"x-acs-accesskey-id": KEY[0]})
    assert reply.status == 200, reply.body
