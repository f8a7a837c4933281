# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: CloudSSO profiles (`aliyun configure --mode CloudSSO`).

The CLI's sign-in leaves an access token in the profile; `POST <sign-in host>/cloud-credentials` with it as a
bearer token, the account and the access configuration, answers temporary keys. The access token cannot be
refreshed here: once it has expired the user signs in again with the CLI.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    json_object,
    origin,
    temporary_from_reply,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

REQUIRED = ("cloud_sso_sign_in_url", "cloud_sso_account_id", "cloud_sso_access_config", "access_token")
PATH = "/cloud-credentials"
TIMEOUT = (5.0, 10.0)


def _expiry(fields, where: str) -> int:
    try:
        return int(fields.get("cloud_sso_access_token_expire") or 0)
    except (TypeError, ValueError):
        raise CCCError(
            "CredentialsFileError", "%s has a cloud_sso_access_token_expire that is not a number" % where
        ) from None


def from_profile(context, profile, _source):
    fields, where = profile.fields, profile.where
    token = text_value(fields, "access_token")
    context.secrets.add(token)
    url = origin(text_value(fields, "cloud_sso_sign_in_url"), "cloud_sso_sign_in_url of %s" % where) + PATH
    expires = _expiry(fields, where)
    body = json.dumps(
        {
            "AccountId": text_value(fields, "cloud_sso_account_id").strip(),
            "AccessConfigurationId": text_value(fields, "cloud_sso_access_config").strip(),
        }
    ).encode()
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept": "application/json"}
    description = "CloudSSO %s" % where
    http = context.transport(description)
    service = "the CloudSSO service at %s" % url[: -len(PATH)]

    def fetch():
        now = context.now()
        if expires <= now.timestamp():
            raise CCCError(
                "CloudSSOTokenExpired",
                "the CloudSSO access token of %s %s; sign in again with `aliyun configure --profile %s --mode "
                "CloudSSO`"
                % (
                    where,
                    "expired at %s" % datetime.fromtimestamp(expires, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                    if expires
                    else "has no expiry time",
                    profile.name,
                ),
            )
        reply = http.request("POST", url, headers=headers, form=body, timeout=TIMEOUT)
        answer = json_object(reply.body)
        if reply.status != 200 or answer is None or not isinstance(answer.get("CloudCredential"), dict):
            code = str(answer.get("Code") or answer.get("ErrorCode") or "") if answer else ""
            message = str(answer.get("Message") or answer.get("ErrorMessage") or "") if answer else ""
            text = "%s answered HTTP %d" % (service, reply.status)
            if code or message:
                text += ": %s" % " ".join(part for part in (code, message) if part)
            raise CCCError(
                code or "CloudSSOError",
                context.secrets.scrub(text),
                answer.get("RequestId") if answer else None,
                reply.status,
            )
        return temporary_from_reply(answer["CloudCredential"], service, context.secrets)

    return context.refreshing(fetch, description)
