# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Canary credentials through every path a run can take, at -vvvv with --diff: the secret, the STS token
and request signatures appear in nothing the run prints or writes."""

from __future__ import annotations

import json
import os
import re
import sys
import time

import pytest
from _harness import bump, closed_port, run_playbook, seed

KEY_ID = "STS.CanaryKey0001"
SECRET = "CanarySecret-7f3a9c1e-DO-NOT-LEAK"
TOKEN = "CanaryStsToken-41b8e2a0-DO-NOT-LEAK"
WRONG_SECRET = "CanaryWrongSecret-99c0de5b-DO-NOT-LEAK"
CANARIES = (SECRET, TOKEN, WRONG_SECRET)
# A request signature, in either scheme, in a header or a query string.
SIGNATURE_PATTERNS = (
    re.compile(r"Signature=[0-9a-f]{64}"),
    re.compile(r"Signature=[A-Za-z0-9+/%]{24,}"),
    re.compile(r"ACS3-HMAC-SHA256\s+Credential="),
)
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE")
NUMBER, NEW = "057100000001", "057100000002"

# scenario -> (what the run must end with: None for success, else a regex on code or msg)
SCENARIOS = {
    "success": None,
    "api-error": r"NotExists\.InstanceId",
    "signature-mismatch": r"SignatureDoesNotMatch",
    "tls-failure": r"certificate|CERTIFICATE_VERIFY_FAILED|SSL",
    "unreachable": r"connect|refused|unreachable",
}
SOURCES = ("options", "env", "alicloud-env", "profile")
PHONE_NUMBERS = "alibabacloud.ccc.ccc_phone_numbers"
# module -> its task's own options. The do-not-call modules take the same connection options through the same
# code: each is searched in every scenario with one source per scheme and the profile.
MODULES = {
    PHONE_NUMBERS: {"numbers": [NUMBER, NEW], "usage": "Inbound"},
    "alibabacloud.ccc.ccc_do_not_call_numbers": {"numbers": [NEW], "remark": "CRM", "purge": True},
    "alibabacloud.ccc.ccc_do_not_call_numbers_info": {"scope": "SYSTEM"},
}
CASES = [
    (scenario, source, version, module)
    for scenario in SCENARIOS
    for source in SOURCES
    for version in ("v3", "v1")
    for module in MODULES
    if (version == "v3" or source in ("options", "env"))
    and (module == PHONE_NUMBERS or (source, version) in (("options", "v3"), ("env", "v1"), ("profile", "v3")))
]


def _search(text: str) -> list[str]:
    found = [c for c in CANARIES if c in text]
    found += [p.pattern for p in SIGNATURE_PATTERNS if p.search(text)]
    return found


def _assert_nothing_leaked(run, tmp_path, inputs, search):
    """Search the run's output and every file it left (the log, the results) with ``search``; count them."""
    searched = {"stdout": run.stdout, "stderr": run.stderr}
    for path in sorted(tmp_path.rglob("*")):
        if path.is_file() and path not in inputs:
            searched[str(path.relative_to(tmp_path))] = path.read_text(errors="replace")
    assert "ansible.log" in searched and "results.jsonl" in searched
    leaks = {where: search(text) for where, text in searched.items()}
    leaks = {where: found for where, found in leaks.items() if found}
    bump("canary_runs")
    bump("canary_files", len(searched))
    bump("canary_leaks", sum(len(found) for found in leaks.values()))
    assert not leaks, "secrets leaked: %s" % leaks


