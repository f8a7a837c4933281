# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: where the access key, secret and STS token come from.

Sources, first match wins: module options; ALIBABA_CLOUD_* environment; ALICLOUD_* environment;
an aliyun CLI profile (`~/.aliyun/config.json`, or the file named by ALICLOUD_SHARED_CREDENTIALS_FILE,
which Terraform's alicloud provider and the alibaba.alicloud collection read in the same format).
A source that is only partly filled in is an error: keys are never mixed across sources.

Pure apart from reading the profile file: options, environment and home directory are arguments.
"""

from __future__ import annotations

import json
import os
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

DEFAULT_REGION = "cn-shanghai"
SUPPORTED_MODES = ("AK", "StsToken")

# (label, access key id, secret, token) per environment family, in precedence order.
ENV_SOURCES = (
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"),
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"),
)
PROFILE_ENV = ("ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE")
REGION_ENV = ("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION")
CONFIG_FILE_ENV = "ALICLOUD_SHARED_CREDENTIALS_FILE"


class Credentials(namedtuple("Credentials", "access_key_id access_key_secret security_token")):
    """An access key pair and an optional STS token. The repr hides the secret and the token, so a
    stray debug print cannot leak them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Credentials(access_key_id=%r, access_key_secret='********', security_token=%s)" % (
            self.access_key_id,
            "'********'" if self.security_token else "None",
        )


class Resolved(namedtuple("Resolved", "credentials source region_hint")):
    """The credentials, a human description of their source, and the region the profile names."""

    __slots__ = ()


def _get(mapping, name):
    value = mapping.get(name)
    if value is None:
        return None
    value = str(value)
    return value if value.strip() else None


def _from_triple(values: tuple, names: tuple, where: str):
    key_id, secret, token = values
    if not any(values):
        return None
    if not key_id or not secret:
        present = [n for n, v in zip(names, values) if v]
        missing = [n for n, v in zip(names[:2], values[:2]) if not v]
        raise CCCError(
            "IncompleteCredentials",
            "%s: %s set but %s not; give the access key id and secret together from one place "
            "(sources are never mixed)" % (where, " and ".join(present), " and ".join(missing)),
        )
    return Credentials(key_id, secret, token)


def config_file_path(env, home: str) -> str:
    return _get(env, CONFIG_FILE_ENV) or os.path.join(home, ".aliyun", "config.json")


def _requested_profile(options, env):
    if _get(options, "profile"):
        return _get(options, "profile"), "the profile option"
    for name in PROFILE_ENV:
        if _get(env, name):
            return _get(env, name), name
    return None, None


def _load_config(path: str) -> dict:
    # Errors name the path and the problem; they never quote the file, which holds secrets.
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise CCCError("CredentialsFileError", "the aliyun CLI config file %s does not exist" % path) from None
    except OSError as exc:
        raise CCCError(
            "CredentialsFileError",
            "cannot read the aliyun CLI config file %s: %s" % (path, exc.strerror or type(exc).__name__),
        ) from None
    try:
        config = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CCCError("CredentialsFileError", "the aliyun CLI config file %s is not UTF-8 text" % path) from None
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


def _from_profile(path: str, config: dict, name: str, asked_by: str | None) -> Resolved:
    profiles = [p for p in config.get("profiles") or [] if isinstance(p, dict)]
    matches = [p for p in profiles if p.get("name") == name]
    if not matches:
        known = ", ".join(sorted(str(p.get("name")) for p in profiles)) or "none"
        origin = asked_by or "the file's current profile"
        raise CCCError(
            "ProfileNotFound", "profile '%s' (from %s) is not in %s (profiles there: %s)" % (name, origin, path, known)
        )
    profile = matches[0]
    mode = profile.get("mode") or "AK"
    where = "profile '%s' in %s" % (name, path)
    if mode not in SUPPORTED_MODES:
        raise CCCError(
            "UnsupportedProfileMode",
            "%s uses mode '%s', which is not supported; use a profile in mode AK or StsToken, "
            "or give the keys as options or environment variables" % (where, mode),
        )
    fields = (
        ("access_key_id", "access_key_secret", "sts_token")
        if mode == "StsToken"
        else ("access_key_id", "access_key_secret")
    )
    missing = [f for f in fields if not _get(profile, f)]
    if missing:
        raise CCCError("IncompleteCredentials", "%s (mode %s) has no %s" % (where, mode, ", ".join(missing)))
    token = _get(profile, "sts_token") if mode == "StsToken" else None
    creds = Credentials(_get(profile, "access_key_id"), _get(profile, "access_key_secret"), token)
    return Resolved(creds, where, _get(profile, "region_id"))


def resolve_credentials(options, env, home: str) -> Resolved:
    """Find the credentials to sign with. `options` are the module parameters, `env` a mapping
    like os.environ, `home` the directory holding `.aliyun/config.json`."""
    found = _from_triple(
        (_get(options, "access_key_id"), _get(options, "access_key_secret"), _get(options, "security_token")),
        ("access_key_id", "access_key_secret", "security_token"),
        "module options",
    )
    if found:
        return Resolved(found, "module options", None)
    for names in ENV_SOURCES:
        found = _from_triple(tuple(_get(env, n) for n in names), names, "environment")
        if found:
            return Resolved(found, "environment (%s)" % names[0], None)

    path = config_file_path(env, home)
    profile, asked_by = _requested_profile(options, env)
    if not profile and not os.path.exists(path):
        raise CCCError(
            "CredentialsNotFound",
            "no credentials found: set access_key_id and access_key_secret, or the environment "
            "variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or create an "
            "aliyun CLI profile (%s does not exist)" % path,
        )
    config = _load_config(path)
    if not profile:
        profile = _get(config, "current") or "default"
    return _from_profile(path, config, profile, asked_by)


def resolve_region(options, env, region_hint: str | None = None) -> str:
    """Region from the option, ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION, the profile, else cn-shanghai."""
    for value in (_get(options, "region"),) + tuple(_get(env, n) for n in REGION_ENV) + (region_hint,):
        if value:
            return value.strip()
    return DEFAULT_REGION
