# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the chain that chooses where credentials come from.

`SOURCES` is the chain: the official default chain (environment, OIDC, the aliyun CLI profile,
credentials.ini, the ECS instance role, the credentials URI) behind the module's own options. Each source is
one `load(context)` in its own `_cred_*.py`; the first that finds credentials wins and sources are never
mixed. A source that has nothing says why (`NotHere`); a source that is set up but cannot be used fails the
task with its own error, where the official chain would go on and might sign as someone else. Then the
`assume_role` option assumes a RAM role with whatever was found.

Temporary keys are fetched once here, so a problem fails the task before any CCC request. When nothing is
found, one error lists every source and why it gave nothing.
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils import (
    _cred_ecs_metadata,
    _cred_ini,
    _cred_oidc,
    _cred_profile,
    _cred_static,
    _cred_sts,
    _cred_uri,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Context,
    Credentials,
    NotHere,
    Resolved,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

__all__ = ("SOURCES", "Credentials", "Resolved", "resolve_credentials", "resolve_region")

DEFAULT_REGION = "cn-shanghai"
REGION_ENV = ("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION")

# (how the final error names the source, its load function), in the order they are asked.
SOURCES = (
    ("module options", _cred_static.load_options),
    ("the ecs_role_name option", _cred_ecs_metadata.load_option),
    ("environment", _cred_static.load_env),
    ("OIDC (RRSA)", _cred_oidc.load),
    ("aliyun CLI profile", _cred_profile.load),
    ("credentials.ini", _cred_ini.load),
    ("ECS instance RAM role", _cred_ecs_metadata.load),
    ("credentials URI", _cred_uri.load),
)


def _assume_role_step(context):
    """The `assume_role` option as (role, STS endpoint), checked before any source is asked, so bad input
    never costs a request; None without the option."""
    assume = context.options.get("assume_role") or {}
    if not assume:
        return None
    role = _cred_sts.make_role(
        assume.get("role_arn"),
        session_name=_cred_sts.session_name(assume.get("session_name"), context.env),
        duration_seconds=assume.get("duration_seconds"),
        external_id=assume.get("external_id"),
        policy=assume.get("policy"),
    )
    return role, _cred_sts.sts_endpoint(context.options.get("sts_endpoint"), context.env)


def _first_source(context) -> Resolved:
    tried = []
    for name, load in SOURCES:
        try:
            return load(context)
        except NotHere as nothing:
            tried.append("%s: %s" % (name, nothing.reason))
    raise CCCError(
        "CredentialsNotFound",
        "no credentials found; tried, in order: %s"
        % "; ".join("%d) %s" % (number, reason) for number, reason in enumerate(tried, 1)),
    )


def resolve_credentials(options, env, home: str, http=None, *, secrets=None, clock=None, run=None) -> Resolved:
    """Find the credentials to sign with. `options` are the module parameters, `env` a mapping like
    os.environ, `home` the directory holding `.aliyun/config.json`, `http` the transport for the credential
    services (`_client.CredentialHttp`), `secrets` a `_secrets.Secrets` that learns every secret found or
    fetched, `run` what runs External profiles' commands (`_cred_external.command_runner`). Temporary
    credentials are fetched once before this returns."""
    context = Context(options, env, home, http, secrets, clock, run)
    assume = _assume_role_step(context)
    resolved = _first_source(context)
    if assume:
        role, endpoint_url = assume
        source = "role %s (assume_role) assumed with %s" % (role.role_arn, resolved.source)
        provider = _cred_sts.assumed(context, resolved.credentials, role, endpoint_url, source)
        resolved = Resolved(provider, source, resolved.region_hint)
    resolved.credentials.current()
    return resolved


def resolve_region(options, env, region_hint: str | None = None) -> str:
    """Region from the option, ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION, the profile, else cn-shanghai."""
    for value in (text_value(options, "region"),) + tuple(text_value(env, n) for n in REGION_ENV) + (region_hint,):
        if value:
            return value.strip()
    return DEFAULT_REGION
