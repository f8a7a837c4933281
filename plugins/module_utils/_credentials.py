# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the chain that chooses where credentials come from.

First match wins, and sources are never mixed:
1. module options (`access_key_id`/`access_key_secret`/`security_token`, or `ecs_role_name`);
2. ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, then ALICLOUD_ACCESS_KEY/_SECRET_KEY/_SECURITY_TOKEN;
3. OIDC (RRSA): ALIBABA_CLOUD_ROLE_ARN + ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE;
4. an aliyun CLI profile (any mode the CLI writes);
5. ALIBABA_CLOUD_CREDENTIALS_URI;
6. the ECS instance's RAM role from the metadata service (unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true).
Then, whatever was found, the `assume_role` option assumes a RAM role with it.

Each source lives in its own `_cred_*.py`; this file only chooses, and builds the providers. Sources that
call a service (STS, metadata, URI) do so through the injected `http` transport and are fetched once here, so
a problem fails the task before any CCC request. When nothing is found, one error lists every source and
why it gave nothing.
"""

from __future__ import annotations

import os
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils import (
    _cred_ecs_metadata,
    _cred_oidc,
    _cred_profile,
    _cred_static,
    _cred_sts,
    _cred_uri,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Credentials,
    RefreshingCredentials,
    env_true,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets

__all__ = ("Credentials", "Resolved", "resolve_credentials", "resolve_region")

DEFAULT_REGION = "cn-shanghai"
REGION_ENV = ("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION")


class Resolved(namedtuple("Resolved", "credentials source region_hint")):
    """`credentials` answers `current()` (a `Credentials` or a `RefreshingCredentials`), `source` says in
    words where they came from, `region_hint` is the region the profile names."""

    __slots__ = ()


class _Chain:
    """One resolution: the inputs, the transport, the secrets seen and the reasons sources gave nothing."""

    def __init__(self, options, env, home, http, secrets, clock):
        self.options = options or {}
        self.env = env or {}
        self.home = home
        self.http = http
        self.secrets = secrets if secrets is not None else Secrets()
        self.clock = clock
        self.tried: list[str] = []

    # --- providers from descriptions --------------------------------------------------------------

    def static(self, credentials: Credentials) -> Credentials:
        self.secrets.add(credentials.access_key_secret, credentials.security_token)
        return credentials

    def _transport(self, what: str):
        if self.http is None:
            raise CCCError("CredentialsNotFound", "%s needs HTTP, and no transport was given" % what)
        return self.http

    def refreshing(self, fetch, description: str) -> RefreshingCredentials:
        kwargs = {"secrets": self.secrets}
        if self.clock is not None:
            kwargs["clock"] = self.clock
        return RefreshingCredentials(fetch, description, **kwargs)

    def assumed(self, base, role, endpoint_url: str, description: str) -> RefreshingCredentials:
        http = self._transport(description)
        self.secrets.add(role.policy)

        def fetch():
            return _cred_sts.assume_role(http, endpoint_url, base.current(), role, secrets=self.secrets)

        return self.refreshing(fetch, description)

    def oidc(self, oidc: _cred_oidc.Oidc, endpoint_url: str, description: str) -> RefreshingCredentials:
        fetch = _cred_oidc.fetcher(oidc, self._transport(description), endpoint_url, secrets=self.secrets)
        return self.refreshing(fetch, description)

    def ecs(self, role_name, description: str) -> RefreshingCredentials:
        if _cred_ecs_metadata.is_disabled(self.env):
            raise CCCError(
                "CredentialsNotFound",
                "%s needs the ECS metadata service, which %s=true turns off"
                % (description, _cred_ecs_metadata.DISABLED_ENV),
            )
        fetch = _cred_ecs_metadata.fetcher(
            self._transport(description),
            _cred_ecs_metadata.endpoint(self.env),
            role_name or _cred_ecs_metadata.role_from_env(self.env),
            v1_allowed=not env_true(self.env, _cred_ecs_metadata.IMDSV1_DISABLED_ENV),
            secrets=self.secrets,
        )
        return self.refreshing(fetch, description)

    def uri(self, uri: str, where: str, description: str) -> RefreshingCredentials:
        uri = _cred_uri.check_uri(uri, where)
        return self.refreshing(_cred_uri.fetcher(self._transport(description), uri, secrets=self.secrets), description)

    def from_profile(self, spec, where: str):
        if isinstance(spec, _cred_profile.Static):
            return self.static(spec.credentials)
        if isinstance(spec, _cred_profile.Ecs):
            return self.ecs(spec.role_name, where)
        if isinstance(spec, _cred_profile.Uri):
            return self.uri(spec.uri, "credentials_uri of " + where, where)
        endpoint_url = _cred_sts.sts_endpoint(
            self.options.get("sts_endpoint"), self.env, region=spec.sts_region, vpc=spec.enable_vpc
        )
        if isinstance(spec, _cred_profile.OidcProfile):
            oidc = _cred_oidc.Oidc(spec.role, spec.provider_arn, spec.token_file)
            return self.oidc(oidc, endpoint_url, where)
        base = self.from_profile(spec.base, where)
        return self.assumed(base, spec.role, endpoint_url, "role %s assumed with %s" % (spec.role.role_arn, where))

    # --- the chain --------------------------------------------------------------------------------

    def resolve(self) -> Resolved:
        for step in (self._options, self._env, self._oidc_env, self._profile, self._uri_env, self._metadata):
            found = step()
            if found is not None:
                return found
        raise CCCError(
            "CredentialsNotFound",
            "no credentials found; tried, in order: %s"
            % "; ".join("%d) %s" % (number, reason) for number, reason in enumerate(self.tried, 1)),
        )

    def _options(self):
        keys = _cred_static.from_options(self.options)
        role_name = (text_value(self.options, "ecs_role_name") or "").strip()
        if keys and role_name:
            raise CCCError("InvalidOption", "give either access_key_id/access_key_secret or ecs_role_name, not both")
        if keys:
            return Resolved(self.static(keys), "module options", None)
        if role_name:
            description = "the ECS instance RAM role %r (ecs_role_name)" % role_name
            return Resolved(self.ecs(role_name, description), description, None)
        self.tried.append("module options: access_key_id, access_key_secret and ecs_role_name are not set")
        return None

    def _env(self):
        found = _cred_static.from_env(self.env)
        if found:
            return Resolved(self.static(found[0]), "environment (%s)" % found[1], None)
        self.tried.append(
            "environment: neither ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET nor "
            "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY is set"
        )
        return None

    def _oidc_env(self):
        found = _cred_oidc.from_env(self.env)
        if not found:
            self.tried.append("OIDC (RRSA): %s are not set" % ", ".join(_cred_oidc.ENV_NAMES))
            return None
        role_arn, provider_arn, token_file, session_name = found
        role = _cred_sts.make_role(role_arn, session_name=session_name, where="OIDC (%s)" % _cred_oidc.SESSION_ENV)
        endpoint_url = _cred_sts.sts_endpoint(self.options.get("sts_endpoint"), self.env)
        description = "OIDC role %s (ALIBABA_CLOUD_ROLE_ARN)" % role_arn
        oidc = _cred_oidc.Oidc(role, provider_arn, token_file)
        return Resolved(self.oidc(oidc, endpoint_url, description), description, None)

    def _profile(self):
        path = _cred_profile.config_file_path(self.env, self.home)
        name, asked_by = _cred_profile.requested_profile(self.options, self.env)
        if not name and not os.path.exists(path):
            self.tried.append("aliyun CLI profile: %s does not exist and no profile was named" % path)
            return None
        config = _cred_profile.load_config(path)
        if not name:
            name = text_value(config, "current")
            if not name and "default" not in _cred_profile.profile_names(config):
                self.tried.append("aliyun CLI profile: %s names no current profile and has none called default" % path)
                return None
            name = name or "default"
        profile = _cred_profile.read_profile(path, config, name, asked_by)
        return Resolved(self.from_profile(profile.spec, profile.where), profile.where, profile.region_hint)

    def _uri_env(self):
        uri = text_value(self.env, _cred_uri.ENV_NAME)
        if not uri:
            self.tried.append("credentials URI: %s is not set" % _cred_uri.ENV_NAME)
            return None
        description = "the credentials URI %s (%s)" % (_cred_uri.describe(uri.strip()), _cred_uri.ENV_NAME)
        return Resolved(self.uri(uri, _cred_uri.ENV_NAME, description), description, None)

    def _metadata(self):
        if _cred_ecs_metadata.is_disabled(self.env):
            self.tried.append("ECS instance RAM role: turned off by %s=true" % _cred_ecs_metadata.DISABLED_ENV)
            return None
        if self.http is None:
            self.tried.append("ECS instance RAM role: not asked (no HTTP transport)")
            return None
        description = "the ECS instance RAM role (metadata service)"
        provider = self.ecs(None, description)
        try:
            provider.current()
        except CCCError as exc:
            # Not on ECS, or no role attached: the usual case off ECS, so a reason, not an error.
            self.tried.append("ECS instance RAM role: %s" % exc.message)
            return None
        return Resolved(provider, description, None)


def resolve_credentials(options, env, home: str, http=None, *, secrets=None, clock=None) -> Resolved:
    """Find the credentials to sign with. `options` are the module parameters, `env` a mapping like
    os.environ, `home` the directory holding `.aliyun/config.json`, `http` the transport for STS, the
    metadata service and credentials URIs (`_client.CredentialHttp`), `secrets` a `_secrets.Secrets` that
    learns every secret found or fetched. Temporary credentials are fetched once before this returns."""
    chain = _Chain(options, env, home, http, secrets, clock)
    # assume_role is checked before any source is asked, so bad input never costs a request.
    assume = chain.options.get("assume_role") or {}
    if assume:
        role = _cred_sts.make_role(
            assume.get("role_arn"),
            session_name=assume.get("session_name"),
            duration_seconds=assume.get("duration_seconds"),
            external_id=assume.get("external_id"),
            policy=assume.get("policy"),
        )
        endpoint_url = _cred_sts.sts_endpoint(chain.options.get("sts_endpoint"), chain.env)
    resolved = chain.resolve()
    if assume:
        source = "role %s (assume_role) assumed with %s" % (role.role_arn, resolved.source)
        provider = chain.assumed(resolved.credentials, role, endpoint_url, source)
        resolved = Resolved(provider, source, resolved.region_hint)
    resolved.credentials.current()
    return resolved


def resolve_region(options, env, region_hint: str | None = None) -> str:
    """Region from the option, ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION, the profile, else cn-shanghai."""
    for value in (text_value(options, "region"),) + tuple(text_value(env, n) for n in REGION_ENV) + (region_hint,):
        if value:
            return value.strip()
    return DEFAULT_REGION
