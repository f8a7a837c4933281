# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""CloudSSO's credential route on the emulator's port, as the aliyun CLI's CloudSSO profiles call it.

``POST /cloud-credentials`` with ``Authorization: Bearer <access token>`` and the JSON body
``{"AccountId", "AccessConfigurationId"}`` -> ``{"RequestId", "CloudCredential": {AccessKeyId, AccessKeySecret,
SecurityToken, Expiration}}``, a key from ``identity``. A wrong token is 401, an account or access configuration
the token may not use 403; neither reply quotes what was sent. Counted as ``cloud_sso`` and ``cloud_sso_refused``.
"""

from __future__ import annotations

import json

from .replies import new_request_id

PATH = "/cloud-credentials"


def handles(path: str) -> bool:
    return path == PATH


def handle(emulator, method: str, path: str, headers, body: bytes) -> tuple[int, bytes, str]:
    identity = emulator.identity
    config = identity.config["cloud_sso"]
    identity.count("cloud_sso")
    if method != "POST":
        return 405, b"", "text/plain"
    if headers.get("authorization") != "Bearer " + str(config["access_token"]):
        return _refused(identity, 401, "InvalidAccessToken", "The access token is invalid or expired.")
    try:
        request = json.loads(body)
    except ValueError:
        request = None
    if not isinstance(request, dict):
        return _refused(identity, 400, "InvalidParameter", "The body must be a JSON object.")
    if (
        request.get("AccountId") != config["account_id"]
        or request.get("AccessConfigurationId") != config["access_config"]
    ):
        return _refused(identity, 403, "NoPermission", "The user may not use this access configuration here.")
    credential = identity.issue("cloud-sso:%s" % config["access_config"])
    reply = {"RequestId": new_request_id(), "CloudCredential": credential}
    return 200, json.dumps(reply).encode(), "application/json"


def _refused(identity, status, code, message) -> tuple[int, bytes, str]:
    identity.count("cloud_sso_refused")
    payload = {"RequestId": new_request_id(), "Code": code, "Message": message}
    return status, json.dumps(payload).encode(), "application/json"
