# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import Context, Credentials
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_profile import MODES, build, mode_of
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import reply, temporary_body

ROLE = {"ram_role_arn": "acs:ram::1:role/r", "ram_session_name": "sess", "expired_seconds": 1800}
KEYS = {"access_key_id": "I", "access_key_secret": "S"}
CONFIG = {
    "profiles": [
        dict(KEYS, name="ak", mode="AK", region_id="cn-beijing"),
        dict(KEYS, name="sts", mode="StsToken", sts_token="T"),
        dict(
            ROLE,
            **KEYS,
            name="ramrole",
            mode="RamRoleArn",
            sts_region="cn-hangzhou",
            external_id="ext",
            policy='{"p": 1}',
        ),
        dict(ROLE, name="chain", mode="ChainableRamRoleArn", source_profile="ramrole"),
        dict(ROLE, name="loop-a", mode="ChainableRamRoleArn", source_profile="loop-b"),
        dict(ROLE, name="loop-b", mode="ChainableRamRoleArn", source_profile="loop-a"),
        dict(ROLE, name="self", mode="ChainableRamRoleArn", source_profile="self"),
        dict(ROLE, name="dangling", mode="ChainableRamRoleArn", source_profile="nowhere"),
        dict(KEYS, name="no-session", mode="RamRoleArn", ram_role_arn="acs:ram::1:role/r"),
        dict(KEYS, name="own-sts", mode="RamRoleArn", ram_role_arn="arn:r", sts_endpoint="http://127.0.0.1:7"),
        dict(KEYS, name="old-role", ram_role_arn="acs:ram::1:role/r"),
        {"name": "withrolename", "mode": "RamRoleArnWithRoleName", "ram_role_name": "r", "ram_role_arn": "arn"},
        {"name": "bearer", "mode": "BearerToken", "bearer_token": "b"},
        {"name": "empty"},
        {"name": "half-role", "mode": "RamRoleArn", **KEYS},
        {"name": "half-oidc", "mode": "OIDC", "oidc_provider_arn": "arn:p", "ram_role_arn": "arn:r"},
        {"name": "half-sso", "mode": "CloudSSO", "cloud_sso_sign_in_url": "https://signin.test/x"},
        {"name": "half-ext", "mode": "External", "process_command": " "},
    ]
}
STS = "http://127.0.0.1:8"


def provider(name, http=None, env=None):
    return build(Context({}, dict(env or {}, ALIBABA_CLOUD_STS_ENDPOINT=STS), "/h", http), "/cfg.json", CONFIG, name)


def sts(http, url=STS):
    forms = []
    http.on(
        "POST", url + "/", lambda form, headers: forms.append(form) or reply(200, {"Credentials": temporary_body()})
    )
    return forms


@pytest.mark.parametrize(
    "fields, mode",
    [
        ({"mode": "OAuth"}, "OAuth"),
        (KEYS, "AK"),
        (dict(KEYS, sts_token="T"), "StsToken"),
        (dict(KEYS, ram_role_arn="arn"), "RamRoleArn"),
        (dict(KEYS, sts_token="T", ram_role_arn="arn"), "StsToken"),
        ({"ram_role_name": "r"}, "EcsRamRole"),
        ({"process_command": "x"}, "External"),
        ({"oidc_provider_arn": "p", "oidc_token_file": "f", "ram_role_arn": "r"}, "OIDC"),
        ({"cloud_sso_sign_in_url": "https://s"}, "CloudSSO"),
        ({"access_key_id": "I"}, None),
        ({}, None),
    ],
)
def test_a_profile_without_mode_gets_the_mode_the_cli_recognises(fields, mode):
    assert mode_of(fields) == mode


def test_every_mode_the_cli_writes_for_credentials_has_a_provider():
    assert set(MODES) == {
        "AK",
        "StsToken",
        "RamRoleArn",
        "ChainableRamRoleArn",
        "EcsRamRole",
        "OIDC",
        "CredentialsURI",
        "CloudSSO",
        "OAuth",
        "External",
    }


@pytest.mark.parametrize("name, expected", [("ak", Credentials("I", "S", None)), ("sts", Credentials("I", "S", "T"))])
def test_key_modes_are_used_as_they_are(name, expected):
    assert provider(name) == expected


def test_ram_role_arn_uses_the_cli_field_names(http):
    forms = sts(http)
    assert provider("ramrole", http).current().access_key_id == "STS.Temp1"
    form = forms[0]
    assert (form["AccessKeyId"], form["RoleArn"], form["RoleSessionName"]) == ("I", "acs:ram::1:role/r", "sess")
    assert (form["DurationSeconds"], form["ExternalId"], form["Policy"]) == ("1800", "ext", '{"p": 1}')


def test_chainable_ram_role_arn_assumes_over_its_source(http):
    forms = sts(http)
    provider("chain", http).current()
    assert [f["AccessKeyId"] for f in forms] == ["I", "STS.Temp1"]


def test_a_profile_without_mode_holding_keys_and_a_role_assumes_the_role(http):
    forms = sts(http)
    assert provider("old-role", http).current().access_key_id == "STS.Temp1"
    assert forms[0]["AccessKeyId"] == "I" and forms[0]["RoleArn"] == "acs:ram::1:role/r"


def test_the_session_name_variable_fills_in_for_a_profile_without_one(http):
    forms = sts(http)
    provider("no-session", http, {"ALIBABA_CLOUD_ROLE_SESSION_NAME": "team-audit"}).current()
    assert forms[0]["RoleSessionName"] == "team-audit"


def test_a_profiles_sts_endpoint_is_where_sts_is_asked(http):
    sts(http, "http://127.0.0.1:7")
    provider("own-sts", http).current()
    assert http.urls() == ["http://127.0.0.1:7/"]


@pytest.mark.parametrize(
    "name, code, words",
    [
        ("loop-a", "ProfileCycle", ["loop-a -> loop-b -> loop-a"]),
        ("self", "ProfileCycle", ["self -> self"]),
        ("dangling", "ProfileNotFound", ["nowhere", "source_profile of profile 'dangling'"]),
        ("withrolename", "UnsupportedProfileMode", ["RamRoleArnWithRoleName", "deprecated", "ChainableRamRoleArn"]),
        ("bearer", "UnsupportedProfileMode", ["BearerToken", "not supported"]),
        ("empty", "UnsupportedProfileMode", ["no mode"]),
        ("half-role", "IncompleteCredentials", ["ram_role_arn"]),
        ("half-oidc", "IncompleteCredentials", ["oidc_token_file"]),
        ("half-sso", "IncompleteCredentials", ["cloud_sso_account_id", "access_token"]),
        ("half-ext", "IncompleteCredentials", ["process_command"]),
    ],
)
def test_profile_problems_are_refused_by_name(name, code, words):
    with pytest.raises(CCCError) as info:
        provider(name)
    assert info.value.code == code
    for word in words:
        assert word in info.value.message
