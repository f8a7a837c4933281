# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: OIDC (RRSA) credentials, as ACK and AWX on ACK provide them.

The pod gets a role ARN, an OIDC provider ARN and a token file; STS AssumeRoleWithOIDC trades the token
for temporary keys. The token file is read afresh on every fetch, because the platform rotates it.
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils import _cred_sts
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    NotHere,
    Resolved,
    read_secret_file,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

ENV_NAMES = ("ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE")
# Variables that mean OIDC and nothing else. ALIBABA_CLOUD_ROLE_ARN is not one: other tools read it alone.
OIDC_ONLY = ENV_NAMES[1:]
SESSION_ENV = _cred_sts.SESSION_ENV


def from_env(env):
    """(role ARN, provider ARN, token file) when all three variables are set, None when none of the
    OIDC-only ones is; an OIDC-only variable without the others is an error naming the missing ones."""
    values = [text_value(env, name) for name in ENV_NAMES]
    if all(values):
        return tuple(v.strip() for v in values)
    if not any(values[1:]):
        return None
    present = [n for n, v in zip(ENV_NAMES, values) if v]
    missing = [n for n, v in zip(ENV_NAMES, values) if not v]
    raise CCCError(
        "IncompleteCredentials",
        "OIDC (RRSA) credentials need all of %s: %s set but %s not"
        % (", ".join(ENV_NAMES), " and ".join(present), " and ".join(missing)),
    )


def read_token(path: str) -> str:
    token = read_secret_file(path, "the OIDC token file").strip()
    if not token:
        raise CCCError("CredentialsFileError", "the OIDC token file %s is empty" % path)
    return token


def fetcher(role, provider_arn: str, token_file: str, http, endpoint_url: str, *, secrets=None):
    """A `fetch() -> Temporary` that reads the token and calls AssumeRoleWithOIDC."""

    def fetch():
        token = read_token(token_file)
        if secrets is not None:
            secrets.add(token)
        return _cred_sts.assume_role_with_oidc(http, endpoint_url, role, provider_arn, token, secrets=secrets)

    return fetch


def provider(context, role, provider_arn: str, token_file: str, endpoint_url: str, description: str):
    fetch = fetcher(
        role, provider_arn, token_file, context.transport(description), endpoint_url, secrets=context.secrets
    )
    return context.refreshing(fetch, description)


def load(context) -> Resolved:
    """The OIDC variables, when all three are set."""
    found = from_env(context.env)
    if not found:
        raise NotHere("%s are not all set" % ", ".join(ENV_NAMES))
    role_arn, provider_arn, token_file = found
    role = _cred_sts.make_role(
        role_arn, session_name=_cred_sts.session_name(None, context.env), where="OIDC (%s)" % SESSION_ENV
    )
    endpoint_url = _cred_sts.sts_endpoint(context.options.get("sts_endpoint"), context.env)
    description = "OIDC role %s (ALIBABA_CLOUD_ROLE_ARN)" % role_arn
    return Resolved(provider(context, role, provider_arn, token_file, endpoint_url, description), description)
