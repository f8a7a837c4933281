# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A deliberately small V3/V1 signer and HTTP caller for the emulator's own tests and measure.py.

Written from ccc-api.md on its own (not shared with plugins/ nor with the emulator's verifier), so a
test passing means two independent readings of the spec agree.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import ssl
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from ccc_emulator.launcher import DEMO_KEY, DEMO_STS

# (access key id, secret, security token): the emulator's built-in keys, which only name who signs.
KEY = (DEMO_KEY.access_key_id, DEMO_KEY.access_key_secret, None)
STS = (DEMO_STS.access_key_id, DEMO_STS.access_key_secret, DEMO_STS.security_token)
VERSION = "2020-07-01"


def enc(text: str) -> str:
    return quote(text, safe="-_.~")


def utc_now(offset_seconds: float = 0) -> str:
    moment = datetime.fromtimestamp(datetime.now(UTC).timestamp() + offset_seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Prepared:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes = b""
    nonce: str = ""
    params: dict[str, str] = field(default_factory=dict)


def sign_v3(
    host: str,
    action: str,
    params: dict[str, str],
    credentials=KEY,
    *,
    date: str | None = None,
    nonce: str | None = None,
    body_params: dict[str, str] | None = None,
    version: str = VERSION,
    extra_headers: dict[str, str] | None = None,
) -> Prepared:
    key_id, secret, token = credentials
    nonce = nonce or uuid.uuid4().hex
    body = "&".join(f"{enc(k)}={enc(v)}" for k, v in (body_params or {}).items()).encode()
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": date or utc_now(),
        "x-acs-signature-nonce": nonce,
        "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
    }
    if token:
        headers["x-acs-security-token"] = token
    if body_params:
        headers["content-type"] = "application/x-www-form-urlencoded"
    headers.update(extra_headers or {})
    query = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items()))
    signed = sorted(h for h in headers if h == "host" or h.startswith("x-acs-"))
    canonical = "\n".join(
        [
            "POST",
            "/",
            query,
            "".join(f"{h}:{headers[h].strip()}\n" for h in signed),
            ";".join(signed),
            headers["x-acs-content-sha256"],
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    signature = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={';'.join(signed)},Signature={signature}"
    )
    return Prepared("POST", "/?" + query if query else "/", headers, body, nonce, dict(params))


def sign_v1(
    action: str,
    params: dict[str, str],
    credentials=KEY,
    *,
    method: str = "POST",
    timestamp: str | None = None,
    nonce: str | None = None,
    in_body: bool = False,
    version: str = VERSION,
) -> Prepared:
    key_id, secret, token = credentials
    nonce = nonce or str(uuid.uuid4())
    everything = {
        "Action": action,
        "Version": version,
        "Format": "JSON",
        "AccessKeyId": key_id,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": nonce,
        "Timestamp": timestamp or utc_now(),
        **params,
    }
    if token:
        everything["SecurityToken"] = token
    canonical = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(everything.items()))
    to_sign = f"{method}&%2F&{enc(canonical)}"
    everything["Signature"] = base64.b64encode(
        hmac.new((secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    ).decode()
    encoded = "&".join(f"{enc(k)}={enc(v)}" for k, v in everything.items())
    if in_body:
        return Prepared(
            method, "/", {"content-type": "application/x-www-form-urlencoded"}, encoded.encode(), nonce, everything
        )
    return Prepared(method, "/?" + encoded, {}, b"", nonce, everything)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def code(self) -> str:
        return self.json()["Code"]


class Caller:
    """Keeps one connection open, as an SDK client would."""

    def __init__(self, port: int, *, tls_ca: str | None = None, timeout: float = 30):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self._tls = ssl.create_default_context(cafile=tls_ca) if tls_ca else None
        self._timeout = timeout
        self._conn = None

    def _connection(self):
        if self._conn is None:
            if self._tls:
                self._conn = http.client.HTTPSConnection(
                    "127.0.0.1", self.port, context=self._tls, timeout=self._timeout
                )
            else:
                self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self._timeout)
        return self._conn

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def send(self, prepared: Prepared) -> Reply:
        conn = self._connection()
        headers = {k: v for k, v in prepared.headers.items() if k != "host"}
        conn.putrequest(prepared.method, prepared.target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", prepared.headers.get("host", self.host))
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(prepared.body)))
        try:
            conn.endheaders(prepared.body)
            response = conn.getresponse()
            reply = Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        except Exception:
            self.close()
            raise
        if response.will_close:
            self.close()
        return reply

    def v3(self, action: str, params: dict[str, str], credentials=KEY, **kwargs) -> Reply:
        return self.send(sign_v3(self.host, action, params, credentials, **kwargs))

    def v1(self, action: str, params: dict[str, str], credentials=KEY, **kwargs) -> Reply:
        return self.send(sign_v1(action, params, credentials, **kwargs))

    def control(self, method: str, path: str, value=None) -> Reply:
        body = b"" if value is None else json.dumps(value).encode()
        return self.send(Prepared(method, path, {"content-type": "application/json"}, body))

    def bound(self, instance: str = "ccc-demo") -> dict[str, dict]:
        """The emulator's own view of the instance's bound numbers, keyed by number."""
        state = self.control("GET", "/_emulator/state").json()
        return {entry["number"]: entry for entry in state["instances"][instance]["numbers"]}

    def counters(self) -> dict:
        return self.control("GET", "/_emulator/counters").json()
