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
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import reply, temporary_body

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
        ("sso", "IncompleteCredentials", ["CloudSSO", "cloud_sso_sign_in_url", "sso"]),
        ("ramrole", "IncompleteCredentials", ["RamRoleArn", "ram_role_arn"]),
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


def test_a_profile_named_by_the_option_must_exist(tmp_path):
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


# --- the chain across every source ------------------------------------------------------------------

META = "http://127.0.0.1:9"
STS = "http://127.0.0.1:8"
OIDC_ENV = {
    "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/oidc",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/ack",
}
NO_METADATA = {"ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true"}


def sts_answers(http, key_id="STS.Assumed"):
    """STS at STS answering both calls; returns the list of forms it received."""
    forms = []

    def answer(form, headers):
        forms.append(form)
        return reply(200, {"RequestId": "R", "Credentials": temporary_body(key_id=key_id)})

    http.on("POST", STS + "/", answer)
    return forms


def metadata_answers(http, role="ccc-role", key_id="STS.Ecs"):
    http.on("PUT", META + "/latest/api/token", reply(200, text="meta-token"))
    http.on("GET", META + "/latest/meta-data/ram/security-credentials/", reply(200, text=role))
    http.on(
        "GET",
        META + "/latest/meta-data/ram/security-credentials/" + role,
        reply(200, dict(temporary_body(key_id=key_id), Code="Success")),
    )


def test_ecs_role_name_option_reads_that_role_from_the_metadata_service(http, tmp_path):
    metadata_answers(http, role="named")
    env = {
        "ALIBABACLOUD_CCC_METADATA_ENDPOINT": META,
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "ENV_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "S",
    }
    resolved = resolve_credentials({"ecs_role_name": "named"}, env, str(tmp_path), http)
    assert resolved.credentials.current().access_key_id == "STS.Ecs" and "named" in resolved.source
    assert META + "/latest/meta-data/ram/security-credentials/" not in http.urls()  # no discovery


def test_keys_and_ecs_role_name_together_are_refused(tmp_path):
    with pytest.raises(CCCError) as info:
        resolve_credentials(dict(OPTIONS, ecs_role_name="r"), {}, str(tmp_path))
    assert info.value.code == "InvalidOption" and "ecs_role_name" in info.value.message


def test_environment_keys_win_over_oidc_and_oidc_over_a_profile(http, home, tmp_path):
    token = tmp_path / "token"
    token.write_text("oidc-token")
    oidc = dict(OIDC_ENV, ALIBABA_CLOUD_OIDC_TOKEN_FILE=str(token), ALIBABA_CLOUD_STS_ENDPOINT=STS)
    assert resolve_credentials({}, dict(oidc, **ENV_NEW), home, http).credentials.access_key_id == "ENV_ID"
    forms = sts_answers(http)
    resolved = resolve_credentials({}, oidc, home, http)
    assert resolved.credentials.current().access_key_id == "STS.Assumed"
    assert forms[0]["Action"] == "AssumeRoleWithOIDC" and forms[0]["RoleSessionName"].startswith("ansible-ccc-")


