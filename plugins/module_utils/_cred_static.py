# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: access keys given as they are (options or environment).

Pure: options and environment are mappings. A source that is only partly filled in is an error, never
mixed with another source.
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Credentials,
    NotHere,
    Resolved,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

OPTION_NAMES = ("access_key_id", "access_key_secret", "security_token")
# (access key id, secret, token) per environment family, in precedence order.
ENV_SOURCES = (
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"),
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"),
)


def from_triple(values: tuple, names: tuple, where: str) -> Credentials | None:
    """Credentials from (id, secret, token), None when all three are unset, an error when half set."""
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


def from_options(options) -> Credentials | None:
    return from_triple(tuple(text_value(options, n) for n in OPTION_NAMES), OPTION_NAMES, "module options")


def from_env(env):
    """(Credentials, the variable family's first name) from the first family that has any, else None."""
    for names in ENV_SOURCES:
        found = from_triple(tuple(text_value(env, n) for n in names), names, "environment")
        if found:
            return found, names[0]
    return None


def load_options(context) -> Resolved:
    """The access_key_id/access_key_secret/security_token options."""
    keys = from_options(context.options)
    if not keys:
        raise NotHere("access_key_id and access_key_secret are not set")
    if text_value(context.options, "ecs_role_name"):
        raise CCCError("InvalidOption", "give either access_key_id/access_key_secret or ecs_role_name, not both")
    return Resolved(context.static(keys), "module options")


def load_env(context) -> Resolved:
    """ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, then the alicloud names."""
    found = from_env(context.env)
    if not found:
        raise NotHere("neither %s/%s nor %s/%s is set" % (ENV_SOURCES[0][:2] + ENV_SOURCES[1][:2]))
    return Resolved(context.static(found[0]), "environment (%s)" % found[1])
