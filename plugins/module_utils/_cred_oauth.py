# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: OAuth profiles (the aliyun CLI's browser sign-in).

The profile holds an OAuth access token, its expiry and a refresh token. When the access token is missing or
has less than 20 minutes left, `POST <site>/v1/token` trades the refresh token for a new pair; the refresh
token rotates (the old one is spent), so the new pair is written back into the CLI's config file at once, as
the CLI does, or the next run would hold a spent token. `POST <site>/v1/exchange` then trades the access token
for temporary keys, which are kept in the profile too (`access_key_id`, `access_key_secret`, `sts_token`,
`sts_expiration`) and reused by the next task while they last. All of it happens under a lock on the file, so
tasks running side by side refresh once, not once each.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    REFRESH_MARGIN,
    Credentials,
    Temporary,
    json_object,
    origin,
    temporary_from_reply,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_config_file import (
    check_writable,
    update_profile,
    writable,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

# site type -> (OAuth service, the aliyun CLI's client id there): fixed by the CLI and the libraries.
SITES = {
    "CN": ("https://oauth.aliyun.com", "4038181954557748008"),
    "INTL": ("https://oauth.alibabacloud.com", "4103531455503354461"),
}
# Moves the service, for tests and emulators only (like ALIBABACLOUD_CCC_METADATA_ENDPOINT).
ENDPOINT_ENV = "ALIBABACLOUD_CCC_OAUTH_ENDPOINT"
REFRESH_BEFORE = timedelta(minutes=20)
TIMEOUT = (5.0, 10.0)
_CAMEL = {"AccessKeyId": "accessKeyId", "AccessKeySecret": "accessKeySecret", "SecurityToken": "securityToken"}


def _int(fields, name) -> int:
    try:
        return int(fields.get(name) or 0)
    except (TypeError, ValueError):
        return 0


def _sign_in_again(profile) -> str:
    return "sign in again with `aliyun configure --profile %s --mode OAuth`" % profile.name


class _Session:
    """One profile's OAuth exchange; `fetch` is what RefreshingCredentials calls."""

    def __init__(self, context, profile):
        self.context = context
        self.profile = profile
        site = (text_value(profile.fields, "oauth_site_type") or "CN").strip().upper()
        if site not in SITES:
            raise CCCError(
                "InvalidOption", "%s has oauth_site_type %r; it must be CN or INTL" % (profile.where, site[:20])
            )
        base, self.client_id = SITES[site]
        override = text_value(context.env, ENDPOINT_ENV)
        self.base = origin(override, ENDPOINT_ENV) if override else base
        self.http = context.transport("OAuth %s" % profile.where)
        self.first = True
        self._register(profile.fields)

    def _register(self, fields) -> None:
        self.context.secrets.add(
            *(
                text_value(fields, n)
                for n in ("oauth_access_token", "oauth_refresh_token", "access_key_secret", "sts_token")
            )
        )

    def fetch(self) -> Temporary:
        first, self.first = self.first, False
        outcome = update_profile(self.profile.path, self.profile.name, lambda fields: self._update(fields, first))
        if isinstance(outcome, CCCError):
            raise outcome
        return outcome

    def _update(self, fields, reuse_cached: bool):
        """(Temporary or the CCCError to raise, whether `fields` changed); runs under the file's lock."""
        self._register(fields)
        now = self.context.now()
        cached = self._cached(fields, now) if reuse_cached else None
        if cached is not None:
            return cached, False
        changed = False
        try:
            access = text_value(fields, "oauth_access_token")
            if (
                not access
                or _int(fields, "oauth_access_token_expire") - now.timestamp() <= REFRESH_BEFORE.total_seconds()
            ):
                access = self._refresh(fields, now)
                changed = True
            temporary = self._exchange(access)
        except CCCError as exc:
            return exc, changed
        if not changed and not writable(self.profile.path):
            # Nothing rotated: keeping the keys for the next task is a saving, not a need.
            return temporary, False
        credentials = temporary.credentials
        fields.update(
            access_key_id=credentials.access_key_id,
            access_key_secret=credentials.access_key_secret,
            sts_token=credentials.security_token,
            sts_expiration=calendar.timegm(temporary.expiration.utctimetuple()),
        )
        return temporary, True

    def _cached(self, fields, now):
        # Keys an earlier task exchanged, kept while they have more than the refresh margin left.
        values = [text_value(fields, n) for n in ("access_key_id", "access_key_secret", "sts_token")]
        expiration = _int(fields, "sts_expiration")
        if not all(values) or expiration - now.timestamp() <= REFRESH_MARGIN.total_seconds():
            return None
        return Temporary(Credentials(*values), datetime.fromtimestamp(expiration, timezone.utc))

    def _refresh(self, fields, now) -> str:
        refresh = text_value(fields, "oauth_refresh_token")
        where = self.profile.where
        if not refresh:
            raise CCCError(
                "OAuthTokenExpired",
                "the OAuth access token of %s has expired and there is no refresh token; %s"
                % (where, _sign_in_again(self.profile)),
            )
        check_writable(self.profile.path, "the rotated OAuth refresh token of %s" % where)
        form = {"grant_type": "refresh_token", "refresh_token": refresh, "client_id": self.client_id}
        reply = self.http.request("POST", self.base + "/v1/token", form=form, timeout=TIMEOUT)
        body = json_object(reply.body)
        if reply.status != 200 or body is None or not text_value(body, "access_token"):
            error = text_value(body, "error") if body else None
            raise CCCError(
                "OAuthError",
                "the OAuth service at %s refused to refresh the tokens of %s (HTTP %d%s); %s"
                % (self.base, where, reply.status, ", %s" % error[:80] if error else "", _sign_in_again(self.profile)),
                http_status=reply.status,
            )
        access, rotated = text_value(body, "access_token"), text_value(body, "refresh_token") or refresh
        self.context.secrets.add(access, rotated)
        fields.update(
            oauth_access_token=access,
            oauth_refresh_token=rotated,
            oauth_access_token_expire=int(now.timestamp()) + (_int(body, "expires_in") or 3600),
        )
        return access

    def _exchange(self, access: str) -> Temporary:
        headers = {"Authorization": "Bearer " + access, "Content-Type": "application/json"}
        reply = self.http.request("POST", self.base + "/v1/exchange", headers=headers, timeout=TIMEOUT)
        body = json_object(reply.body)
        where = "the OAuth service at %s" % self.base
        if reply.status != 200 or body is None or text_value(body, "error"):
            error = text_value(body, "error") if body else None
            raise CCCError(
                "OAuthError",
                "%s refused to exchange the access token of %s for keys (HTTP %d%s)"
                % (where, self.profile.where, reply.status, ", %s" % error[:80] if error else ""),
                http_status=reply.status,
            )
        for name, camel in _CAMEL.items():
            body.setdefault(name, body.get(camel))
        body.setdefault("Expiration", body.get("expiration"))
        return temporary_from_reply(body, where, self.context.secrets)


def from_profile(context, profile, _source):
    return context.refreshing(_Session(context, profile).fetch, "OAuth %s" % profile.where)