@pytest.mark.parametrize(
    "scenario,source,version,module",
    CASES,
    ids=["-".join(case[:3] if case[3] == PHONE_NUMBERS else case[:3] + (case[3].rsplit(".", 1)[1],)) for case in CASES],
)
def test_canary_credentials_never_leak(emulator, tls_emulator, tmp_path, scenario, source, version, module):
    credentials = [{"access_key_id": KEY_ID, "access_key_secret": SECRET, "security_token": TOKEN}]
    emulator.reset(seed({NUMBER: "Outbound"}, pool=[NEW], credentials=credentials, do_not_call=[NUMBER]))
    endpoint = {"tls-failure": tls_emulator.url, "unreachable": "http://127.0.0.1:%d" % closed_port()}.get(
        scenario, emulator.url
    )
    secret = WRONG_SECRET if scenario == "signature-mismatch" else SECRET
    args = dict(
        MODULES[module],
        instance_id="ccc-missing" if scenario == "api-error" else "ccc-rel",
        endpoint=endpoint,
        signature_version=version,
        timeout=2,
        max_retries=1,
    )
    env = {}
    inputs = {tmp_path / "playbook.yml"}
    if source == "options":
        args.update(access_key_id=KEY_ID, access_key_secret=secret, security_token=TOKEN)
    elif source == "env":
        env = {
            "ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID,
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
            "ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN,
        }
    elif source == "alicloud-env":
        env = {"ALICLOUD_ACCESS_KEY": KEY_ID, "ALICLOUD_SECRET_KEY": secret, "ALICLOUD_SECURITY_TOKEN": TOKEN}
    else:
        profile = tmp_path / "home" / ".aliyun" / "config.json"
        profile.parent.mkdir(parents=True)
        profile.write_text(
            json.dumps(
                {
                    "current": "canary",
                    "profiles": [
                        {
                            "name": "canary",
                            "mode": "StsToken",
                            "access_key_id": KEY_ID,
                            "access_key_secret": secret,
                            "sts_token": TOKEN,
                            "region_id": "cn-shanghai",
                        }
                    ],
                }
            )
        )
        args["profile"] = "canary"
        inputs.add(profile)

    run = run_playbook(args, tmp_path, env=env, unset=CA_VARIABLES, extra=("-vvvv", "--diff"), module=module)
    result = run.result
    why = "\n" + run.describe()

    # The run must have taken the path the scenario names, or the search below proves nothing.
    expected = SCENARIOS[scenario]
    if expected is None:
        assert not result["failed"] and result.get("changed") is not module.endswith("_info"), why
    else:
        assert result["failed"], why
        said = "%s %s" % ((result.get("error") or {}).get("code"), result.get("msg"))
        assert re.search(expected, said, re.IGNORECASE), "run did not end as %s" % scenario + why

    _assert_nothing_leaked(run, tmp_path, inputs, _search)


def test_canary_search_finds_a_planted_leak():
    """The detector itself: each canary and a signature of either scheme is found when present."""
    for canary in CANARIES:
        assert _search("msg: failed with %s inside" % canary)
    assert _search("Authorization: ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=" + "ab" * 32)
    assert _search("GET /?Action=List&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D HTTP/1.1")
    assert not _search("SignatureDoesNotMatch: the signature does not match")


# --- temporary keys: STS, OIDC, metadata service, credentials URI -----------------------------------

ROLE = "acs:ram::1234567890123456:role/ccc-operator"
OIDC_PROVIDER = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-emulator"
OIDC_TOKEN = "CanaryOidcToken-5d2e7a90-DO-NOT-LEAK"
POLICY = (
    '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ccc:*", "Resource": "CanaryPolicy-DO-NOT-LEAK"}]}'
)
POLICY_CANARY = "CanaryPolicy-DO-NOT-LEAK"
# The sign-in profiles' secrets: the CloudSSO access token, the OAuth pair, and what an External command prints.
SSO_TOKEN = "CanarySsoAccessToken-3c9d01b2-DO-NOT-LEAK"
OAUTH_ACCESS = "CanaryOAuthAccess-8e21f6c4-DO-NOT-LEAK"
OAUTH_REFRESH = "CanaryOAuthRefresh-a70b3d55-DO-NOT-LEAK"
EXT_KEY_ID = "STS.CanaryExternal01"
EXT_SECRET = "CanaryExternalSecret-1f0e9d8c-DO-NOT-LEAK"
EXT_TOKEN = "CanaryExternalToken-6b5a4f3e-DO-NOT-LEAK"
SIGN_IN_CANARIES = (SSO_TOKEN, OAUTH_ACCESS, OAUTH_REFRESH, EXT_SECRET, EXT_TOKEN)
# Every secret the emulator hands out has one of these shapes (identity.py, metadata.py, oauth.py).
ISSUED_PATTERNS = (
    re.compile(r"EmuTmpSecret-[0-9a-f]{24}"),
    re.compile(r"EmuTmpToken-[0-9a-f]{48}"),
    re.compile(r"EmuMetaToken-[0-9a-f]{32}"),
    re.compile(r"EmuOAuthAccess-[0-9a-f]{24}"),
    re.compile(r"EmuOAuthRefresh-[0-9a-f]{24}"),
)
TEMPORARY_SOURCES = (
    "assume-role",
    "oidc",
    "profile-ramrole",
    "profile-chained",
    "ecs-metadata",
    "credentials-uri",
    "profile-cloud-sso",
    "profile-oauth",
    "profile-external",
)
# scenario -> what the run must end with (None: success)
TEMPORARY_SCENARIOS = {
    "success": None,
    "api-error": r"NotExists\.InstanceId",
    "sts-refused": r"EntityNotExist\.Role|AuthenticationFail\.OIDCToken\.Invalid|CredentialsNotFound|EcsMetadataError"
    r"|InvalidAccessToken|OAuthError|ExternalCredentialsError",
    "refresh": None,
}
TEMPORARY_CASES = [(scenario, source) for scenario in TEMPORARY_SCENARIOS for source in TEMPORARY_SOURCES]


