# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the CCC API client (signing, retries, replies to errors).

Requests go out through ``_transport.Transport``; ``CredentialHttp`` is the same transport for the
credential services, without retries.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from datetime import datetime, timezone
from urllib.parse import urlsplit

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import EXPIRED_TOKEN, renew_after_expiry
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import (
    CCCError,
    CCCWriteOutcomeUnknown,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._retry import (
    FAIL,
    OUTCOME_UNKNOWN,
    Backoff,
    decide,
    retry_after_seconds,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets
from ansible_collections.alibabacloud.ccc.plugins.module_utils._signing import (
    canonical_query,
    sign_v1,
    sign_v3,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._transport import Transport, TransportError

log = logging.getLogger(__name__)


class _Failure(Exception):
    """One failed attempt: the error to raise if we stop here, and what the policy said."""

    def __init__(self, error: CCCError, verdict: str, retry_after: float | None = None):
        super().__init__(error.message)
        self.error = error
        self.verdict = verdict
        self.retry_after = retry_after


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _new_nonce() -> str:
    return uuid.uuid4().hex


def _fill_params(message: str, params) -> str:
    # Business errors put the variable parts in `Params` and `%s` placeholders in `Message`.
    if not isinstance(params, list) or "%s" not in message:
        return message
    for value in params:
        message = message.replace("%s", str(value), 1)
    return message


class Client:
    """Calls the CCC API (POST /) with signed requests, retrying what is safe to retry."""

    def __init__(self, settings, *, sleep=time.sleep, clock=_utc_now, nonce=_new_nonce, random=None, transport=None):
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._nonce = nonce
        self._backoff = (
            Backoff(settings.max_retries) if random is None else Backoff(settings.max_retries, random=random)
        )
        self._lock = threading.Lock()
        self.calls = 0  # attempts sent
        self.retries = 0  # attempts that were a retry of an earlier one
        # Every secret the credentials ever hand out joins this set before it is used.
        self.secrets = getattr(settings, "secrets", None) or Secrets()
        self._signed_with = None
        self._transport = transport or Transport(settings.validate_certs)
        # Whether the endpoint has answered yet (see _transport_failure).
        self._answered = False

    @property
    def masked_values(self) -> list[str]:
        """Every secret and token handed out so far (raw, encoded, double-encoded), longest first."""
        return self.secrets.forms()

    def credentials(self):
        """The key to sign the next request with: temporary keys are refreshed here before they expire."""
        creds = self.settings.credentials.current()
        if creds is not self._signed_with:
            self.secrets.add(creds.access_key_secret, creds.security_token)
            self._signed_with = creds
        return creds

    def scrub(self, text: str) -> str:
        """Remove every secret and token (raw, encoded, double-encoded) from a text."""
        return self.secrets.scrub(text)

    def close(self) -> None:
        self._transport.close()

    def call(self, action: str, params: dict[str, str], *, write: bool) -> dict:
        """Sign (fresh nonce and timestamp every attempt), send POST /, retry per `_retry`, and
        return the parsed JSON body; raise CCCError (CCCWriteOutcomeUnknown for lost writes)."""
        retry_index = 0
        renewed = False
        while True:
            try:
                return self._attempt(action, params, write)
            except _Failure as failure:
                error = failure.error
                if error.code == EXPIRED_TOKEN and not renewed:
                    # Refused before anything was done, so even a write is safe to send again, once.
                    renewed = True
                    if renew_after_expiry(self.settings.credentials, self._signed_with, error):
                        continue
                if (
                    failure.verdict != FAIL
                    and failure.verdict != OUTCOME_UNKNOWN
                    and retry_index < self.settings.max_retries
                ):
                    delay = self._backoff.delay(retry_index, failure.retry_after)
                    log.debug(
                        "%s attempt %d failed with %s; retrying in %.3fs", action, retry_index + 1, error.code, delay
                    )
                    with self._lock:
                        self.retries += 1
                    retry_index += 1
                    self._sleep(delay)
                    continue
                if retry_index and failure.verdict not in (FAIL, OUTCOME_UNKNOWN):
                    error.message = "%s (gave up after %d attempts)" % (error.message, retry_index + 1)
                raise error from None

    def _prepare(self, action: str, params: dict[str, str]) -> tuple[str, dict, bytes]:
        settings = self.settings
        creds = self.credentials()
        timestamp = self._clock()
        nonce = self._nonce()
        if settings.signature_version == "v1":
            # Everything, the signature and the token included, travels in the body, not the URL.
            signed = sign_v1(
                access_key_id=creds.access_key_id,
                access_key_secret=creds.access_key_secret,
                security_token=creds.security_token,
                action=action,
                params=params,
                timestamp=timestamp,
                nonce=nonce,
            )
            body = canonical_query(signed).encode("ascii")
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            return settings.endpoint_url + "/", headers, body
        headers = sign_v3(
            access_key_id=creds.access_key_id,
            access_key_secret=creds.access_key_secret,
            security_token=creds.security_token,
            host=settings.host,
            action=action,
            params=params,
            timestamp=timestamp,
            nonce=nonce,
        )
        query = canonical_query(params)
        return settings.endpoint_url + "/" + ("?" + query if query else ""), headers, b""

    def _attempt(self, action: str, params: dict[str, str], write: bool) -> dict:
        url, headers, body = self._prepare(action, params)
        with self._lock:
            self.calls += 1
        try:
            reply = self._transport.send("POST", url, self.settings.host, headers, body, self.settings.timeout)
        except TransportError as exc:
            raise self._transport_failure(exc.code, exc.sentence, write, sent=exc.sent) from None
        self._answered = True
        return self._interpret(action, reply.status, reply.headers, reply.body, write)

    def _transport_failure(self, code: str, sentence: str, write: bool, sent: bool) -> _Failure:
        # A certificate that is not trusted will not be trusted on the next attempt either. A connection that
        # cannot be made (refused: nothing listens there) before the endpoint ever answered is a wrong
        # endpoint, which waiting does not fix: retrying it only delayed the error by seconds. Once the
        # endpoint has answered, a refusal is a restart or a blip, and retrying it saves a run half done.
        cannot_connect = code == "ConnectionError" and not sent and not self._answered
        verdict = FAIL if code == "TLSError" or cannot_connect else decide(write=write, sent=sent)
        if verdict == OUTCOME_UNKNOWN:
            return _Failure(
                CCCWriteOutcomeUnknown(
                    code, "%s; the change may or may not have been applied, so it was not sent again" % sentence
                ),
                verdict,
            )
        return _Failure(CCCError(code, sentence), verdict)

    def _interpret(self, action: str, status: int, headers, raw: bytes, write: bool) -> dict:
        retry_after = retry_after_seconds(headers.get("x-acs-retry-after"))
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        request_id = body.get("RequestId") if isinstance(body, dict) else None
        request_id = request_id or headers.get("x-acs-request-id")
        log.debug("%s replied HTTP %d (request id %s)", action, status, request_id)

        if not isinstance(body, dict):
            verdict = decide(write=write, code=None, http_status=status, json_reply=False)
            kind = "an empty body" if not raw.strip() else "a body that is not a JSON object"
            sentence = "%s replied HTTP %d with %s" % (self.settings.host, status, kind)
            return self._raise_or_unknown("InvalidResponse", sentence, request_id, status, verdict)

        code = body.get("Code")
        if 200 <= status < 300 and code in (None, "OK", "200", "Success"):
            return body
        code = str(code) if code is not None else None
        message = _fill_params(str(body.get("Message") or "no message"), body.get("Params"))
        message = self.scrub(message)
        http_status = status if status >= 300 else (body.get("HttpStatusCode") or status)
        verdict = decide(write=write, code=code, http_status=status, json_reply=True)
        return self._raise_or_unknown(code, message, request_id, http_status, verdict, retry_after)

    @staticmethod
    def _raise_or_unknown(code, message, request_id, http_status, verdict, retry_after=None):
        if verdict == OUTCOME_UNKNOWN:
            error = CCCWriteOutcomeUnknown(
                code,
                "%s; the change may or may not have been applied, so it was not sent again" % message,
                request_id,
                http_status,
            )
        else:
            error = CCCError(code, message, request_id, http_status)
        raise _Failure(error, verdict, retry_after)


class CredentialHttp:
    """The transport of the credential sources (STS, the ECS metadata service, credentials URIs).

    One request per call, no retries (the caller decides), the timeout it is given (1 s for metadata).
    Errors name the service's `scheme://host[:port]` only: paths and queries may carry tokens.
    """

    def __init__(self, validate_certs: bool = True, transport=None):
        self._transport = transport or Transport(validate_certs)

    def close(self) -> None:
        self._transport.close()

    def request(self, method: str, url: str, headers=None, form=None, timeout=(5.0, 10.0)):
        parts = urlsplit(url)
        where = "%s://%s" % (parts.scheme, parts.netloc.rpartition("@")[2])
        try:
            return self._transport.send(method, url, where, headers, form, timeout)
        except TransportError as exc:
            raise CCCError(exc.code, exc.sentence) from None
