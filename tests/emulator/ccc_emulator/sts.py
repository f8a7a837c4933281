# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""STS 2015-04-01 on the emulator's port: AssumeRole (V1-signed with a known key) and AssumeRoleWithOIDC
(unsigned, the OIDC token is the proof), both answering with temporary keys from ``identity``.

Errors use STS's codes and shape ``{RequestId, HostId, Code, Message}``; none quotes a secret or token.
"""

from __future__ import annotations

import json
import re

from .auth import Request
from .replies import gateway_error

STS_VERSION = "2015-04-01"
ACTIONS = ("AssumeRole", "AssumeRoleWithOIDC")
_SESSION_NAME = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")


def handle(emulator, request: Request, params: dict[str, str]) -> dict:
    """The success body, or raises ApiError."""
    identity = emulator.identity
    action = params.get("Action")
    identity.count(action)
    if action == "AssumeRole":
        verified = emulator.verifier.verify(request)
        if verified.version != STS_VERSION:
            raise gateway_error(400, "InvalidVersion", "Specified parameter Version is not valid.")
        params = verified.params
        if verified.access_key_id in identity.config["denied_keys"]:
            raise gateway_error(
                403, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM."
            )
    else:
        if params.get("Version") != STS_VERSION:
            raise gateway_error(400, "InvalidVersion", "Specified parameter Version is not valid.")
        for name in ("Timestamp", "OIDCProviderArn", "OIDCToken"):
            if not params.get(name):
                raise gateway_error(400, "MissingParameter", f"The input parameter {name} is not supplied.")
        oidc = identity.config["oidc"]
        if params["OIDCProviderArn"] != oidc["provider_arn"]:
            raise gateway_error(404, "EntityNotExist.OIDCProvider", "The specified OIDC provider does not exist.")
        if params["OIDCToken"] != oidc["token"]:
            raise gateway_error(400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.")
    role = _check_role_params(identity, params, action)
    if action == "AssumeRole":
        required = (identity.config["roles"][role] or {}).get("external_id")
        if required and params.get("ExternalId") != required:
            raise gateway_error(
                403, "NoPermission", "You are not authorized to do this action. You should be authorized by RAM."
            )
    credentials = identity.issue(f"{action}:{role}")
    body = {
        "AssumedRoleUser": {
            "Arn": role.replace(":role/", ":assumed-role/") + "/" + params["RoleSessionName"],
            "AssumedRoleId": "3" * 17 + ":" + params["RoleSessionName"],
        },
        "Credentials": credentials,
    }
    if action == "AssumeRoleWithOIDC":
        body["OIDCTokenInfo"] = {"Issuer": "https://oidc.emulator.invalid", "Subject": "system:serviceaccount:ccc"}
    return body


def _check_role_params(identity, params, action) -> str:
    for name in ("RoleArn", "RoleSessionName"):
        if not params.get(name):
            raise gateway_error(400, "MissingParameter", f"The input parameter {name} is not supplied.")
    if not _SESSION_NAME.match(params["RoleSessionName"]):
        raise gateway_error(400, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is invalid.")
    duration = params.get("DurationSeconds", "3600")
    if not duration.isdigit() or not 900 <= int(duration) <= 43200:
        raise gateway_error(400, "InvalidParameter.DurationSeconds", "The parameter DurationSeconds is invalid.")
    if params.get("Policy"):
        try:
            json.loads(params["Policy"])
        except ValueError:
            raise gateway_error(400, "InvalidParameter.PolicyGrammar", "The policy is not valid JSON.") from None
    role = params["RoleArn"]
    if role not in identity.config["roles"]:
        raise gateway_error(404, "EntityNotExist.Role", "The specified Role does not exist.")
    return role