def _search_temporary(text: str) -> list[str]:
    found = _search(text)
    found += [c for c in (OIDC_TOKEN, POLICY_CANARY) + SIGN_IN_CANARIES if c in text]
    found += [p.pattern for p in ISSUED_PATTERNS if p.search(text)]
    return found


# An External profile's command: prints the canary key (expiring in 2 s in the refresh scenario, so it runs
# again), or prints it to its error output and fails; it notes each run.
EXTERNAL_HELPER = """import datetime, json, pathlib, sys
here = pathlib.Path(__file__).parent
with open(here / "runs", "a") as runs:
    runs.write("run\\n")
key = {"mode": "StsToken", "access_key_id": %r, "access_key_secret": %r, "sts_token": %r}
if sys.argv[1] == "refresh":
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)
    key["expiration"] = soon.strftime("%%Y-%%m-%%dT%%H:%%M:%%SZ")
if sys.argv[1] == "sts-refused":
    sys.stderr.write(json.dumps(key))
    sys.exit(2)
print(json.dumps(key))
""" % (EXT_KEY_ID, EXT_SECRET, EXT_TOKEN)


def _sign_in_profile(path, source, scenario, emulator):
    profile = {
        "profile-cloud-sso": {
            "mode": "CloudSSO",
            "cloud_sso_sign_in_url": emulator.url + "/device/login",
            "cloud_sso_account_id": "1234567890123456",
            "cloud_sso_access_config": "ac-ccc-emulator",
            "access_token": SSO_TOKEN,
            "cloud_sso_access_token_expire": int(time.time()) + 3600,
        },
        "profile-oauth": {
            # ten minutes left: under the twenty the CLI keeps, so the refresh token is used too
            "mode": "OAuth",
            "oauth_site_type": "INTL",
            "oauth_access_token": OAUTH_ACCESS,
            "oauth_access_token_expire": int(time.time()) + 600,
            "oauth_refresh_token": OAUTH_REFRESH,
        },
        "profile-external": {
            "mode": "External",
            "process_command": "%s %s %s" % (sys.executable, path.parent / "helper.py", scenario),
        },
    }[source]
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / "helper.py").write_text(EXTERNAL_HELPER)
    path.write_text(json.dumps({"current": "p", "profiles": [dict(profile, name="p")]}))
    os.chmod(path, 0o600)


def _profile_file(path, source, secret):
    role = {"ram_role_arn": ROLE, "ram_session_name": "canary", "policy": POLICY}
    profiles = {
        "profile-ramrole": [
            dict(role, name="p", mode="RamRoleArn", access_key_id=KEY_ID, access_key_secret=secret, sts_token=TOKEN)
        ],
        "profile-chained": [
            dict(role, name="p", mode="ChainableRamRoleArn", source_profile="base"),
            {
                "name": "base",
                "mode": "StsToken",
                "access_key_id": KEY_ID,
                "access_key_secret": secret,
                "sts_token": TOKEN,
            },
        ],
    }[source]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"current": "p", "profiles": profiles}))


