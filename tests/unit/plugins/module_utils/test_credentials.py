# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._credentials import (
    Credentials,
    resolve_credentials,
    resolve_region,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

PROFILES = {
    "current": "work",
    "profiles": [
        {
            "name": "work",
            "mode": "AK",
            "access_key_id": "FILE_WORK_ID",
            "access_key_secret": "FILE_WORK_SECRET",
            "region_id": "cn-beijing",
        },
        {
            "name": "sts",
            "mode": "StsToken",
            "access_key_id": "FILE_STS_ID",
            "access_key_secret": "FILE_STS_SECRET",
            "sts_token": "FILE_STS_TOKEN",
            "region_id": "cn-hangzhou",
        },
        {"name": "sso", "mode": "CloudSSO", "access_key_id": "", "access_key_secret": ""},
        {"name": "ramrole", "mode": "RamRoleArn", "access_key_id": "X", "access_key_secret": "Y"},
        {"name": "half", "mode": "StsToken", "access_key_id": "A", "access_key_secret": "B", "sts_token": ""},
    ],
}

OPTIONS = {"access_key_id": "OPT_ID", "access_key_secret": "OPT_SECRET"}
ENV_NEW = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "ENV_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "ENV_SECRET"}
ENV_OLD = {"ALICLOUD_ACCESS_KEY": "OLD_ID", "ALICLOUD_SECRET_KEY": "OLD_SECRET"}


@pytest.fixture
def home(tmp_path):
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text(json.dumps(PROFILES), encoding="utf-8")
    return str(tmp_path)


@pytest.mark.parametrize(
    "options, env, expected_id, expected_source",
    [
        (OPTIONS, dict(ENV_NEW, **ENV_OLD), "OPT_ID", "module options"),
        ({}, dict(ENV_NEW, **ENV_OLD), "ENV_ID", "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)"),
        ({}, ENV_OLD, "OLD_ID", "environment (ALICLOUD_ACCESS_KEY)"),
        ({}, {}, "FILE_WORK_ID", "profile 'work'"),
        ({"profile": "sts"}, {}, "FILE_STS_ID", "profile 'sts'"),
        ({}, {"ALIBABA_CLOUD_PROFILE": "sts"}, "FILE_STS_ID", "profile 'sts'"),
        ({}, {"ALICLOUD_PROFILE": "sts"}, "FILE_STS_ID", "profile 'sts'"),
        ({"profile": "work"}, {"ALIBABA_CLOUD_PROFILE": "sts"}, "FILE_WORK_ID", "profile 'work'"),
        ({"profile": "sts"}, ENV_NEW, "ENV_ID", "environment"),
        ({"access_key_id": "", "access_key_secret": None}, ENV_OLD, "OLD_ID", "environment"),
    ],
)
def test_credentials_come_from_the_first_source_that_has_them(home, options, env, expected_id, expected_source):
    resolved = resolve_credentials(options, env, home)
    assert resolved.credentials.access_key_id == expected_id
    assert resolved.source.startswith(expected_source)


@pytest.mark.parametrize(
    "options, env, token",
    [
        (dict(OPTIONS, security_token="OPT_TOKEN"), {}, "OPT_TOKEN"),
        ({}, dict(ENV_NEW, ALIBABA_CLOUD_SECURITY_TOKEN="ENV_TOKEN"), "ENV_TOKEN"),
        ({}, dict(ENV_OLD, ALICLOUD_SECURITY_TOKEN="OLD_TOKEN"), "OLD_TOKEN"),
        ({"profile": "sts"}, {}, "FILE_STS_TOKEN"),
        # a token belongs to its own source: keys from options never pick up an environment token
        (OPTIONS, {"ALIBABA_CLOUD_SECURITY_TOKEN": "ENV_TOKEN"}, None),
        ({}, dict(ENV_NEW, ALICLOUD_SECURITY_TOKEN="OLD_TOKEN"), None),
    ],
)
def test_sts_token_comes_with_its_key_pair(home, options, env, token):
    assert resolve_credentials(options, env, home).credentials.security_token == token


@pytest.mark.parametrize(
    "options, env, named",
    [
        ({"access_key_id": "OPT_ID"}, ENV_NEW, ["access_key_id", "access_key_secret"]),
        ({"access_key_secret": "OPT_SECRET"}, ENV_NEW, ["access_key_secret", "access_key_id"]),
        ({"security_token": "T"}, ENV_NEW, ["security_token"]),
        ({}, {"ALIBABA_CLOUD_ACCESS_KEY_ID": "X"}, ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]),
        ({}, dict(ENV_OLD, ALIBABA_CLOUD_ACCESS_KEY_SECRET="X"), ["ALIBABA_CLOUD_ACCESS_KEY_ID"]),
        ({}, {"ALICLOUD_SECRET_KEY": "X"}, ["ALICLOUD_ACCESS_KEY"]),
        ({}, {"ALIBABA_CLOUD_SECURITY_TOKEN": "X"}, ["ALIBABA_CLOUD_ACCESS_KEY_ID"]),
    ],
)
def test_half_a_key_pair_in_one_source_is_an_error_not_a_mix(home, options, env, named):
    with pytest.raises(CCCError) as info:
        resolve_credentials(options, env, home)
    assert info.value.code == "IncompleteCredentials"
    for name in named:
        assert name in info.value.message
    assert "X" not in info.value.message.replace("ALI", "").replace("KEY", "").replace("SECRET", "")


