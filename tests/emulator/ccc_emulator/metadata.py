# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The ECS metadata service's RAM-role paths and a credentials-URI route, on the emulator's port.

- ``PUT /latest/api/token`` (header ``X-aliyun-ecs-metadata-token-ttl-seconds``, 1..21600) -> a session token;
- ``GET /latest/meta-data/ram/security-credentials/`` -> the instance's role name;
- ``GET /latest/meta-data/ram/security-credentials/<role>`` -> ``{Code: Success, AccessKeyId, ...}``;
- ``GET /credentials-uri`` -> the same JSON, for ``ALIBABA_CLOUD_CREDENTIALS_URI``.
Reads with ``X-aliyun-ecs-metadata-token`` must carry a live token (else 401); reads without it are refused with
401 in ``imds: required`` mode. In ``v1-only`` mode the token request answers 404; in ``token-slow`` mode it
answers after ``TOKEN_SLOW_S``, later than the clients' 1 s timeout (as on an instance whose token path hangs).
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime

TOKEN_PATH = "/latest/api/token"
ROLES_PATH = "/latest/meta-data/ram/security-credentials/"
URI_PATH = "/credentials-uri"
TTL_HEADER = "x-aliyun-ecs-metadata-token-ttl-seconds"
TOKEN_HEADER = "x-aliyun-ecs-metadata-token"
TOKEN_SLOW_S = 1.5


def handles(path: str) -> bool:
    return path in (TOKEN_PATH, URI_PATH) or path.startswith(ROLES_PATH.rstrip("/"))


def handle(emulator, method: str, path: str, headers) -> tuple[int, bytes, str]:
    """(status, body, content type) for a metadata or credentials-URI request."""
    identity = emulator.identity
    config = identity.config["metadata"]
    if path == URI_PATH:
        identity.count("credentials_uri")
        if method != "GET":
            return 405, b"", "text/plain"
        reply = dict(identity.issue("credentials-uri"), Code="Success")
        return 200, json.dumps(reply).encode(), "application/json"
    if path == TOKEN_PATH:
        identity.count("metadata_token")
        if method != "PUT":
            return 405, b"", "text/plain"
        if config["imds"] == "v1-only":
            return 404, b"", "text/plain"
        if config["imds"] == "token-slow":
            identity.count("metadata_token_slow")
            time.sleep(TOKEN_SLOW_S)
        ttl = headers.get(TTL_HEADER) or ""
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return 400, b"", "text/plain"
        token = "EmuMetaToken-" + secrets.token_hex(16)
        with identity._lock:
            identity.metadata_tokens[token] = time.time() + int(ttl)
        return 200, token.encode(), "text/plain"
    if method != "GET":
        return 405, b"", "text/plain"
    token = headers.get(TOKEN_HEADER)
    if token is not None:
        with identity._lock:
            live = identity.metadata_tokens.get(token, 0) > time.time()
        if not live:
            identity.count("metadata_refused")
            return 401, b"", "text/plain"
        identity.count("metadata_v2_read")
    elif config["imds"] == "required":
        identity.count("metadata_refused")
        return 401, b"", "text/plain"
    else:
        identity.count("metadata_v1_read")
    role = config["role"]
    name = path[len(ROLES_PATH) :] if path.startswith(ROLES_PATH) else ""
    if not role:
        return 404, b"", "text/plain"
    if not name:
        return 200, role.encode(), "text/plain"
    if name != role:
        return 404, b"", "text/plain"
    credentials = identity.issue("metadata:" + role)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    reply = dict(credentials, Code="Success", LastUpdated=stamp)
    return 200, json.dumps(reply).encode(), "text/plain"
