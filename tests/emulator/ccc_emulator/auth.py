# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Verifying V3 (ACS3-HMAC-SHA256) and V1 (HMAC-SHA1) signatures, written from the spec.

Each step mirrors a line of the spec so a failure can be traced to it. Nothing secret leaves this module:
errors name the access key id at most, never a secret, token or signature.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote

from .replies import ApiError, gateway_error

V3_ALGORITHM = "ACS3-HMAC-SHA256"
CLOCK_SKEW_SECONDS = 15 * 60  # the gateway rejects a timestamp more than 15 minutes off
V1_REQUIRED = (
    "AccessKeyId",
    "Action",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
)
V3_REQUIRED_HEADERS = ("x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256")
_AUTHORIZATION = re.compile(
    r"^ACS3-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-fA-F]+)\s*$"
)


@dataclass(frozen=True)
class Credential:
    access_key_id: str
    access_key_secret: str
    security_token: str | None = None
    expired: bool = False  # an STS token past its expiry: every request with it is refused
    expires_at: float | None = None  # epoch seconds: refused as expired from then on (temporary keys)


@dataclass
class Request:
    """What the verifier needs from an HTTP request; ``headers`` maps lower-case names to value lists."""

    method: str
    query: str
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.headers.get(name)
        return values[0] if values else None

    def form(self) -> list[tuple[str, str]]:
        if not self.body:
            return []
        content_type = (self.header("content-type") or "").lower()
        if "json" in content_type or "octet-stream" in content_type:
            return []
        return parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.query, keep_blank_values=True)


@dataclass
class Verified:
    action: str
    version: str
    params: dict[str, str]
    access_key_id: str
    scheme: str  # "V3" or "V1"


def percent_encode(text: str) -> str:
    """RFC 3986: unreserved ``A-Za-z0-9-_.~`` kept, everything else ``%XY`` upper-case (space is %20)."""
    return quote(text, safe="~")


def incomplete(message: str) -> ApiError:
    return gateway_error(400, "IncompleteSignature", message)


def missing(name: str) -> ApiError:
    return gateway_error(
        400,
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
    )


class NonceStore:
    """Nonces seen per access key within the timestamp window; older ones can no longer be replayed
    (their timestamp would be refused), so they are forgotten."""

    def __init__(self, window_seconds: float = 2 * CLOCK_SKEW_SECONDS, clock=time.monotonic):
        self._window = window_seconds
        self._clock = clock
        self._seen: dict[tuple[str, str], float] = {}
        self._order: collections.deque[tuple[float, tuple[str, str]]] = collections.deque()
        self._lock = threading.Lock()

    def claim(self, access_key_id: str, nonce: str) -> bool:
        """Records the nonce; False when it was already used."""
        now = self._clock()
        key = (access_key_id, nonce)
        with self._lock:
            while self._order and now - self._order[0][0] > self._window:
                _seen_at, old = self._order.popleft()
                self._seen.pop(old, None)
            if key in self._seen:
                return False
            self._seen[key] = now
            self._order.append((now, key))
            return True

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
            self._order.clear()