@pytest.mark.parametrize("scenario,source", TEMPORARY_CASES, ids=["-".join(case) for case in TEMPORARY_CASES])
def test_canary_credentials_never_leak_through_temporary_keys(emulator, tmp_path, scenario, source):
    credentials = [
        {"access_key_id": KEY_ID, "access_key_secret": SECRET, "security_token": TOKEN},
        {"access_key_id": EXT_KEY_ID, "access_key_secret": EXT_SECRET, "security_token": EXT_TOKEN},
    ]
    emulator.reset(seed({NUMBER: "Outbound"}, pool=[NEW], credentials=credentials))
    identity = {
        "oidc": {"provider_arn": OIDC_PROVIDER, "token": OIDC_TOKEN},
        "metadata": {"imds": "required"},
        "cloud_sso": {"access_token": SSO_TOKEN},
        "oauth": {"refresh_token": OAUTH_REFRESH, "access_token": OAUTH_ACCESS},
    }
    refused = scenario == "sts-refused"
    if refused:
        identity["roles"] = {}  # no role can be assumed
        identity["metadata"] = {"imds": "required", "role": None}
        identity["oidc"]["token"] = "another-token"
        identity["cloud_sso"] = {"access_token": "another-token"}
        identity["oauth"] = {"refresh_token": "another-token", "access_token": None}
    if scenario == "refresh":
        identity["lifetime_seconds"] = 2
        emulator.add_faults([{"action": "ListPhoneNumbers", "kind": "latency", "delay_ms": 2100}])
    emulator.configure_identity(identity)
    args = {
        "instance_id": "ccc-missing" if scenario == "api-error" else "ccc-rel",
        "numbers": [NUMBER, NEW],
        "usage": "Inbound",
        "endpoint": emulator.url,
        "sts_endpoint": emulator.url,
        "timeout": 5,
        "max_retries": 1,
    }
    env = {"ALICLOUD_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-config.json")}
    unset = ()
    inputs = {tmp_path / "playbook.yml"}
    if source == "assume-role":
        args.update(access_key_id=KEY_ID, access_key_secret=SECRET, security_token=TOKEN)
        args["assume_role"] = {"role_arn": ROLE, "policy": POLICY}
    elif source == "oidc":
        token_file = tmp_path / "oidc" / "token"
        token_file.parent.mkdir()
        token_file.write_text(OIDC_TOKEN)
        inputs.add(token_file)
        env.update(
            ALIBABA_CLOUD_ROLE_ARN=ROLE,
            ALIBABA_CLOUD_OIDC_PROVIDER_ARN=OIDC_PROVIDER,
            ALIBABA_CLOUD_OIDC_TOKEN_FILE=str(token_file),
        )
    elif source in ("profile-cloud-sso", "profile-oauth", "profile-external"):
        config = tmp_path / "home" / ".aliyun" / "config.json"
        _sign_in_profile(config, source, scenario, emulator)
        inputs.update((config, config.parent / "helper.py"))
        if source == "profile-external":
            inputs.add(config.parent / "runs")
        env.pop("ALICLOUD_SHARED_CREDENTIALS_FILE")
        env["ALIBABACLOUD_CCC_OAUTH_ENDPOINT"] = emulator.url
    elif source.startswith("profile-"):
        config = tmp_path / "home" / ".aliyun" / "config.json"
        _profile_file(config, source, SECRET)
        inputs.add(config)
        env.pop("ALICLOUD_SHARED_CREDENTIALS_FILE")
    elif source == "ecs-metadata":
        env["ALIBABACLOUD_CCC_METADATA_ENDPOINT"] = emulator.url
        unset = ("ALIBABA_CLOUD_ECS_METADATA_DISABLED",)
    else:
        env["ALIBABA_CLOUD_CREDENTIALS_URI"] = emulator.url + "/credentials-uri"
        args["assume_role"] = {"role_arn": ROLE, "policy": POLICY}

    run = run_playbook(args, tmp_path, env=env, unset=CA_VARIABLES + unset, extra=("-vvvv", "--diff"))
    emulator.clear_faults()
    result = run.result
    why = "\n" + run.describe()
    expected = TEMPORARY_SCENARIOS[scenario]
    if expected is None:
        assert not result["failed"] and result.get("changed") is True, why
        keys = emulator.identity()["ccc_calls_by_key"]
        issued = (EXT_KEY_ID,) if source == "profile-external" else ("STS.Emu",)
        assert keys and all(key.startswith(issued) for key in keys), keys
    else:
        assert result["failed"], why
        said = "%s %s" % ((result.get("error") or {}).get("code"), result.get("msg"))
        assert re.search(expected, said), "run did not end as %s" % scenario + why
    if scenario == "refresh" and source == "profile-external":
        assert (tmp_path / "home" / ".aliyun" / "runs").read_text().count("run") >= 2, why
    elif scenario == "refresh":
        assert emulator.identity()["counters"].get("issued", 0) >= 2, why

    _assert_nothing_leaked(run, tmp_path, inputs, _search_temporary)


def test_temporary_canary_search_finds_a_planted_leak():
    for text in (
        OIDC_TOKEN,
        POLICY_CANARY,
        "EmuTmpSecret-" + "a1" * 12,
        "EmuTmpToken-" + "b2" * 24,
        "EmuMetaToken-" + "c3" * 16,
        "EmuOAuthAccess-" + "d4" * 12,
        "EmuOAuthRefresh-" + "e5" * 12,
    ) + SIGN_IN_CANARIES:
        assert _search_temporary("msg: %s" % text), text
