# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: OIDC (RRSA) credentials, as ACK and AWX on ACK provide them.

The pod gets a role ARN, an OIDC provider ARN and a token file; STS AssumeRoleWithOIDC trades the token
for temporary keys. The token file is read afresh on every fetch, because the platform rotates it.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import read_secret_file, text_value
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_sts import assume_role_with_oidc
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

ENV_NAMES = ("ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE")
SESSION_ENV = "ALIBABA_CLOUD_ROLE_SESSION_NAME"

Oidc = namedtuple("Oidc", "role provider_arn token_file")
Oidc.__doc__ = "A `_cred_sts.Role`, the OIDC provider's ARN and the path of the token file."


def from_env(env):
    """(role ARN, provider ARN, token file, session name) from the environment, None when none of the
    three is set; one or two of them set is an error naming the missing ones."""
    values = [text_value(env, name) for name in ENV_NAMES]
    if not any(values):
        return None
    if not all(values):
        present = [n for n, v in zip(ENV_NAMES, values) if v]
        missing = [n for n, v in zip(ENV_NAMES, values) if not v]
        raise CCCError(
            "IncompleteCredentials",
            "OIDC (RRSA) credentials need all of %s: %s set but %s not"
            % (", ".join(ENV_NAMES), " and ".join(present), " and ".join(missing)),
        )
    return tuple(v.strip() for v in values) + (text_value(env, SESSION_ENV),)


def read_token(path: str) -> str:
    token = read_secret_file(path, "the OIDC token file").strip()
    if not token:
        raise CCCError("CredentialsFileError", "the OIDC token file %s is empty" % path)
    return token


def fetcher(oidc: Oidc, http, endpoint_url: str, *, secrets=None):
    """A `fetch() -> Temporary` that reads the token and calls AssumeRoleWithOIDC."""

    def fetch():
        token = read_token(oidc.token_file)
        if secrets is not None:
            secrets.add(token)
        return assume_role_with_oidc(http, endpoint_url, oidc.role, oidc.provider_arn, token, secrets=secrets)

    return fetch
