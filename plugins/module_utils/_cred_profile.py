# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: an aliyun CLI profile, read into a description of what to do.

`~/.aliyun/config.json` (or the file in ALICLOUD_SHARED_CREDENTIALS_FILE, which Terraform's alicloud provider
and alibaba.alicloud read too), in every mode the CLI writes: AK, StsToken, RamRoleArn, ChainableRamRoleArn
(its `source_profile` resolved recursively, cycles refused), EcsRamRole, OIDC and CredentialsURI, with the
CLI's own field names. Pure apart from reading the file: the result is a tree of small records
(`Static`, `RamRole`, `Ecs`, `OidcProfile`, `Uri`) that the resolver turns into providers.
"""

from __future__ import annotations

import json
import os
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Credentials,
    read_secret_file,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_sts import make_role
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

PROFILE_ENV = ("ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE")
CONFIG_FILE_ENV = "ALICLOUD_SHARED_CREDENTIALS_FILE"
SUPPORTED_MODES = ("AK", "StsToken", "RamRoleArn", "ChainableRamRoleArn", "EcsRamRole", "OIDC", "CredentialsURI")

Static = namedtuple("Static", "credentials")
RamRole = namedtuple("RamRole", "base role sts_region enable_vpc")
Ecs = namedtuple("Ecs", "role_name")
OidcProfile = namedtuple("OidcProfile", "role provider_arn token_file sts_region enable_vpc")
Uri = namedtuple("Uri", "uri")
Profile = namedtuple("Profile", "spec where region_hint")


def config_file_path(env, home: str) -> str:
    return text_value(env, CONFIG_FILE_ENV) or os.path.join(home, ".aliyun", "config.json")


def requested_profile(options, env):
    """(profile name, who asked for it) from the option or the environment, else (None, None)."""
    if text_value(options, "profile"):
        return text_value(options, "profile"), "the profile option"
    for name in PROFILE_ENV:
        if text_value(env, name):
            return text_value(env, name), name
    return None, None


def load_config(path: str) -> dict:
    # Errors name the path and the problem; they never quote the file, which holds secrets.
    text = read_secret_file(path, "the aliyun CLI config file")
    try:
        config = json.loads(text)
    except ValueError as exc:
        raise CCCError(
            "CredentialsFileError",
            "the aliyun CLI config file %s is not valid JSON (line %d, column %d)" % (path, exc.lineno, exc.colno),
        ) from None
    if not isinstance(config, dict) or not isinstance(config.get("profiles", []), list):
        raise CCCError(
            "CredentialsFileError",
            "the aliyun CLI config file %s does not have the expected layout (an object with a 'profiles' list)" % path,
        )
    return config


def profile_names(config) -> list[str]:
    return [str(p.get("name")) for p in config.get("profiles") or [] if isinstance(p, dict)]


def read_profile(path: str, config: dict, name: str, asked_by=None) -> Profile:
    """The profile `name` as a `Profile(spec, where, region_hint)`."""
    return _read(path, config, name, asked_by, ())


def _find(path, config, name, asked_by):
    matches = [p for p in config.get("profiles") or [] if isinstance(p, dict) and p.get("name") == name]
    if not matches:
        known = ", ".join(sorted(profile_names(config))) or "none"
        raise CCCError(
            "ProfileNotFound",
            "profile '%s' (from %s) is not in %s (profiles there: %s)"
            % (name, asked_by or "the file's current profile", path, known),
        )
    return matches[0]


def _read(path, config, name, asked_by, chain) -> Profile:
    if name in chain:
        raise CCCError(
            "ProfileCycle",
            "profile '%s' in %s: source_profile goes round in a circle (%s)"
            % (chain[0], path, " -> ".join(chain + (name,))),
        )
    profile = _find(path, config, name, asked_by)
    mode = profile.get("mode") or "AK"
    where = "profile '%s' in %s" % (name, path)
    region_hint = text_value(profile, "region_id")
    if mode not in SUPPORTED_MODES:
        raise CCCError(
            "UnsupportedProfileMode",
            "%s uses mode '%s', which is not supported; use one of %s, or give the keys as options or "
            "environment variables" % (where, mode, ", ".join(SUPPORTED_MODES)),
        )
    _require(profile, where, mode)
    if mode in ("AK", "StsToken"):
        token = text_value(profile, "sts_token") if mode == "StsToken" else None
        return Profile(Static(_keys(profile, token)), where, region_hint)
    if mode == "EcsRamRole":
        return Profile(Ecs(text_value(profile, "ram_role_name")), where, region_hint)
    if mode == "CredentialsURI":
        return Profile(Uri(text_value(profile, "credentials_uri").strip()), where, region_hint)
    role = _role(profile, where)
    sts_region, enable_vpc = text_value(profile, "sts_region"), bool(profile.get("enable_vpc"))
    if mode == "OIDC":
        spec = OidcProfile(
            role,
            text_value(profile, "oidc_provider_arn").strip(),
            text_value(profile, "oidc_token_file").strip(),
            sts_region,
            enable_vpc,
        )
        return Profile(spec, where, region_hint)
    if mode == "RamRoleArn":
        base = Static(_keys(profile, text_value(profile, "sts_token")))
    else:
        source = text_value(profile, "source_profile")
        base = _read(path, config, source, "source_profile of profile '%s'" % name, chain + (name,)).spec
    return Profile(RamRole(base, role, sts_region, enable_vpc), where, region_hint)


# The fields each mode cannot do without, as the CLI writes them.
_REQUIRED = {
    "AK": ("access_key_id", "access_key_secret"),
    "StsToken": ("access_key_id", "access_key_secret", "sts_token"),
    "RamRoleArn": ("access_key_id", "access_key_secret", "ram_role_arn"),
    "ChainableRamRoleArn": ("source_profile", "ram_role_arn"),
    "EcsRamRole": (),
    "OIDC": ("oidc_provider_arn", "oidc_token_file", "ram_role_arn"),
    "CredentialsURI": ("credentials_uri",),
}


def _require(profile, where, mode):
    missing = [f for f in _REQUIRED[mode] if not text_value(profile, f)]
    if missing:
        raise CCCError("IncompleteCredentials", "%s (mode %s) has no %s" % (where, mode, ", ".join(missing)))


def _keys(profile, token) -> Credentials:
    return Credentials(text_value(profile, "access_key_id"), text_value(profile, "access_key_secret"), token)


def _role(profile, where):
    expired = profile.get("expired_seconds")
    # The CLI writes 0 when the field was not given.
    duration = expired if expired not in (None, "", 0, "0") else None
    return make_role(
        text_value(profile, "ram_role_arn"),
        session_name=text_value(profile, "ram_session_name") or text_value(profile, "role_session_name"),
        duration_seconds=duration,
        external_id=text_value(profile, "external_id"),
        policy=text_value(profile, "policy"),
        where=where,
    )
