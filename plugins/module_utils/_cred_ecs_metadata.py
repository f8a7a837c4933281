# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the RAM role of the ECS instance, from its metadata service.

IMDSv2 first (a session token from `PUT /latest/api/token`, sent with every read); plain v1 reads when the
token request is refused, fails or times out, unless `ALIBABA_CLOUD_IMDSV1_DISABLED` is `true` (as the
official libraries do). Every request waits at most 1 s, so a machine that is not on ECS is told so in
seconds. The address is fixed; only tests and emulators move it, with `ALIBABACLOUD_CCC_METADATA_ENDPOINT`.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    NotHere,
    Resolved,
    env_true,
    temporary_from_reply,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._endpoint import parse_endpoint
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

DEFAULT_ENDPOINT = "http://100.100.100.200"
ENDPOINT_ENV = "ALIBABACLOUD_CCC_METADATA_ENDPOINT"
DISABLED_ENV = "ALIBABA_CLOUD_ECS_METADATA_DISABLED"
IMDSV1_DISABLED_ENV = "ALIBABA_CLOUD_IMDSV1_DISABLED"
ROLE_ENV = "ALIBABA_CLOUD_ECS_METADATA"
TIMEOUT = (1.0, 1.0)
TOKEN_PATH = "/latest/api/token"
TOKEN_TTL_HEADER = "X-aliyun-ecs-metadata-token-ttl-seconds"
TOKEN_HEADER = "X-aliyun-ecs-metadata-token"
TOKEN_TTL = "21600"
ROLES_PATH = "/latest/meta-data/ram/security-credentials/"


def is_disabled(env) -> bool:
    return env_true(env, DISABLED_ENV)


def endpoint(env) -> str:
    override = text_value(env, ENDPOINT_ENV)
    if override:
        return parse_endpoint(override.strip(), what=ENDPOINT_ENV)[0]
    return DEFAULT_ENDPOINT


def role_from_env(env):
    return (text_value(env, ROLE_ENV) or "").strip() or None


def fetcher(http, base_url: str, role_name=None, *, v1_allowed=True, secrets=None):
    """A `fetch() -> Temporary` reading the role's credentials (discovering the role when not named)."""
    where = "the ECS metadata service at %s" % base_url

    def fetch():
        headers = {}
        try:
            token_reply = http.request(
                "PUT", base_url + TOKEN_PATH, headers={TOKEN_TTL_HEADER: TOKEN_TTL}, timeout=TIMEOUT
            )
        except CCCError as exc:
            if not v1_allowed:
                raise
            # An instance whose token path is slow or blocked still answers v1 reads, if allowed.
            token_reply, refused = None, "no token within %ss (%s)" % (TIMEOUT[-1], exc.code)
        else:
            refused = "HTTP %d" % token_reply.status
        if token_reply is not None and token_reply.status == 200 and token_reply.body.strip():
            token = token_reply.body.decode("utf-8", "replace").strip()
            if secrets is not None:
                secrets.add(token)
            headers[TOKEN_HEADER] = token
        elif not v1_allowed:
            raise CCCError(
                "EcsMetadataError",
                "%s refused an IMDSv2 token (%s) and %s=true forbids falling back to v1"
                % (where, refused, IMDSV1_DISABLED_ENV),
                http_status=token_reply.status,
            )
        role = role_name or _discover_role(http, base_url, headers, where)
        reply = http.request("GET", base_url + ROLES_PATH + quote(role, safe=""), headers=headers, timeout=TIMEOUT)
        if reply.status == 404:
            raise CCCError(
                "EcsMetadataError", "%s knows no RAM role named %r on this instance" % (where, role), None, 404
            )
        _refuse_non_200(reply, where, "the credentials of role %r" % role, headers)
        try:
            body = json.loads(reply.body.decode("utf-8"))
        except ValueError:
            body = None
        if not isinstance(body, dict) or body.get("Code") != "Success":
            raise CCCError("EcsMetadataError", "%s did not answer Code Success for role %r" % (where, role))
        return temporary_from_reply(body, where, secrets)

    return fetch


def _discover_role(http, base_url, headers, where) -> str:
    reply = http.request("GET", base_url + ROLES_PATH, headers=headers, timeout=TIMEOUT)
    if reply.status == 404:
        raise CCCError("EcsMetadataError", "%s says no RAM role is attached to this instance" % where, None, 404)
    _refuse_non_200(reply, where, "the instance's RAM role name", headers)
    lines = reply.body.decode("utf-8", "replace").split()
    if not lines:
        raise CCCError("EcsMetadataError", "%s says no RAM role is attached to this instance" % where)
    return lines[0]


def _refuse_non_200(reply, where, what, headers):
    if reply.status == 200:
        return
    hint = ""
    if reply.status in (401, 403) and TOKEN_HEADER not in headers:
        hint = " (it requires IMDSv2 tokens, and the token request was refused)"
    raise CCCError(
        "EcsMetadataError", "%s answered HTTP %d for %s%s" % (where, reply.status, what, hint), None, reply.status
    )


def provider(context, role_name, description: str):
    """The temporary keys of `role_name` (None: the attached role, or ALIBABA_CLOUD_ECS_METADATA)."""
    if is_disabled(context.env):
        raise CCCError(
            "CredentialsNotFound",
            "%s needs the ECS metadata service, which %s=true turns off" % (description, DISABLED_ENV),
        )
    fetch = fetcher(
        context.transport(description),
        endpoint(context.env),
        role_name or role_from_env(context.env),
        v1_allowed=not env_true(context.env, IMDSV1_DISABLED_ENV),
        secrets=context.secrets,
    )
    return context.refreshing(fetch, description)


def load_option(context) -> Resolved:
    """The ecs_role_name option."""
    role_name = (text_value(context.options, "ecs_role_name") or "").strip()
    if not role_name:
        raise NotHere("ecs_role_name is not set")
    description = "the ECS instance RAM role %r (ecs_role_name)" % role_name
    return Resolved(provider(context, role_name, description), description)


def load(context) -> Resolved:
    """The instance's RAM role, asked for at once: off ECS the service does not answer, which is a reason
    for the final error, not an error of its own."""
    if is_disabled(context.env):
        raise NotHere("turned off by %s=true" % DISABLED_ENV)
    if context.http is None:
        raise NotHere("not asked (no HTTP transport)")
    description = "the ECS instance RAM role (metadata service)"
    found = provider(context, None, description)
    try:
        found.current()
    except CCCError as exc:
        raise NotHere(exc.message) from None
    return Resolved(found, description)
