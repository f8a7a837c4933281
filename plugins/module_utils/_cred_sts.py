# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: STS AssumeRole and AssumeRoleWithOIDC (API 2015-04-01).

AssumeRole is an RPC call signed V1 (HMAC-SHA1) with the base key and its token; AssumeRoleWithOIDC is
not signed, the OIDC token is the proof. Both are sent as a form-encoded POST, so the signature, the
token and the policy never travel in a URL. HTTP goes through an injected transport (`_client.CredentialHttp`
in a module, a fake in unit tests): `http.request(method, url, headers=, form=, timeout=) -> Reply`.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    env_true,
    temporary_from_reply,
    text_value,
    utc_now,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._endpoint import parse_endpoint
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._signing import format_timestamp, sign_v1

STS_VERSION = "2015-04-01"
DEFAULT_DURATION = 3600
MIN_DURATION, MAX_DURATION = 900, 43200
# The official libraries wait about 5 s for a connection and 10 s for the reply.
TIMEOUT = (5.0, 10.0)
SESSION_ENV = "ALIBABA_CLOUD_ROLE_SESSION_NAME"
_SESSION_NAME = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")
_REGION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

Role = namedtuple("Role", "role_arn session_name duration_seconds external_id policy")
Role.__doc__ = "What to assume: the role ARN and the session's name, length, external id and policy."


def default_session_name(clock=time.time) -> str:
    return "ansible-ccc-%d" % int(clock())


def make_role(role_arn, session_name=None, duration_seconds=None, external_id=None, policy=None, where="assume_role"):
    """A checked `Role`; bad values are InvalidOption errors that name `where` and never quote the policy."""
    role_arn = (role_arn or "").strip()
    if not role_arn:
        raise CCCError("InvalidOption", "%s: role_arn is required" % where)
    session_name = session_name or default_session_name()
    if not _SESSION_NAME.match(session_name):
        raise CCCError(
            "InvalidOption",
            "%s: session_name %r must be 2 to 64 characters of letters, digits and . @ _ -"
            % (where, session_name[:80]),
        )
    if duration_seconds in (None, ""):
        duration_seconds = DEFAULT_DURATION
    try:
        duration_seconds = int(duration_seconds)
    except (TypeError, ValueError):
        raise CCCError("InvalidOption", "%s: duration_seconds must be a whole number of seconds" % where) from None
    if not MIN_DURATION <= duration_seconds <= MAX_DURATION:
        raise CCCError(
            "InvalidOption",
            "%s: duration_seconds must be between %d and %d, got %d"
            % (where, MIN_DURATION, MAX_DURATION, duration_seconds),
        )
    if policy is not None and not isinstance(policy, str):
        policy = json.dumps(policy, separators=(",", ":"), sort_keys=True)
    return Role(role_arn, session_name, duration_seconds, external_id or None, policy or None)


def session_name(given, env):
    """The official tools' rule: the name a profile or option gives, else ALIBABA_CLOUD_ROLE_SESSION_NAME;
    `make_role` supplies `ansible-ccc-<time>` when neither does."""
    return text_value({"s": given}, "s") or text_value(env, SESSION_ENV)


def sts_endpoint(option, env, region=None, vpc=None, endpoint=None) -> str:
    """`scheme://host[:port]` of STS. The option (like an aliyun CLI flag) wins; then a profile's
    `sts_endpoint`, ALIBABA_CLOUD_STS_ENDPOINT, then sts(-vpc).<region> for the profile's `sts_region`, else
    ALIBABA_CLOUD_STS_REGION; else sts.aliyuncs.com. `vpc` is the profile's `enable_vpc` (None when it has
    none: ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED decides)."""
    explicit = (
        text_value({"o": option}, "o")
        or text_value({"e": endpoint}, "e")
        or text_value(env, "ALIBABA_CLOUD_STS_ENDPOINT")
    )
    if explicit:
        return parse_endpoint(explicit.strip(), what="sts_endpoint")[0]
    region = (text_value({"r": region}, "r") or text_value(env, "ALIBABA_CLOUD_STS_REGION") or "").strip()
    if region:
        if not _REGION.match(region):
            raise CCCError("InvalidOption", "STS region %r is not a region id such as cn-hangzhou" % region[:80])
        if vpc is None:
            vpc = env_true(env, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED")
        return "https://%s.%s.aliyuncs.com" % ("sts-vpc" if vpc else "sts", region)
    return "https://sts.aliyuncs.com"


def assumed(context, base, role: Role, endpoint_url: str, description: str):
    """A provider of the role's temporary keys, assumed with whatever `base.current()` hands out."""
    http = context.transport(description)
    context.secrets.add(role.policy)

    def fetch():
        return assume_role(http, endpoint_url, base.current(), role, secrets=context.secrets)

    return context.refreshing(fetch, description)


def _role_params(role: Role) -> dict[str, str]:
    params = {"RoleArn": role.role_arn, "RoleSessionName": role.session_name}
    params["DurationSeconds"] = str(role.duration_seconds)
    if role.policy:
        params["Policy"] = role.policy
    return params


def assume_role(http, endpoint_url: str, base, role: Role, *, clock=utc_now, nonce=None, secrets=None):
    """STS AssumeRole signed with `base` (Credentials); returns `Temporary`."""
    params = _role_params(role)
    if role.external_id:
        params["ExternalId"] = role.external_id
    form = sign_v1(
        access_key_id=base.access_key_id,
        access_key_secret=base.access_key_secret,
        security_token=base.security_token,
        action="AssumeRole",
        params=params,
        timestamp=clock(),
        nonce=(nonce or _nonce)(),
        version=STS_VERSION,
    )
    return _call(http, endpoint_url, form, "AssumeRole", secrets)


def assume_role_with_oidc(
    http, endpoint_url: str, role: Role, provider_arn: str, token: str, *, clock=utc_now, secrets=None
):
    """STS AssumeRoleWithOIDC, unsigned; returns `Temporary`."""
    form = _role_params(role)
    form.update(
        {
            "Action": "AssumeRoleWithOIDC",
            "Format": "JSON",
            "Version": STS_VERSION,
            "Timestamp": format_timestamp(clock()),
            "OIDCProviderArn": provider_arn,
            "OIDCToken": token,
        }
    )
    return _call(http, endpoint_url, form, "AssumeRoleWithOIDC", secrets)


def _nonce() -> str:
    return uuid.uuid4().hex


def _call(http, endpoint_url: str, form: dict, action: str, secrets):
    reply = http.request("POST", endpoint_url + "/", form=form, timeout=TIMEOUT)
    where = "STS %s at %s" % (action, endpoint_url)
    try:
        body = json.loads(reply.body.decode("utf-8"))
    except ValueError:
        body = None
    request_id = body.get("RequestId") if isinstance(body, dict) else None
    if reply.status != 200 or not isinstance(body, dict) or "Credentials" not in body:
        code = body.get("Code") if isinstance(body, dict) else None
        message = body.get("Message") if isinstance(body, dict) else None
        text = "%s failed with HTTP %d" % (where, reply.status)
        if message:
            text += ": %s" % message
        if secrets is not None:
            text = secrets.scrub(text)
        raise CCCError(str(code) if code else "STSError", text, request_id, reply.status)
    return temporary_from_reply(body["Credentials"], where, secrets)