def test_a_profile_wins_over_the_instance_role_and_the_instance_role_over_the_uri(http, home, tmp_path):
    # The official chain asks the metadata service before the credentials URI: on ECS with the URI set too,
    # the instance role is the identity.
    uri = "http://127.0.0.1:7/creds"
    http.on("GET", uri, reply(200, dict(temporary_body(key_id="STS.Uri"), Code="Success")))
    metadata_answers(http)
    env = {"ALIBABA_CLOUD_CREDENTIALS_URI": uri, "ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}
    assert resolve_credentials({}, env, home, http).credentials.current().access_key_id == "FILE_WORK_ID"
    assert http.calls == []
    resolved = resolve_credentials({}, env, str(tmp_path / "no-profile"), http)
    assert resolved.credentials.current().access_key_id == "STS.Ecs" and uri not in http.urls()


def test_off_ecs_the_credentials_uri_is_used(http, tmp_path):
    uri = "http://127.0.0.1:7/creds"
    http.on("GET", uri, reply(200, dict(temporary_body(key_id="STS.Uri"), Code="Success")))
    http.on("PUT", META + "/latest/api/token", CCCError("ConnectTimeout", "no answer"))
    http.on("GET", META + "/latest/meta-data/ram/security-credentials/", CCCError("ConnectTimeout", "no answer"))
    env = {"ALIBABA_CLOUD_CREDENTIALS_URI": uri, "ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}
    resolved = resolve_credentials({}, env, str(tmp_path), http)
    assert resolved.credentials.current().access_key_id == "STS.Uri" and http.urls()[-1] == uri


def test_metadata_is_the_last_source(http, tmp_path):
    metadata_answers(http)
    resolved = resolve_credentials({}, {"ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}, str(tmp_path), http)
    assert resolved.credentials.current().access_key_id == "STS.Ecs"


def profile_home(tmp_path, profile, *others):
    (tmp_path / ".aliyun").mkdir(exist_ok=True)
    doc = {"current": profile["name"], "profiles": [profile, *others]}
    (tmp_path / ".aliyun" / "config.json").write_text(json.dumps(doc))
    return str(tmp_path)


ROLE_FIELDS = {"ram_role_arn": "acs:ram::1:role/p", "ram_session_name": "sess"}
BASE_AK = {"name": "base", "mode": "AK", "access_key_id": "BASE_ID", "access_key_secret": "BASE_SECRET"}


@pytest.mark.parametrize(
    "profile, others, expected_calls",
    [
        (
            dict(ROLE_FIELDS, name="p", mode="RamRoleArn", access_key_id="BASE_ID", access_key_secret="S"),
            (),
            ["AssumeRole:BASE_ID"],
        ),
        (
            dict(ROLE_FIELDS, name="p", mode="ChainableRamRoleArn", source_profile="base"),
            (BASE_AK,),
            ["AssumeRole:BASE_ID"],
        ),
        (
            dict(ROLE_FIELDS, name="p", mode="ChainableRamRoleArn", source_profile="mid"),
            (dict(ROLE_FIELDS, name="mid", mode="ChainableRamRoleArn", source_profile="base"), BASE_AK),
            ["AssumeRole:BASE_ID", "AssumeRole:STS.Assumed"],
        ),
        (
            dict(ROLE_FIELDS, name="p", mode="ChainableRamRoleArn", source_profile="ecs"),
            ({"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "ccc-role"},),
            ["AssumeRole:STS.Ecs"],
        ),
    ],
)
def test_profile_roles_are_assumed_over_their_base(http, tmp_path, profile, others, expected_calls):
    forms = sts_answers(http)
    metadata_answers(http)
    env = {"ALIBABA_CLOUD_STS_ENDPOINT": STS, "ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}
    resolved = resolve_credentials({}, env, profile_home(tmp_path, profile, *others), http)
    assert resolved.credentials.current().access_key_id == "STS.Assumed"
    assert ["%s:%s" % (f["Action"], f["AccessKeyId"]) for f in forms] == expected_calls


@pytest.mark.parametrize(
    "profile, key_id",
    [
        ({"name": "p", "mode": "EcsRamRole", "ram_role_name": ""}, "STS.Ecs"),
        ({"name": "p", "mode": "CredentialsURI", "credentials_uri": "http://127.0.0.1:7/c"}, "STS.Uri"),
        (
            {
                "name": "p",
                "mode": "OIDC",
                "oidc_provider_arn": "arn:p",
                "oidc_token_file": "TOKEN",
                "ram_role_arn": "arn:r",
                "ram_session_name": "s1",
            },
            "STS.Assumed",
        ),
    ],
)
def test_profiles_for_ecs_uri_and_oidc_use_their_services(http, tmp_path, profile, key_id):
    token = tmp_path / "token"
    token.write_text("oidc-token")
    profile = {k: (str(token) if v == "TOKEN" else v) for k, v in profile.items()}
    sts_answers(http)
    metadata_answers(http)
    http.on("GET", "http://127.0.0.1:7/c", reply(200, dict(temporary_body(key_id="STS.Uri"), Code="Success")))
    env = {"ALIBABA_CLOUD_STS_ENDPOINT": STS, "ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}
    resolved = resolve_credentials({}, env, profile_home(tmp_path, profile), http)
    assert resolved.credentials.current().access_key_id == key_id


@pytest.mark.parametrize(
    "options, env",
    [
        (dict(OPTIONS, security_token="OPT_TOKEN"), {}),
        ({}, ENV_OLD),
        ({"ecs_role_name": "ccc-role"}, {"ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}),
    ],
)
def test_assume_role_signs_with_whatever_base_was_found(http, tmp_path, options, env):
    forms = sts_answers(http)
    metadata_answers(http)
    assume = {
        "role_arn": "acs:ram::1:role/ccc",
        "session_name": "s1",
        "duration_seconds": 900,
        "external_id": "e",
        "policy": {"Version": "1"},
    }
    resolved = resolve_credentials(dict(options, assume_role=assume, sts_endpoint=STS), env, str(tmp_path), http)
    assert resolved.credentials.current().access_key_id == "STS.Assumed"
    assert resolved.source.startswith("role acs:ram::1:role/ccc (assume_role) assumed with")
    form = forms[0]
    assert (form["DurationSeconds"], form["ExternalId"], form["Policy"]) == ("900", "e", '{"Version":"1"}')
    assert form["AccessKeyId"] in ("OPT_ID", "OLD_ID", "STS.Ecs")


def test_bad_assume_role_input_costs_no_request(http, tmp_path):
    with pytest.raises(CCCError) as info:
        resolve_credentials(dict(OPTIONS, assume_role={"role_arn": "arn", "duration_seconds": 60}), {}, "/x", http)
    assert info.value.code == "InvalidOption" and http.calls == []


def test_an_sts_error_during_resolution_keeps_its_code_and_request_id(http):
    http.on("POST", STS + "/", reply(404, {"RequestId": "REQ-9", "Code": "EntityNotExist.Role", "Message": "none"}))
    with pytest.raises(CCCError) as info:
        resolve_credentials(dict(OPTIONS, assume_role={"role_arn": "arn:x"}, sts_endpoint=STS), {}, "/x", http)
    assert (info.value.code, info.value.request_id) == ("EntityNotExist.Role", "REQ-9")


def test_every_secret_found_or_fetched_is_registered(http, tmp_path):
    token = tmp_path / "token"
    token.write_text("oidc-token-SECRET")
    sts_answers(http)
    secrets = Secrets()
    env = dict(OIDC_ENV, ALIBABA_CLOUD_OIDC_TOKEN_FILE=str(token), ALIBABA_CLOUD_STS_ENDPOINT=STS)
    resolve_credentials(
        {"assume_role": {"role_arn": "arn:r", "policy": "POLICY-SECRET"}}, env, "/x", http, secrets=secrets
    )
    for value in ("oidc-token-SECRET", "POLICY-SECRET", "TempSecret1", "TempToken1"):
        assert value in secrets.forms()


def test_no_source_lists_every_source_and_why(http, tmp_path):
    http.on("PUT", META + "/latest/api/token", CCCError("ConnectTimeout", "%s did not accept a connection" % META))
    http.on(
        "GET",
        META + "/latest/meta-data/ram/security-credentials/",
        CCCError("ConnectTimeout", "%s did not accept a connection" % META),
    )
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, {"ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}, str(tmp_path), http)
    message = info.value.message
    assert info.value.code == "CredentialsNotFound"
    for number, words in enumerate(
        [
            "module options",
            "ecs_role_name is not set",
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            "config.json does not exist",
            "credentials.ini does not exist",
            "did not accept a connection",
            "ALIBABA_CLOUD_CREDENTIALS_URI is not set",
        ],
        1,
    ):
        assert "%d) " % number in message and words in message.split("%d) " % number)[1]


def test_no_source_with_metadata_disabled_asks_no_service_at_all(http, tmp_path):
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, NO_METADATA, str(tmp_path), http)
    assert "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true" in info.value.message
    assert http.calls == []


def test_without_the_override_the_metadata_probe_goes_to_the_real_address_only(http, tmp_path):
    # The fake transport answers instead of the network: this pins the address, it never reaches it.
    unreachable = CCCError("ConnectTimeout", "http://100.100.100.200 did not accept a connection within 1.0s")
    http.on("PUT", "http://100.100.100.200/latest/api/token", unreachable)
    http.on("GET", "http://100.100.100.200/latest/meta-data/ram/security-credentials/", unreachable)
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, {}, str(tmp_path), http)
    assert all(url.startswith("http://100.100.100.200/latest/") for url in http.urls()) and len(http.calls) == 2
    assert {c["timeout"] for c in http.calls} == {(1.0, 1.0)} and "100.100.100.200" in info.value.message


@pytest.mark.parametrize("variable", ["ALIBABA_CLOUD_ECS_METADATA_DISABLED"])
def test_an_ecs_profile_or_option_honours_the_disabled_switch(http, tmp_path, variable):
    with pytest.raises(CCCError) as info:
        resolve_credentials({"ecs_role_name": "r"}, {variable: "true"}, str(tmp_path), http)
    assert variable in info.value.message and http.calls == []


# --- the official chain's rules -----------------------------------------------------------------------


def write_ini(tmp_path, text, name="credentials.ini"):
    path = tmp_path / ".alibabacloud" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def test_the_role_arn_variable_alone_does_not_hide_the_profile(home):
    # Set for other tools; the official chain treats OIDC as configured only with all three variables.
    resolved = resolve_credentials({}, {"ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/x"}, home)
    assert resolved.credentials.access_key_id == "FILE_WORK_ID"


@pytest.mark.parametrize(
    "env, expected",
    [
        ({"ALIBABACLOUD_PROFILE": "sts", "ALIBABA_CLOUD_PROFILE": "work"}, "FILE_STS_ID"),
        ({"ALIBABA_CLOUD_PROFILE": "sts", "ALICLOUD_PROFILE": "work"}, "FILE_STS_ID"),
        ({"ALICLOUD_PROFILE": "sts"}, "FILE_STS_ID"),
    ],
)
def test_the_profile_variables_are_read_in_the_cli_order(home, env, expected):
    assert resolve_credentials({}, env, home).credentials.access_key_id == expected


def test_the_cli_profile_can_be_turned_off(home, tmp_path):
    write_ini(tmp_path, "[default]\ntype = access_key\naccess_key_id = INI_ID\naccess_key_secret = INI_SECRET\n")
    env = {"ALIBABA_CLOUD_CLI_PROFILE_DISABLED": "true"}
    resolved = resolve_credentials({}, env, home)
    assert resolved.credentials.access_key_id == "INI_ID" and "credentials.ini" in resolved.source
    # the profile option is the play's own choice, and still reads the file
    assert resolve_credentials({"profile": "sts"}, env, home).credentials.access_key_id == "FILE_STS_ID"


def test_the_config_file_variable_of_the_go_library_is_honoured(tmp_path):
    other = tmp_path / "cli" / "config.json"
    other.parent.mkdir()
    other.write_text(json.dumps({"current": "x", "profiles": [dict(BASE_AK, name="x", access_key_id="GO_ID")]}))
    env = {"ALIBABA_CLOUD_CONFIG_FILE": str(other), "ALICLOUD_SHARED_CREDENTIALS_FILE": str(tmp_path / "nope")}
    assert resolve_credentials({}, env, str(tmp_path)).credentials.access_key_id == "GO_ID"


@pytest.mark.parametrize(
    "text, env, key_id",
    [
        ("[default]\ntype = access_key\naccess_key_id = INI_ID\naccess_key_secret = S # comment\n", {}, "INI_ID"),
        (
            "[default]\ntype=access_key\naccess_key_id=A\naccess_key_secret=S\n"
            "[ci]\ntype=access_key\naccess_key_id=CI_ID\naccess_key_secret=S\n",
            {"ALIBABA_CLOUD_PROFILE": "ci"},
            "CI_ID",
        ),
    ],
)
def test_credentials_ini_is_read_after_the_cli_profile(tmp_path, text, env, key_id):
    write_ini(tmp_path, text)
    assert resolve_credentials({}, env, str(tmp_path)).credentials.access_key_id == key_id


def test_a_profile_named_by_the_environment_may_live_in_credentials_ini(home, tmp_path):
    write_ini(tmp_path, "[ini-only]\ntype = access_key\naccess_key_id = INI_ONLY\naccess_key_secret = S\n")
    env = {"ALIBABA_CLOUD_PROFILE": "ini-only"}
    assert resolve_credentials({}, env, home).credentials.access_key_id == "INI_ONLY"


def test_credentials_ini_path_variable_and_its_role_types(http, tmp_path):
    sts_answers(http)
    token = tmp_path / "token"
    token.write_text("oidc-token")
    path = tmp_path / "elsewhere.ini"
    path.write_text(
        "[default]\ntype = ram_role_arn\naccess_key_id = INI_ID\naccess_key_secret = S\nrole_arn = arn:r\n"
        "[oidc]\ntype = oidc_role_arn\nrole_arn = arn:o\noidc_provider_arn = arn:p\noidc_token_file_path = %s\n" % token
    )
    env = {"ALIBABA_CLOUD_CREDENTIALS_FILE": str(path), "ALIBABA_CLOUD_STS_ENDPOINT": STS}
    assert resolve_credentials({}, env, str(tmp_path), http).credentials.current().access_key_id == "STS.Assumed"
    forms = sts_answers(http)
    resolve_credentials({}, dict(env, ALIBABA_CLOUD_PROFILE="oidc"), str(tmp_path), http)
    assert forms[0]["Action"] == "AssumeRoleWithOIDC" and forms[0]["RoleArn"] == "arn:o"


@pytest.mark.parametrize(
    "text, code, words",
    [
        ("[default]\ntype = rsa_key_pair\n", "UnsupportedProfileMode", ["rsa_key_pair", "access_key"]),
        ("[default]\ntype = access_key\naccess_key_id = A\n", "IncompleteCredentials", ["access_key_secret"]),
        ("[default\naccess_key_secret = LEAKME\n", "CredentialsFileError", ["not a valid INI file"]),
    ],
)
def test_credentials_ini_problems_are_named(tmp_path, text, code, words):
    write_ini(tmp_path, text)
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, {}, str(tmp_path))
    assert info.value.code == code and "LEAKME" not in info.value.message
    for word in words:
        assert word in info.value.message


@pytest.mark.parametrize("where", ["assume_role", "oidc"])
def test_the_session_name_variable_names_sessions_nobody_else_named(http, tmp_path, where):
    forms = sts_answers(http)
    token = tmp_path / "token"
    token.write_text("oidc-token")
    env = {"ALIBABA_CLOUD_ROLE_SESSION_NAME": "team-audit", "ALIBABA_CLOUD_STS_ENDPOINT": STS}
    options = {}
    if where == "oidc":
        env.update(OIDC_ENV, ALIBABA_CLOUD_OIDC_TOKEN_FILE=str(token))
    else:
        options = dict(OPTIONS, assume_role={"role_arn": "arn:r"})
    resolve_credentials(options, env, str(tmp_path), http)
    assert forms[0]["RoleSessionName"] == "team-audit"


def test_an_env_profile_the_file_lacks_falls_through_but_an_option_profile_is_an_error(home):
    with pytest.raises(CCCError) as info:
        resolve_credentials({}, {"ALIBABA_CLOUD_PROFILE": "nope"}, home)
    assert info.value.code == "CredentialsNotFound" and "profile 'nope' (from ALIBABA_CLOUD_PROFILE)" in str(info.value)
    with pytest.raises(CCCError) as info:
        resolve_credentials({"profile": "nope"}, {}, home)
    assert info.value.code == "ProfileNotFound"