@pytest.mark.parametrize(
    "profile, code, words",
    [
        ("sso", "UnsupportedProfileMode", ["CloudSSO", "not supported", "sso"]),
        ("ramrole", "UnsupportedProfileMode", ["RamRoleArn", "not supported"]),
        ("half", "IncompleteCredentials", ["sts_token", "half"]),
        ("nope", "ProfileNotFound", ["nope", "the profile option", "work", "sts"]),
    ],
)
def test_profile_problems_are_named(home, profile, code, words):
    with pytest.raises(CCCError) as info:
        resolve_credentials({"profile": profile}, {}, home)
    assert info.value.code == code
    for word in words:
        assert word in info.value.message


def write_config(home, content: bytes):
    path = os.path.join(home, ".aliyun", "config.json")
    with open(path, "wb") as handle:
        handle.write(content)
    return path


@pytest.mark.parametrize(
    "content, problem",
    [
        (b'{"profiles": [{"name": "work", "access_key_secret": "LEAKME"', "not valid JSON (line 1"),
        (b"[1, 2]", "expected layout"),
        (b'{"profiles": {"name": "LEAKME"}}', "expected layout"),
        (b"\xff\xfe LEAKME", "not UTF-8"),
    ],
)
def test_broken_profile_file_is_named_without_quoting_it(home, content, problem):
    path = write_config(home, content)
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, {}, home)
    assert info.value.code == "CredentialsFileError"
    assert path in info.value.message and problem in info.value.message
    assert "LEAKME" not in str(info.value)


def test_missing_file_without_any_source_says_where_credentials_may_come_from(tmp_path):
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, {}, str(tmp_path))
    assert info.value.code == "CredentialsNotFound"
    for word in ("access_key_id", "ALIBABA_CLOUD_ACCESS_KEY_ID", str(tmp_path / ".aliyun" / "config.json")):
        assert word in info.value.message


def test_missing_file_for_a_named_profile_names_the_file(tmp_path):
    with pytest.raises(CCCError) as info:
        resolve_credentials({"profile": "work"}, {}, str(tmp_path))
    assert info.value.code == "CredentialsFileError" and "does not exist" in info.value.message


def test_a_directory_in_place_of_the_file_is_reported(tmp_path):
    (tmp_path / ".aliyun" / "config.json").mkdir(parents=True)
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, {}, str(tmp_path))
    assert info.value.code == "CredentialsFileError" and "cannot read" in info.value.message


def test_shared_credentials_file_variable_points_at_another_file(tmp_path):
    other = tmp_path / "elsewhere.json"
    other.write_text(
        json.dumps(
            {
                "current": "x",
                "profiles": [{"name": "x", "mode": "AK", "access_key_id": "OTHER_ID", "access_key_secret": "S"}],
            }
        )
    )
    resolved = resolve_credentials({}, {"ALICLOUD_SHARED_CREDENTIALS_FILE": str(other)}, str(tmp_path))
    assert resolved.credentials.access_key_id == "OTHER_ID"


def test_file_without_current_uses_the_default_profile(tmp_path):
    (tmp_path / ".aliyun").mkdir()
    (tmp_path / ".aliyun" / "config.json").write_text(
        json.dumps(
            {"profiles": [{"name": "default", "mode": "AK", "access_key_id": "DEF_ID", "access_key_secret": "S"}]}
        )
    )
    assert resolve_credentials({}, {}, str(tmp_path)).credentials.access_key_id == "DEF_ID"


@pytest.mark.parametrize(
    "options, env, hint, region",
    [
        ({"region": "cn-hongkong"}, {"ALIBABA_CLOUD_REGION_ID": "eu-central-1"}, "cn-beijing", "cn-hongkong"),
        ({}, {"ALIBABA_CLOUD_REGION_ID": "eu-central-1", "ALICLOUD_REGION": "us-east-1"}, "cn-beijing", "eu-central-1"),
        ({}, {"ALICLOUD_REGION": "us-east-1"}, "cn-beijing", "us-east-1"),
        ({}, {}, "cn-beijing", "cn-beijing"),
        ({"region": ""}, {"ALICLOUD_REGION": ""}, None, "cn-shanghai"),
    ],
)
def test_region_precedence(options, env, hint, region):
    assert resolve_region(options, env, hint) == region


def test_profile_region_is_offered_as_the_hint(home):
    assert resolve_credentials({"profile": "sts"}, {}, home).region_hint == "cn-hangzhou"


def test_credentials_repr_hides_secret_and_token():
    text = repr(Credentials("ID", "TOPSECRET", "TOPTOKEN")) + str(Credentials("ID", "TOPSECRET", None))
    assert "TOPSECRET" not in text and "TOPTOKEN" not in text and "ID" in text