class Verifier:
    def __init__(self, credentials: list[Credential], *, clock=time.time, nonces: NonceStore | None = None):
        self._credentials = {c.access_key_id: c for c in credentials}
        self._clock = clock
        self.nonces = nonces or NonceStore()

    def replace_credentials(self, credentials: list[Credential]) -> None:
        self._credentials = {c.access_key_id: c for c in credentials}

    def add_credential(self, credential: Credential) -> None:
        """A temporary key handed out by the emulator's STS, metadata or credentials-URI routes."""
        credentials = dict(self._credentials)
        credentials[credential.access_key_id] = credential
        self._credentials = credentials

    def verify(self, request: Request) -> Verified:
        authorization = request.header("authorization")
        if authorization is not None and authorization.strip():
            return self._verify_v3(request, authorization.strip())
        return self._verify_v1(request)

    # --- shared steps -------------------------------------------------------------------------

    def _credential(self, access_key_id: str) -> Credential:
        credential = self._credentials.get(access_key_id)
        if credential is None:
            raise gateway_error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        return credential

    def _check_timestamp(self, value: str, name: str) -> None:
        try:
            stamp = _parse_utc(value)
        except ValueError:
            raise gateway_error(
                400, "InvalidTimeStamp.Format", f"Specified {name} is not in the format YYYY-MM-DDThh:mm:ssZ."
            ) from None
        if abs(self._clock() - stamp) > CLOCK_SKEW_SECONDS:
            raise gateway_error(
                400, "InvalidTimeStamp.Expired", f"Specified time stamp or date value is expired: {value}."
            )

    def _check_token(self, credential: Credential, token: str | None) -> None:
        if credential.security_token is None:
            if token:
                # A token with a permanent key means the caller mixed two credential sources.
                raise gateway_error(
                    400, "InvalidSecurityToken.Mismatch", "The security token does not belong to this access key."
                )
            return
        if not token or not hmac.compare_digest(token.encode(), credential.security_token.encode()):
            raise gateway_error(
                400,
                "InvalidSecurityToken.Mismatch",
                "The security token is missing or does not belong to this access key.",
            )
        if credential.expired or (credential.expires_at is not None and self._clock() >= credential.expires_at):
            raise gateway_error(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")

    def _claim_nonce(self, access_key_id: str, nonce: str) -> None:
        if not self.nonces.claim(access_key_id, nonce):
            raise gateway_error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")

    # --- V3 -----------------------------------------------------------------------------------

    def _verify_v3(self, request: Request, authorization: str) -> Verified:
        match = _AUTHORIZATION.match(authorization)
        if not match:
            if authorization.split(" ", 1)[0] != V3_ALGORITHM:
                raise incomplete("The Authorization header names an unsupported signature algorithm.")
            raise incomplete(
                "The Authorization header is not 'ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...'."
            )
        access_key_id, signed_headers, signature = match.groups()
        for name in V3_REQUIRED_HEADERS:
            if not request.header(name):
                raise missing(name)
        signed = signed_headers.split(";")
        if any(name != name.lower() for name in signed):
            raise incomplete("SignedHeaders must be lower-case header names.")
        needed = {"host"} | {name for name in request.headers if name.startswith("x-acs-")}
        unsigned = sorted(needed - set(signed))
        if unsigned:
            raise incomplete("These headers must be signed: " + ", ".join(unsigned) + ".")
        absent = [name for name in signed if name not in request.headers]
        if absent:
            raise incomplete("Signed headers are absent from the request: " + ", ".join(absent) + ".")

        credential = self._credential(access_key_id)
        self._check_timestamp(request.header("x-acs-date"), "x-acs-date")

        payload_hash = hashlib.sha256(request.body).hexdigest()
        if request.header("x-acs-content-sha256").lower() != payload_hash:
            raise gateway_error(
                400, "SignatureDoesNotMatch", "The x-acs-content-sha256 header does not match the request body."
            )
        canonical = v3_canonical_request(
            request.method,
            request.query_pairs(),
            request.headers,
            signed_headers,
            request.header("x-acs-content-sha256"),
        )
        string_to_sign = V3_ALGORITHM + "\n" + hashlib.sha256(canonical.encode()).hexdigest()
        expected = hmac.new(credential.access_key_secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.lower()):
            raise gateway_error(
                400,
                "SignatureDoesNotMatch",
                f"Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}",
            )
        self._check_token(credential, request.header("x-acs-security-token"))
        self._claim_nonce(access_key_id, request.header("x-acs-signature-nonce"))

        params = dict(request.query_pairs())
        params.update(request.form())
        return Verified(
            action=request.header("x-acs-action"),
            version=request.header("x-acs-version"),
            params=params,
            access_key_id=access_key_id,
            scheme="V3",
        )

    # --- V1 -----------------------------------------------------------------------------------

    def _verify_v1(self, request: Request) -> Verified:
        pairs = request.query_pairs() + request.form()
        params = dict(pairs)
        for name in V1_REQUIRED:
            if not params.get(name):
                raise missing(name)
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            raise incomplete(
                "Only SignatureMethod=HMAC-SHA1 with SignatureVersion=1.0 is supported without an Authorization header."
            )
        access_key_id = params["AccessKeyId"]
        credential = self._credential(access_key_id)
        self._check_timestamp(params["Timestamp"], "Timestamp")

        string_to_sign = v1_string_to_sign(request.method, [p for p in pairs if p[0] != "Signature"])
        expected = base64.b64encode(
            hmac.new((credential.access_key_secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
        ).decode()
        if not hmac.compare_digest(expected.encode(), params["Signature"].encode()):
            raise gateway_error(
                400,
                "SignatureDoesNotMatch",
                f"Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}",
            )
        self._check_token(credential, params.get("SecurityToken"))
        self._claim_nonce(access_key_id, params["SignatureNonce"])
        return Verified(
            action=params["Action"], version=params["Version"], params=params, access_key_id=access_key_id, scheme="V1"
        )


def v3_canonical_request(
    method: str, query: list[tuple[str, str]], headers: dict[str, list[str]], signed_headers: str, payload_hash: str
) -> str:
    """``METHOD\\n/\\n<canonical query>\\n<canonical headers>\\n<signed header names>\\n<payload hash>``."""
    canonical_query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(query))
    canonical_headers = "".join(
        f"{name}:{','.join(sorted(v.strip() for v in headers[name]))}\n" for name in sorted(signed_headers.split(";"))
    )
    return "\n".join([method.upper(), "/", canonical_query, canonical_headers, signed_headers, payload_hash])


def v1_string_to_sign(method: str, params: list[tuple[str, str]]) -> str:
    """``METHOD&%2F&`` + enc(sorted ``enc(name)=enc(value)`` joined by ``&``)."""
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params))
    return f"{method.upper()}&%2F&{percent_encode(canonical)}"


def _parse_utc(value: str) -> float:
    for fmt in ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC).timestamp()
        except ValueError:
            continue
    raise ValueError(value)
