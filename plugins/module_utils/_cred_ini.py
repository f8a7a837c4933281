# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: `~/.alibabacloud/credentials.ini`, the official libraries'
own file (`ALIBABA_CLOUD_CREDENTIALS_FILE` moves it).

The section is `ALIBABA_CLOUD_PROFILE`, else `default`; its `type` is `access_key`, `ecs_ram_role`,
`ram_role_arn` or `oidc_role_arn`, with the official field names. As the official reader does, a value ends
at the first `#`.
"""

from __future__ import annotations

import configparser
import os

from ansible_collections.alibabacloud.ccc.plugins.module_utils import _cred_ecs_metadata, _cred_oidc, _cred_sts
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Credentials,
    NotHere,
    Resolved,
    read_secret_file,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

PATH_ENV = "ALIBABA_CLOUD_CREDENTIALS_FILE"
SECTION_ENV = "ALIBABA_CLOUD_PROFILE"


def file_path(env, home: str) -> str:
    given = text_value(env, PATH_ENV)
    return os.path.expanduser(given.strip()) if given else os.path.join(home, ".alibabacloud", "credentials.ini")


def read_sections(path: str) -> dict:
    text = read_secret_file(path, "the credentials file")
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text, source=path)
    except configparser.Error:
        # The parser's message quotes the line, which may be a secret.
        raise CCCError("CredentialsFileError", "the credentials file %s is not a valid INI file" % path) from None
    return {
        section: {key: value.split("#")[0].strip() for key, value in parser.items(section)}
        for section in parser.sections()
    }


def _keys(section) -> Credentials:
    return Credentials(text_value(section, "access_key_id"), text_value(section, "access_key_secret"), None)


def _role(context, section, where):
    return _cred_sts.make_role(
        text_value(section, "role_arn"),
        session_name=_cred_sts.session_name(text_value(section, "role_session_name"), context.env),
        policy=text_value(section, "policy"),
        where=where,
    )


def _access_key(context, section, where):
    return context.static(_keys(section))


def _ram_role_arn(context, section, where):
    role = _role(context, section, where)
    endpoint_url = _cred_sts.sts_endpoint(context.options.get("sts_endpoint"), context.env)
    description = "role %s assumed with %s" % (role.role_arn, where)
    return _cred_sts.assumed(context, context.static(_keys(section)), role, endpoint_url, description)


def _oidc_role_arn(context, section, where):
    endpoint_url = _cred_sts.sts_endpoint(context.options.get("sts_endpoint"), context.env)
    return _cred_oidc.provider(
        context,
        _role(context, section, where),
        text_value(section, "oidc_provider_arn"),
        text_value(section, "oidc_token_file_path"),
        endpoint_url,
        where,
    )


def _ecs_ram_role(context, section, where):
    return _cred_ecs_metadata.provider(context, text_value(section, "role_name"), where)


# type -> (fields it cannot do without, the provider it makes)
TYPES = {
    "access_key": (("access_key_id", "access_key_secret"), _access_key),
    "ram_role_arn": (("access_key_id", "access_key_secret", "role_arn"), _ram_role_arn),
    "oidc_role_arn": (("role_arn", "oidc_provider_arn", "oidc_token_file_path"), _oidc_role_arn),
    "ecs_ram_role": ((), _ecs_ram_role),
}


def load(context) -> Resolved:
    path = file_path(context.env, context.home)
    if not os.path.exists(path):
        raise NotHere("%s does not exist" % path)
    name = (text_value(context.env, SECTION_ENV) or "default").strip()
    section = read_sections(path).get(name)
    if section is None:
        raise NotHere("%s has no section [%s]" % (path, name))
    where = "section [%s] of %s" % (name, path)
    kind = text_value(section, "type")
    if kind not in TYPES:
        raise CCCError(
            "UnsupportedProfileMode",
            "%s has type %r; use one of %s" % (where, (kind or "")[:40], ", ".join(TYPES)),
        )
    required, make = TYPES[kind]
    missing = [f for f in required if not text_value(section, f)]
    if missing:
        raise CCCError("IncompleteCredentials", "%s (type %s) has no %s" % (where, kind, ", ".join(missing)))
    return Resolved(make(context, section, where), where)
