# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The OAuth service of the aliyun CLI's browser sign-in, on the emulator's port.

- ``POST /v1/token``, form ``grant_type=refresh_token&refresh_token=...&client_id=...`` (one of the CLI's two
  client ids) -> ``{"access_token", "refresh_token", "expires_in", "token_type"}``. The refresh token rotates:
  the one used is spent, and using it again is ``400 {"error": "invalid_grant"}``.
- ``POST /v1/exchange`` with ``Authorization: Bearer <access token>`` -> ``{"RequestId", "AccessKeyId",
  "AccessKeySecret", "SecurityToken", "Expiration"}``, a key from ``identity``; an unknown or expired access
  token is ``401 {"error": "invalid_token"}``.
Counted as ``oauth_token``, ``oauth_exchange`` and ``oauth_refused``. Replies never quote a token.
"""

from __future__ import annotations

import json
import secrets
import time
from urllib.parse import parse_qsl

from .replies import new_request_id

TOKEN_PATH = "/v1/token"
EXCHANGE_PATH = "/v1/exchange"
CLIENT_IDS = ("4038181954557748008", "4103531455503354461")


def handles(path: str) -> bool:
    return path in (TOKEN_PATH, EXCHANGE_PATH)


def handle(emulator, method: str, path: str, headers, body: bytes) -> tuple[int, bytes, str]:
    identity = emulator.identity
    if method != "POST":
        return 405, b"", "text/plain"
    if path == TOKEN_PATH:
        return _token(identity, body)
    return _exchange(identity, headers)


def _token(identity, body: bytes) -> tuple[int, bytes, str]:
    identity.count("oauth_token")
    form = dict(parse_qsl(body.decode("utf-8", "replace")))
    if form.get("grant_type") != "refresh_token" or form.get("client_id") not in CLIENT_IDS:
        return _refused(identity, 400, "invalid_request", "grant_type must be refresh_token, with a known client_id")
    lifetime = identity.config["oauth"]["access_token_lifetime_seconds"]
    access = "EmuOAuthAccess-" + secrets.token_hex(12)
    rotated = "EmuOAuthRefresh-" + secrets.token_hex(12)
    with identity._lock:
        if not form.get("refresh_token") or form.get("refresh_token") != identity.oauth_refresh:
            spent = True
        else:
            spent = False
            identity.oauth_refresh = rotated
            identity.oauth_access[access] = time.time() + lifetime
    if spent:
        return _refused(identity, 400, "invalid_grant", "The refresh token is invalid, expired or already used.")
    reply = {"access_token": access, "refresh_token": rotated, "expires_in": lifetime, "token_type": "Bearer"}
    return 200, json.dumps(reply).encode(), "application/json"


def _exchange(identity, headers) -> tuple[int, bytes, str]:
    identity.count("oauth_exchange")
    token = (headers.get("authorization") or "").removeprefix("Bearer ")
    with identity._lock:
        live = identity.oauth_access.get(token, 0) > time.time()
    if not live:
        return _refused(identity, 401, "invalid_token", "The access token is invalid or expired.")
    reply = dict(identity.issue("oauth"), RequestId=new_request_id())
    return 200, json.dumps(reply).encode(), "application/json"


def _refused(identity, status, error, description) -> tuple[int, bytes, str]:
    identity.count("oauth_refused")
    payload = {"error": error, "error_description": description, "requestId": new_request_id()}
    return status, json.dumps(payload).encode(), "application/json"
