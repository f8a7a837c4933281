# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import Credentials
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_profile import (
    Ecs,
    OidcProfile,
    RamRole,
    Static,
    Uri,
    read_profile,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

AK = {"name": "ak", "mode": "AK", "access_key_id": "AK_ID", "access_key_secret": "AK_SECRET", "region_id": "cn-beijing"}
ROLE = {"ram_role_arn": "acs:ram::1:role/r", "ram_session_name": "sess", "expired_seconds": 1800}
CONFIG = {
    "profiles": [
        AK,
        {"name": "sts", "mode": "StsToken", "access_key_id": "I", "access_key_secret": "S", "sts_token": "T"},
        dict(
            ROLE,
            name="ramrole",
            mode="RamRoleArn",
            access_key_id="I",
            access_key_secret="S",
            sts_region="cn-hangzhou",
            external_id="ext",
            policy='{"p": 1}',
        ),
        dict(ROLE, name="chain", mode="ChainableRamRoleArn", source_profile="ramrole"),
        dict(ROLE, name="chain2", mode="ChainableRamRoleArn", source_profile="chain"),
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "ccc-role"},
        {"name": "ecs-discover", "mode": "EcsRamRole", "ram_role_name": ""},
        {
            "name": "oidc",
            "mode": "OIDC",
            "oidc_provider_arn": "arn:p",
            "oidc_token_file": "/t",
            "ram_role_arn": "arn:r",
            "role_session_name": "python-name",
        },
        {"name": "uri", "mode": "CredentialsURI", "credentials_uri": "http://127.0.0.1:9/c"},
        dict(ROLE, name="loop-a", mode="ChainableRamRoleArn", source_profile="loop-b"),
        dict(ROLE, name="loop-b", mode="ChainableRamRoleArn", source_profile="loop-a"),
        dict(ROLE, name="self", mode="ChainableRamRoleArn", source_profile="self"),
        dict(ROLE, name="dangling", mode="ChainableRamRoleArn", source_profile="nowhere"),
        {"name": "sso", "mode": "CloudSSO"},
        {"name": "ext", "mode": "External", "process_command": "echo"},
        {"name": "half-role", "mode": "RamRoleArn", "access_key_id": "I", "access_key_secret": "S"},
        {"name": "half-oidc", "mode": "OIDC", "oidc_provider_arn": "arn:p", "ram_role_arn": "arn:r"},
    ]
}


def spec(name):
    return read_profile("/cfg.json", CONFIG, name).spec


@pytest.mark.parametrize(
    "name, expected",
    [
        ("ak", Static(Credentials("AK_ID", "AK_SECRET", None))),
        ("sts", Static(Credentials("I", "S", "T"))),
        ("ecs", Ecs("ccc-role")),
        ("ecs-discover", Ecs(None)),
        ("uri", Uri("http://127.0.0.1:9/c")),
    ],
)
def test_modes_without_a_role_read_as_they_are(name, expected):
    assert spec(name) == expected


def test_ram_role_arn_uses_the_cli_field_names():
    ramrole = spec("ramrole")
    assert isinstance(ramrole, RamRole) and ramrole.base == Static(Credentials("I", "S", None))
    assert ramrole.role.role_arn == "acs:ram::1:role/r" and ramrole.role.session_name == "sess"
    assert ramrole.role.duration_seconds == 1800 and ramrole.role.external_id == "ext"
    assert ramrole.role.policy == '{"p": 1}' and ramrole.sts_region == "cn-hangzhou"


def test_chainable_ram_role_arn_resolves_its_source_profiles_recursively():
    chain2 = spec("chain2")
    assert isinstance(chain2.base, RamRole) and isinstance(chain2.base.base, RamRole)
    assert chain2.base.base.base == Static(Credentials("I", "S", None))


def test_oidc_profile_falls_back_to_role_session_name():
    oidc = spec("oidc")
    assert isinstance(oidc, OidcProfile) and oidc.role.session_name == "python-name"
    assert (oidc.provider_arn, oidc.token_file) == ("arn:p", "/t")


@pytest.mark.parametrize(
    "name, code, words",
    [
        ("loop-a", "ProfileCycle", ["loop-a -> loop-b -> loop-a"]),
        ("self", "ProfileCycle", ["self -> self"]),
        ("dangling", "ProfileNotFound", ["nowhere", "source_profile of profile 'dangling'"]),
        ("sso", "UnsupportedProfileMode", ["CloudSSO", "not supported"]),
        ("ext", "UnsupportedProfileMode", ["External"]),
        ("half-role", "IncompleteCredentials", ["ram_role_arn"]),
        ("half-oidc", "IncompleteCredentials", ["oidc_token_file"]),
    ],
)
def test_profile_problems_are_refused_by_name(name, code, words):
    with pytest.raises(CCCError) as info:
        spec(name)
    assert info.value.code == code
    for word in words:
        assert word in info.value.message
