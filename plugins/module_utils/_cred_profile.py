# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: an aliyun CLI profile, turned into a provider.

The file is `ALIBABA_CLOUD_CONFIG_FILE`, else `ALICLOUD_SHARED_CREDENTIALS_FILE`, else
`~/.aliyun/config.json`; the profile is the `profile` option, else `ALIBABACLOUD_PROFILE`,
`ALIBABA_CLOUD_PROFILE`, `ALICLOUD_PROFILE` (the CLI's order), else the file's `current`, else `default`.
`ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true` skips the file unless the `profile` option names a profile.

`MODES` is the one table from a profile's mode to the provider it makes, with the CLI's field names. A
profile without `mode` (older files) gets the mode the CLI recognises from its fields.
"""

from __future__ import annotations

import os
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils import (
    _cred_cloud_sso,
    _cred_ecs_metadata,
    _cred_external,
    _cred_oauth,
    _cred_oidc,
    _cred_sts,
    _cred_uri,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Credentials,
    NotHere,
    Resolved,
    env_true,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_config_file import (
    config_file_path,
    find_profile,
    load_config,
    profile_names,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

PROFILE_ENV = ("ALIBABACLOUD_PROFILE", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE")
DISABLED_ENV = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED"
REFUSED_MODES = {
    "RamRoleArnWithRoleName": "is deprecated by the aliyun CLI and refused by the official libraries; use "
    "ChainableRamRoleArn with an EcsRamRole source_profile",
}

Profile = namedtuple("Profile", "path name fields where")
Profile.__doc__ = "One profile of the file: its path, its name, its fields (a dict) and how messages name it."


def requested_profile(options, env):
    """(profile name, who asked for it) from the option or the environment, else (None, None)."""
    if text_value(options, "profile"):
        return text_value(options, "profile"), "the profile option"
    for name in PROFILE_ENV:
        if text_value(env, name):
            return text_value(env, name), name
    return None, None


def mode_of(fields) -> str | None:
    """The profile's mode, or the one the CLI recognises from the fields of a profile without one."""
    mode = text_value(fields, "mode")
    if mode:
        return mode.strip()
    if text_value(fields, "access_key_id") and text_value(fields, "access_key_secret"):
        if text_value(fields, "sts_token"):
            return "StsToken"
        return "RamRoleArn" if text_value(fields, "ram_role_arn") else "AK"
    if text_value(fields, "ram_role_name"):
        return "EcsRamRole"
    if text_value(fields, "process_command"):
        return "External"
    if all(text_value(fields, f) for f in ("oidc_provider_arn", "oidc_token_file", "ram_role_arn")):
        return "OIDC"
    if text_value(fields, "cloud_sso_sign_in_url"):
        return "CloudSSO"
    return None


# --- the modes ------------------------------------------------------------------------------------------


def _keys(fields, token=None) -> Credentials:
    return Credentials(text_value(fields, "access_key_id"), text_value(fields, "access_key_secret"), token)


def _role(context, profile):
    fields = profile.fields
    expired = fields.get("expired_seconds")
    # The CLI writes 0 when the field was not given.
    duration = expired if expired not in (None, "", 0, "0") else None
    given = text_value(fields, "ram_session_name") or text_value(fields, "role_session_name")
    return _cred_sts.make_role(
        text_value(fields, "ram_role_arn"),
        session_name=_cred_sts.session_name(given, context.env),
        duration_seconds=duration,
        external_id=text_value(fields, "external_id"),
        policy=text_value(fields, "policy"),
        where=profile.where,
    )


def _sts_endpoint(context, fields) -> str:
    vpc = fields.get("enable_vpc")
    return _cred_sts.sts_endpoint(
        context.options.get("sts_endpoint"),
        context.env,
        region=text_value(fields, "sts_region"),
        vpc=None if vpc in (None, "") else vpc is True or str(vpc).lower() == "true",
        endpoint=text_value(fields, "sts_endpoint"),
    )


def _assumed(context, profile, base):
    role = _role(context, profile)
    description = "role %s assumed with %s" % (role.role_arn, profile.where)
    return _cred_sts.assumed(context, base, role, _sts_endpoint(context, profile.fields), description)


def _ak(context, profile, _source):
    return context.static(_keys(profile.fields))


def _sts_token(context, profile, _source):
    return context.static(_keys(profile.fields, text_value(profile.fields, "sts_token")))


def _ram_role_arn(context, profile, _source):
    base = context.static(_keys(profile.fields, text_value(profile.fields, "sts_token")))
    return _assumed(context, profile, base)


def _chainable(context, profile, source):
    return _assumed(context, profile, source(text_value(profile.fields, "source_profile")))


def _ecs(context, profile, _source):
    return _cred_ecs_metadata.provider(context, text_value(profile.fields, "ram_role_name"), profile.where)


def _oidc(context, profile, _source):
    fields = profile.fields
    return _cred_oidc.provider(
        context,
        _role(context, profile),
        text_value(fields, "oidc_provider_arn").strip(),
        text_value(fields, "oidc_token_file").strip(),
        _sts_endpoint(context, fields),
        profile.where,
    )


def _uri(context, profile, _source):
    uri = text_value(profile.fields, "credentials_uri")
    return _cred_uri.provider(context, uri, "credentials_uri of " + profile.where, profile.where)


# mode -> (fields it cannot do without, as the CLI writes them; the provider it makes)
MODES = {
    "AK": (("access_key_id", "access_key_secret"), _ak),
    "StsToken": (("access_key_id", "access_key_secret", "sts_token"), _sts_token),
    "RamRoleArn": (("access_key_id", "access_key_secret", "ram_role_arn"), _ram_role_arn),
    "ChainableRamRoleArn": (("source_profile", "ram_role_arn"), _chainable),
    "EcsRamRole": ((), _ecs),
    "OIDC": (("oidc_provider_arn", "oidc_token_file", "ram_role_arn"), _oidc),
    "CredentialsURI": (("credentials_uri",), _uri),
    "CloudSSO": (_cred_cloud_sso.REQUIRED, _cred_cloud_sso.from_profile),
    "OAuth": ((), _cred_oauth.from_profile),
    "External": (("process_command",), _cred_external.from_profile),
}


def build(context, path: str, config: dict, name: str, asked_by=None, chain=()):
    """The provider of profile `name` of the file at `path` (already read into `config`)."""
    if name in chain:
        raise CCCError(
            "ProfileCycle",
            "profile '%s' in %s: source_profile goes round in a circle (%s)"
            % (chain[0], path, " -> ".join(chain + (name,))),
        )
    fields = find_profile(config, name)
    if fields is None:
        known = ", ".join(sorted(profile_names(config))) or "none"
        raise CCCError(
            "ProfileNotFound",
            "profile '%s' (from %s) is not in %s (profiles there: %s)"
            % (name, asked_by or "the file's current profile", path, known),
        )
    profile = Profile(path, name, fields, "profile '%s' in %s" % (name, path))
    mode = mode_of(fields)
    if mode in REFUSED_MODES:
        raise CCCError(
            "UnsupportedProfileMode", "%s uses mode '%s', which %s" % (profile.where, mode, REFUSED_MODES[mode])
        )
    if mode not in MODES:
        raise CCCError(
            "UnsupportedProfileMode",
            "%s %s; use one of %s, or give the keys as options or environment variables"
            % (
                profile.where,
                "uses mode '%s', which is not supported" % mode if mode else "has no mode and no fields that name one",
                ", ".join(MODES),
            ),
        )
    required, make = MODES[mode]
    missing = [f for f in required if not text_value(fields, f)]
    if missing:
        raise CCCError("IncompleteCredentials", "%s (mode %s) has no %s" % (profile.where, mode, ", ".join(missing)))

    def source(source_name):
        return build(context, path, config, source_name, "source_profile of profile '%s'" % name, chain + (name,))

    return make(context, profile, source)


def load(context) -> Resolved:
    """The profile of the aliyun CLI config file. A profile named by the environment that the file does not
    have is not an error: the same variable names a section of credentials.ini, the next source."""
    option = text_value(context.options, "profile")
    if env_true(context.env, DISABLED_ENV) and not option:
        raise NotHere("turned off by %s=true" % DISABLED_ENV)
    path = config_file_path(context.env, context.home)
    name, asked_by = requested_profile(context.options, context.env)
    if not os.path.exists(path) and not option:
        raise NotHere("%s does not exist" % path)
    config = load_config(path)
    if not name:
        name = text_value(config, "current")
        if not name and "default" not in profile_names(config):
            raise NotHere("%s names no current profile and has none called default" % path)
        name = name or "default"
    if find_profile(config, name) is None and not option:
        known = ", ".join(sorted(profile_names(config))) or "none"
        raise NotHere(
            "profile '%s' (from %s) is not in %s (profiles there: %s)"
            % (name, asked_by or "the file's current profile", path, known)
        )
    where = "profile '%s' in %s" % (name, path)
    provider = build(context, path, config, name, asked_by)
    return Resolved(provider, where, text_value(find_profile(config, name), "region_id"))
