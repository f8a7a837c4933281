# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the CCC API client (transport, signing, retries).

The only file that imports `requests`. Messages are written here, never copied from a
`requests` exception: those carry the URL and can carry headers.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import traceback
import uuid
from datetime import datetime, timezone

try:
    import requests
    import urllib3
    from urllib3.exceptions import InsecureRequestWarning
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import (
    MASK,
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
from ansible_collections.alibabacloud.ccc.plugins.module_utils._signing import (
    canonical_query,
    percent_encode,
    sign_v1,
    sign_v3,
)

# Kept equal to galaxy.yml's version by a unit test: module code cannot read galaxy.yml at run time.
COLLECTION_VERSION = "1.0.0"
USER_AGENT = "alibabacloud.ccc/%s (Ansible collection)" % COLLECTION_VERSION

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

    def __init__(self, settings, *, sleep=time.sleep, clock=_utc_now, nonce=_new_nonce, random=None):
        if not HAS_REQUESTS:
            raise CCCError("MissingLibrary", "the Python library 'requests' is required")
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
        self.masked_values = self._masked_forms(settings.credentials)
        self._session = requests.Session()
        # Callers may share one Client across threads (paged reads, batched writes): keep enough
        # pooled connections that none is thrown away.
        for prefix in ("https://", "http://"):
            self._session.mount(prefix, requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32))
        self._session.headers["User-Agent"] = USER_AGENT
        # A no-op auth hook stops requests from replacing our Authorization header with ~/.netrc
        # credentials; trust_env stays on so proxies and REQUESTS_CA_BUNDLE still apply.
        self._session.auth = lambda request: request
        # Passed on every request: a Session-level verify=False loses to REQUESTS_CA_BUNDLE when
        # trust_env is on, while None lets that bundle (or certifi) apply when validating.
        self._verify = None if settings.validate_certs else False
        if not settings.validate_certs:
            urllib3.disable_warnings(InsecureRequestWarning)

    @staticmethod
    def _masked_forms(credentials) -> list[str]:
        forms = set()
        for secret in (credentials.access_key_secret, credentials.security_token):
            if secret:
                once = percent_encode(secret)
                forms.update((secret, once, percent_encode(once)))
        return sorted(forms, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        """Remove the secret and the token (raw, encoded, double-encoded) from a text."""
        for secret in self.masked_values:
            text = text.replace(secret, MASK)
        return text

    def close(self) -> None:
        self._session.close()

    def call(self, action: str, params: dict[str, str], *, write: bool) -> dict:
        """Sign (fresh nonce and timestamp every attempt), send POST /, retry per `_retry`, and
        return the parsed JSON body; raise CCCError (CCCWriteOutcomeUnknown for lost writes)."""
        retry_index = 0
        while True:
            try:
                return self._attempt(action, params, write)
            except _Failure as failure:
                error = failure.error
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
        creds = settings.credentials
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
        host = self.settings.host
        try:
            response = self._session.post(
                url,
                data=body,
                headers=headers,
                timeout=self.settings.timeout,
                verify=self._verify,
                allow_redirects=False,
            )
            raw = response.content
        except requests.exceptions.SSLError:
            raise _Failure(
                CCCError(
                    "TLSError",
                    "TLS handshake with %s failed: its certificate is not trusted (or it does not speak "
                    "TLS). Point REQUESTS_CA_BUNDLE at the CA that signed it, or set validate_certs: false "
                    "only for an endpoint you trust, such as a local emulator." % host,
                ),
                FAIL,
            ) from None
        except requests.exceptions.ConnectTimeout:
            raise self._transport_failure(
                "ConnectTimeout",
                "connecting to %s timed out after %ss" % (host, self.settings.timeout),
                write,
                sent=False,
            ) from None
        except requests.exceptions.ReadTimeout:
            raise self._transport_failure(
                "ReadTimeout", "%s sent no reply within %ss" % (host, self.settings.timeout), write, sent=True
            ) from None
        except requests.exceptions.ConnectionError as exc:
            if self._never_connected(exc):
                raise self._transport_failure(
                    "ConnectionError", "could not connect to %s" % host, write, sent=False
                ) from None
            raise self._transport_failure(
                "ConnectionError", "the connection to %s was lost before a reply arrived" % host, write, sent=True
            ) from None
        except requests.exceptions.RequestException as exc:
            raise self._transport_failure(
                "ConnectionError", "the request to %s failed (%s)" % (host, type(exc).__name__), write, sent=True
            ) from None
        return self._interpret(action, response.status_code, response.headers, raw, write)

    @staticmethod
    def _never_connected(exc: Exception) -> bool:
        # requests wraps urllib3's MaxRetryError, whose reason says whether a connection was made.
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        return isinstance(reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError))

    def _transport_failure(self, code: str, sentence: str, write: bool, sent: bool) -> _Failure:
        verdict = decide(write=write, sent=sent)
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
