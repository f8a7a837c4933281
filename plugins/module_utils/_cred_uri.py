# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: credentials from a URI (`ALIBABA_CLOUD_CREDENTIALS_URI`).

A plain GET that answers `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken",
"Expiration"}`. The URI may carry a token of its own in its path or query, so messages name its host only.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    NotHere,
    Resolved,
    temporary_from_reply,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

ENV_NAME = "ALIBABA_CLOUD_CREDENTIALS_URI"
TIMEOUT = (5.0, 10.0)


def describe(uri: str) -> str:
    parts = urlsplit(uri)
    return "%s://%s" % (parts.scheme, parts.hostname or "?") + (":%d" % parts.port if _port(parts) else "")


def _port(parts):
    try:
        return parts.port
    except ValueError:
        return None


def check_uri(uri: str, where: str) -> str:
    uri = uri.strip()
    parts = urlsplit(uri)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CCCError("InvalidOption", "%s must be an http:// or https:// URL" % where)
    return uri


def fetcher(http, uri: str, *, secrets=None):
    where = "the credentials URI %s" % describe(uri)

    def fetch():
        reply = http.request("GET", uri, timeout=TIMEOUT)
        try:
            body = json.loads(reply.body.decode("utf-8"))
        except ValueError:
            body = None
        if reply.status != 200 or not isinstance(body, dict) or body.get("Code") != "Success":
            code = body.get("Code") if isinstance(body, dict) else None
            raise CCCError(
                "CredentialsURIError",
                "%s answered HTTP %d%s" % (where, reply.status, " with Code %s" % code if code else ""),
                http_status=reply.status,
            )
        return temporary_from_reply(body, where, secrets)

    return fetch


def provider(context, uri: str, where: str, description: str):
    uri = check_uri(uri, where)
    return context.refreshing(fetcher(context.transport(description), uri, secrets=context.secrets), description)


def load(context) -> Resolved:
    """ALIBABA_CLOUD_CREDENTIALS_URI, the last source of the chain."""
    uri = text_value(context.env, ENV_NAME)
    if not uri:
        raise NotHere("%s is not set" % ENV_NAME)
    description = "the credentials URI %s (%s)" % (describe(uri.strip()), ENV_NAME)
    return Resolved(provider(context, uri, ENV_NAME, description), description)
