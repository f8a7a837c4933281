# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: request signing (ACS3-HMAC-SHA256 and HMAC-SHA1).

Every function here is pure. The clock and the nonce are arguments, so the published test vectors
can be replayed exactly and every retry can be signed afresh by the caller.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections import namedtuple
from datetime import datetime, timezone
from urllib.parse import quote

API_VERSION = "2020-07-01"
V3_ALGORITHM = "ACS3-HMAC-SHA256"
V1_SIGNATURE_METHOD = "HMAC-SHA1"
V1_SIGNATURE_VERSION = "1.0"

# RFC 3986 section 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~" stay as they are.
UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"

V3Steps = namedtuple(
    "V3Steps",
    "canonical_query canonical_headers signed_headers hashed_payload canonical_request "
    "hashed_canonical_request string_to_sign signature authorization headers",
)
V1Steps = namedtuple("V1Steps", "canonical_query string_to_sign signature params")


def percent_encode(value: str) -> str:
    """RFC 3986 encoding of the UTF-8 bytes of `value`: unreserved characters kept, everything
    else `%XY` with upper-case hex (so a space is `%20`, never `+`)."""
    return quote(value.encode("utf-8"), safe="-_.~")


def format_timestamp(now: datetime) -> str:
    """`YYYY-MM-DDThh:mm:ssZ` in UTC; a naive datetime is taken to be UTC already."""
    if now.tzinfo is not None:
        now = now.astimezone(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_query(params: dict[str, str]) -> str:
    """Parameters sorted by name, each `enc(name)=enc(value)`, joined by `&`.

    The same string is the V3 canonical query and the V1 canonicalized query string.
    """
    return "&".join("%s=%s" % (percent_encode(name), percent_encode(value)) for name, value in sorted(params.items()))


def hashed_payload(body: bytes) -> str:
    """Hex SHA-256 of the request body (the `x-acs-content-sha256` header)."""
    return hashlib.sha256(body).hexdigest()


def _is_signed_header(name: str) -> bool:
    # The spec requires host and every x-acs-* header; content-type joins them when present.
    return name in ("host", "content-type") or name.startswith("x-acs-")


def canonical_headers(headers: dict[str, str]) -> tuple[str, str]:
    """Return (canonical headers, signed header names): `lowername:trimmed value\\n` sorted by
    name over the signed headers, and those names joined by `;`."""
    signed = sorted((name.lower(), value.strip()) for name, value in headers.items() if _is_signed_header(name.lower()))
    canonical = "".join("%s:%s\n" % (name, value) for name, value in signed)
    return canonical, ";".join(name for name, _value in signed)


def canonical_request(method: str, path: str, query: str, headers: str, signed_headers: str, payload_hash: str) -> str:
    return "\n".join((method.upper(), path, query, headers, signed_headers, payload_hash))


def string_to_sign_v3(canonical: str) -> str:
    return "%s\n%s" % (V3_ALGORITHM, hashlib.sha256(canonical.encode("utf-8")).hexdigest())


def signature_v3(secret: str, string_to_sign: str) -> str:
    return hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def v3_steps(
    *,
    access_key_id: str,
    access_key_secret: str,
    security_token: str | None,
    host: str,
    action: str,
    params: dict[str, str],
    timestamp: datetime,
    nonce: str,
    version: str = API_VERSION,
    method: str = "POST",
    path: str = "/",
    body: bytes = b"",
) -> V3Steps:
    """Every intermediate of a V3 signature, in spec order, ending with the headers to send."""
    payload_hash = hashed_payload(body)
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": format_timestamp(timestamp),
        "x-acs-signature-nonce": nonce,
        "x-acs-content-sha256": payload_hash,
    }
    if security_token:
        headers["x-acs-security-token"] = security_token
    query = canonical_query(params)
    canon_headers, signed = canonical_headers(headers)
    canonical = canonical_request(method, path, query, canon_headers, signed, payload_hash)
    to_sign = string_to_sign_v3(canonical)
    signature = signature_v3(access_key_secret, to_sign)
    authorization = "%s Credential=%s,SignedHeaders=%s,Signature=%s" % (V3_ALGORITHM, access_key_id, signed, signature)
    headers["Authorization"] = authorization
    return V3Steps(
        query,
        canon_headers,
        signed,
        payload_hash,
        canonical,
        to_sign.split("\n", 1)[1],
        to_sign,
        signature,
        authorization,
        headers,
    )


def sign_v3(
    *,
    access_key_id: str,
    access_key_secret: str,
    security_token: str | None,
    host: str,
    action: str,
    params: dict[str, str],
    timestamp: datetime,
    nonce: str,
    version: str = API_VERSION,
) -> dict[str, str]:
    """The headers of a signed V3 `POST /` with an empty body (`host`, `x-acs-*`, `Authorization`).

    The caller sends `params` as the query string built with `canonical_query(params)`, so what
    travels is byte for byte what was signed.
    """
    return v3_steps(
        access_key_id=access_key_id,
        access_key_secret=access_key_secret,
        security_token=security_token,
        host=host,
        action=action,
        params=params,
        timestamp=timestamp,
        nonce=nonce,
        version=version,
    ).headers


def string_to_sign_v1(method: str, canonical: str) -> str:
    return "%s&%s&%s" % (method.upper(), percent_encode("/"), percent_encode(canonical))


def signature_v1(secret: str, string_to_sign: str) -> str:
    digest = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def v1_common_params(
    *,
    access_key_id: str,
    security_token: str | None,
    action: str,
    timestamp: datetime,
    nonce: str,
    version: str = API_VERSION,
    response_format: str = "JSON",
) -> dict[str, str]:
    common = {
        "Action": action,
        "Version": version,
        "Format": response_format,
        "AccessKeyId": access_key_id,
        "SignatureMethod": V1_SIGNATURE_METHOD,
        "SignatureVersion": V1_SIGNATURE_VERSION,
        "SignatureNonce": nonce,
        "Timestamp": format_timestamp(timestamp),
    }
    if security_token:
        common["SecurityToken"] = security_token
    return common


def v1_steps(*, access_key_secret: str, params: dict[str, str], method: str = "POST") -> V1Steps:
    """Sign an already complete V1 parameter set (common + business, without `Signature`)."""
    query = canonical_query(params)
    to_sign = string_to_sign_v1(method, query)
    signature = signature_v1(access_key_secret, to_sign)
    signed = dict(params)
    signed["Signature"] = signature
    return V1Steps(query, to_sign, signature, signed)


def sign_v1(
    *,
    access_key_id: str,
    access_key_secret: str,
    security_token: str | None,
    action: str,
    params: dict[str, str],
    timestamp: datetime,
    nonce: str,
    version: str = API_VERSION,
    method: str = "POST",
) -> dict[str, str]:
    """Every parameter of a signed V1 request, `Signature` included, for a form-encoded body."""
    common = v1_common_params(
        access_key_id=access_key_id,
        security_token=security_token,
        action=action,
        timestamp=timestamp,
        nonce=nonce,
        version=version,
    )
    clash = sorted(set(common) & set(params))
    if clash:
        raise ValueError("parameter names reserved for signing: %s" % ", ".join(clash))
    merged = dict(params)
    merged.update(common)
    return v1_steps(access_key_secret=access_key_secret, params=merged, method=method).params
