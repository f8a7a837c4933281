# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may get temporary keys, and the keys handed out: shared by the STS, metadata and credentials-URI routes.

Every temporary key is added to the verifier with its token and its expiry, so the CCC side accepts it only
with that token and only until it expires (then ``InvalidSecurityToken.Expired``). ``lifetime_seconds`` can be
made short (seconds) so a client's refresh can be watched.
"""

from __future__ import annotations

import copy
import secrets
import threading
import time
from collections import Counter
from datetime import UTC, datetime

from .auth import Credential

ACCOUNT = "1234567890123456"
DEFAULTS = {
    # Expiration of every key handed out, whatever DurationSeconds asked for.
    "lifetime_seconds": 3600,
    # Roles AssumeRole and AssumeRoleWithOIDC may assume: ARN -> {"external_id": required value or null}.
    "roles": {
        f"acs:ram::{ACCOUNT}:role/ccc-operator": {"external_id": None},
        f"acs:ram::{ACCOUNT}:role/ccc-guarded": {"external_id": "emulator-external-id"},
    },
    # Access keys AssumeRole refuses with NoPermission (they are known, but not allowed to assume).
    "denied_keys": [],
    "oidc": {"provider_arn": f"acs:ram::{ACCOUNT}:oidc-provider/ack-rrsa-emulator", "token": "EmulatorOidcToken0001"},
    # role: the instance's RAM role (null: none attached). imds: "optional" (v1 and v2), "required" (v1 reads
    # get 401), "v1-only" (the token request gets 404, as on old instances).
    "metadata": {"role": "ccc-ecs-role", "imds": "optional"},
    # CloudSSO (cloud_sso.py): the access token the CLI's sign-in left, and the account and access
    # configuration it may get keys for.
    "cloud_sso": {"access_token": "EmuSsoAccessToken0001", "account_id": ACCOUNT, "access_config": "ac-ccc-emulator"},
    # OAuth (oauth.py): the refresh token in force (it rotates on every use) and an access token accepted at
    # start; access tokens live access_token_lifetime_seconds.
    "oauth": {
        "refresh_token": "EmuOAuthRefresh0001",
        "access_token": "EmuOAuthAccess0001",
        "access_token_lifetime_seconds": 3600,
    },
}
# token-slow: the token request answers after TOKEN_SLOW_S, past the libraries' 1 s timeout (v1 reads work).
IMDS_MODES = ("optional", "required", "v1-only", "token-slow")


class IdentityError(ValueError):
    pass


class Identity:
    def __init__(self, verifier):
        self._verifier = verifier
        self._lock = threading.Lock()
        self.config = copy.deepcopy(DEFAULTS)
        self._serial = 0
        self.issued: list[dict] = []  # {"access_key_id", "via", "expires_at"}: never secrets
        self.counters: Counter = Counter()
        self.ccc_calls_by_key: Counter = Counter()
        self.metadata_tokens: dict[str, float] = {}
        # OAuth state (oauth.py): the refresh token that still works, and live access tokens -> expiry.
        self.oauth_refresh: str | None = None
        self.oauth_access: dict[str, float] = {}
        self._reset_oauth()

    def configure(self, doc) -> None:
        """Replace the configuration: the defaults, with the given top-level keys replaced."""
        if not isinstance(doc, dict):
            raise IdentityError("the identity configuration must be an object")
        unknown = sorted(set(doc) - set(DEFAULTS))
        if unknown:
            raise IdentityError("unknown identity keys: " + ", ".join(unknown))
        config = copy.deepcopy(DEFAULTS)
        config.update(copy.deepcopy(doc))
        lifetime = config["lifetime_seconds"]
        if not isinstance(lifetime, int) or isinstance(lifetime, bool) or lifetime < 1:
            raise IdentityError("lifetime_seconds must be a whole number of seconds, at least 1")
        if not isinstance(config["roles"], dict):
            raise IdentityError("roles must map role ARNs to {external_id}")
        metadata = dict(DEFAULTS["metadata"], **(config["metadata"] or {}))
        if metadata["imds"] not in IMDS_MODES:
            raise IdentityError("metadata.imds must be one of " + ", ".join(IMDS_MODES))
        config["metadata"] = metadata
        config["oidc"] = dict(DEFAULTS["oidc"], **(config["oidc"] or {}))
        for name in ("cloud_sso", "oauth"):
            config[name] = dict(DEFAULTS[name], **(config[name] or {}))
            unknown = sorted(set(config[name]) - set(DEFAULTS[name]))
            if unknown:
                raise IdentityError("unknown %s keys: %s" % (name, ", ".join(unknown)))
        with self._lock:
            self.config = config
        self._reset_oauth()

    def _reset_oauth(self) -> None:
        oauth = self.config["oauth"]
        with self._lock:
            self.oauth_refresh = oauth["refresh_token"]
            self.oauth_access = {}
            if oauth["access_token"]:
                self.oauth_access[oauth["access_token"]] = time.time() + oauth["access_token_lifetime_seconds"]

    def forget(self) -> None:
        """A seed reset replaces the verifier's keys; the temporary ones go with them."""
        with self._lock:
            self.issued.clear()
            self.metadata_tokens.clear()

    def reset_counters(self) -> None:
        with self._lock:
            self.counters.clear()
            self.ccc_calls_by_key.clear()

    def count(self, name: str) -> None:
        with self._lock:
            self.counters[name] += 1

    def record_ccc_call(self, access_key_id: str) -> None:
        with self._lock:
            self.ccc_calls_by_key[access_key_id] += 1

    def issue(self, via: str) -> dict:
        """A new temporary key, known to the verifier at once; returns the reply's credential fields."""
        with self._lock:
            self._serial += 1
            key_id = "STS.Emu%06d" % self._serial
            lifetime = self.config["lifetime_seconds"]
        expires_at = int(time.time()) + lifetime
        secret = "EmuTmpSecret-" + secrets.token_hex(12)
        token = "EmuTmpToken-" + secrets.token_hex(24)
        self._verifier.add_credential(Credential(key_id, secret, token, expires_at=expires_at))
        with self._lock:
            self.issued.append({"access_key_id": key_id, "via": via, "expires_at": expires_at})
            self.counters["issued"] += 1
        return {
            "AccessKeyId": key_id,
            "AccessKeySecret": secret,
            "SecurityToken": token,
            "Expiration": datetime.fromtimestamp(expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    def describe(self) -> dict:
        with self._lock:
            config = copy.deepcopy(self.config)
            config["oidc"] = dict(config["oidc"], token="(set)" if config["oidc"].get("token") else None)
            for name, fields in (("cloud_sso", ("access_token",)), ("oauth", ("refresh_token", "access_token"))):
                config[name] = dict(config[name], **{f: "(set)" if config[name].get(f) else None for f in fields})
            return {
                "config": config,
                "issued": list(self.issued),
                "counters": dict(self.counters),
                "ccc_calls_by_key": dict(self.ccc_calls_by_key),
            }
