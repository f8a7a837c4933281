# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the shape every credential provider shares.

Every source of the chain is one `load(context) -> Resolved` that raises `NotHere(reason)` when it has
nothing to give, and `CCCError` when it is set up but cannot be used. `Context` is what they all read.
What they hand back answers `current()`: `Credentials` never change (they are their own provider);
`RefreshingCredentials` wrap a fetch function for temporary keys, fetch again before they expire, from any
thread, and fetch at once when a service says the key in use has expired (`renew`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections import namedtuple
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets

log = logging.getLogger(__name__)

# Refresh when less than this remains: Go's credentials library uses 3 minutes. A long run of thousands of
# calls then never signs with a key that expires in flight.
REFRESH_MARGIN = timedelta(minutes=3)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def text_value(mapping, name):
    """`mapping[name]` as a string (unstripped), or None when absent or blank."""
    value = mapping.get(name) if mapping else None
    if value is None:
        return None
    value = str(value)
    return value if value.strip() else None


def read_secret_file(path: str, what: str) -> str:
    """The text of a file that holds secrets (``what`` names it in messages, e.g. "the OIDC token file").
    Errors name the path and the problem, never the content."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise CCCError("CredentialsFileError", "%s %s does not exist" % (what, path)) from None
    except OSError as exc:
        raise CCCError(
            "CredentialsFileError", "cannot read %s %s: %s" % (what, path, exc.strerror or type(exc).__name__)
        ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CCCError("CredentialsFileError", "%s %s is not UTF-8 text" % (what, path)) from None


def env_true(env, name) -> bool:
    return (text_value(env, name) or "").strip().lower() == "true"


class Credentials(namedtuple("Credentials", "access_key_id access_key_secret security_token")):
    """An access key pair and an optional STS token. The repr hides the secret and the token, so a
    stray debug print cannot leak them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "Credentials(access_key_id=%r, access_key_secret='********', security_token=%s)" % (
            self.access_key_id,
            "'********'" if self.security_token else "None",
        )

    def current(self) -> Credentials:
        return self

    def renew(self, rejected) -> bool:
        """Keys given as they are cannot be fetched again."""
        return False


class Resolved(namedtuple("Resolved", "credentials source region_hint")):
    """What a source found: `credentials` answers `current()`, `source` says in words where they came from,
    `region_hint` is the region a profile names (or None)."""

    __slots__ = ()

    def __new__(cls, credentials, source, region_hint=None):
        return super().__new__(cls, credentials, source, region_hint)


class Temporary(namedtuple("Temporary", "credentials expiration")):
    """Credentials and the UTC datetime they stop working at."""

    __slots__ = ()


class NotHere(Exception):
    """A source of the default chain that has nothing to give; `reason` says why, for the final error."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Context:
    """What every source reads: the module options, the environment (a mapping like os.environ), the home
    directory, the transport for credential services (`http.request(method, url, headers=, form=,
    timeout=) -> Reply`), the secrets seen so far, the clock, and `run(args, what) -> stdout` for External
    profiles' commands (`_cred_external.command_runner`)."""

    def __init__(self, options=None, env=None, home: str = "", http=None, secrets=None, clock=None, run=None):
        self.run = run
        self.options = options or {}
        self.env = env or {}
        self.home = home
        self.http = http
        self.secrets = secrets if secrets is not None else Secrets()
        self.clock = clock

    def transport(self, what: str):
        if self.http is None:
            raise CCCError("CredentialsNotFound", "%s needs HTTP, and no transport was given" % what)
        return self.http

    def static(self, credentials: Credentials) -> Credentials:
        self.secrets.add(credentials.access_key_secret, credentials.security_token)
        return credentials

    def refreshing(self, fetch, description: str) -> RefreshingCredentials:
        kwargs = {"secrets": self.secrets}
        if self.clock is not None:
            kwargs["clock"] = self.clock
        return RefreshingCredentials(fetch, description, **kwargs)

    def now(self) -> datetime:
        return (self.clock or utc_now)()


def parse_expiration(value, where: str) -> datetime:
    """`2026-12-03T08:00:00Z` (seconds optional fraction) as an aware UTC datetime."""
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise CCCError("InvalidCredentialsResponse", "%s gave an Expiration that is not a UTC time" % where)


def temporary_from_reply(body, where: str, secrets=None) -> Temporary:
    """The `{AccessKeyId, AccessKeySecret, SecurityToken, Expiration}` object STS, the metadata service
    and credentials URIs all answer with. Secrets are registered before anything else can see them."""
    if not isinstance(body, dict):
        raise CCCError("InvalidCredentialsResponse", "%s did not answer with a JSON object" % where)
    values = [text_value(body, name) for name in ("AccessKeyId", "AccessKeySecret", "SecurityToken")]
    if secrets is not None:
        secrets.add(values[1], values[2])
    missing = [n for n, v in zip(("AccessKeyId", "AccessKeySecret", "SecurityToken"), values) if not v]
    if missing or not body.get("Expiration"):
        missing += [] if body.get("Expiration") else ["Expiration"]
        raise CCCError("InvalidCredentialsResponse", "%s answered without %s" % (where, ", ".join(missing)))
    return Temporary(Credentials(*values), parse_expiration(body["Expiration"], where))


class RefreshingCredentials:
    """Temporary credentials fetched by `fetch() -> Temporary`, fetched again once less than the margin
    (3 minutes, or half the key's lifetime when that is shorter) remains. Thread-safe: concurrent callers
    wait for one refresh instead of each starting their own."""

    def __init__(self, fetch, description: str, *, clock=utc_now, secrets=None):
        self._fetch = fetch
        self.description = description
        self._clock = clock
        self._secrets = secrets
        self._lock = threading.Lock()
        self._value: Temporary | None = None
        self._refresh_at: datetime | None = None
        self.fetches = 0

    @property
    def expiration(self) -> datetime | None:
        return self._value.expiration if self._value else None

    def current(self) -> Credentials:
        with self._lock:
            now = self._clock()
            if self._value is None or now >= self._refresh_at:
                self._refresh(now)
            return self._value.credentials

    def renew(self, rejected) -> bool:
        """A service refused `rejected` as expired (clock skew, a key revoked early): fetch a new key now,
        unless another caller already has. Fetch errors are raised: the rejected key is not offered again."""
        with self._lock:
            if self._value is None or self._value.credentials is rejected:
                self._store(self._fetch(), self._clock())
            return True

    def _refresh(self, now: datetime) -> None:
        try:
            value = self._fetch()
        except CCCError as exc:
            if self._value is not None and now < self._value.expiration:
                # Still valid for a while: keep signing with it and try again on the next call.
                log.debug("refreshing %s failed (%s); the current key is still valid", self.description, exc.code)
                return
            raise
        self._store(value, now)

    def _store(self, value: Temporary, now: datetime) -> None:
        if self._secrets is not None:
            self._secrets.add(value.credentials.access_key_secret, value.credentials.security_token)
        lifetime = value.expiration - now
        margin = min(REFRESH_MARGIN, lifetime / 2) if lifetime > timedelta(0) else timedelta(0)
        self._value = value
        self._refresh_at = value.expiration - margin
        self.fetches += 1


EXPIRED_TOKEN = "InvalidSecurityToken.Expired"


def renew_after_expiry(provider, rejected, error: CCCError) -> bool:
    """A service answered `InvalidSecurityToken.Expired` to a request signed with `rejected`. True when
    `provider` now hands out a new key, so the request may be sent again (once); else the error says the
    token must be renewed by whoever issued it."""
    renew = getattr(provider, "renew", None)
    if renew is not None and renew(rejected):
        return True
    error.message = (
        "%s. The STS token was given as it is (security_token, ALIBABA_CLOUD_SECURITY_TOKEN, "
        "ALICLOUD_SECURITY_TOKEN or a StsToken profile) and cannot be fetched again here: renew it, or let the "
        "collection fetch temporary keys itself (assume_role, OIDC, an ECS RAM role or a role profile)"
        % error.message.rstrip(".")
    )
    return False


def json_object(raw: bytes):
    """A reply body as a JSON object, or None when it is not one."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def origin(url: str, what: str) -> str:
    """`scheme://host[:port]` of an http(s) URL; `what` names the field in the error."""
    parts = urlsplit((url or "").strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CCCError("InvalidOption", "%s must be an http:// or https:// URL" % what)
    return "%s://%s" % (parts.scheme.lower(), parts.netloc.rpartition("@")[2])
