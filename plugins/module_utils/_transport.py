# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: one HTTP request, and what it means when none came back.

The only file that imports `requests`. The CCC client and the credential services both send through a
``Transport``; it never retries (the callers' policies decide) and turns every `requests` failure into
one ``TransportError`` whose sentence is written here, never copied from the exception: those carry the
URL, and can carry headers.
"""

from __future__ import annotations

import traceback
from collections import namedtuple

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

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

# Kept equal to galaxy.yml's version by a unit test: module code cannot read galaxy.yml at run time.
COLLECTION_VERSION = "1.0.0"
USER_AGENT = "alibabacloud.ccc/%s (Ansible collection)" % COLLECTION_VERSION

Reply = namedtuple("Reply", "status headers body")
Reply.__doc__ = "An HTTP answer: status, headers (case-insensitive), raw body."


class TransportError(Exception):
    """No HTTP reply. ``code`` is TLSError, ConnectTimeout, ReadTimeout or ConnectionError; ``sent`` says
    whether the request may have reached the server (a write may then have been applied)."""

    def __init__(self, code: str, sentence: str, sent: bool):
        super().__init__(sentence)
        self.code = code
        self.sentence = sentence
        self.sent = sent


class Transport:
    """A `requests` session set up once: our User-Agent, never ~/.netrc, certificates checked unless
    ``validate_certs`` is false, and enough pooled connections for the calls a module runs side by side."""

    def __init__(self, validate_certs: bool = True):
        if not HAS_REQUESTS:
            raise CCCError("MissingLibrary", "the Python library 'requests' is required")
        self._session = requests.Session()
        for prefix in ("https://", "http://"):
            self._session.mount(prefix, requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32))
        self._session.headers["User-Agent"] = USER_AGENT
        # A no-op auth hook stops requests from replacing our Authorization header with ~/.netrc
        # credentials; trust_env stays on so proxies and REQUESTS_CA_BUNDLE still apply.
        self._session.auth = lambda request: request
        # Passed on every request: a Session-level verify=False loses to REQUESTS_CA_BUNDLE when
        # trust_env is on, while None lets that bundle (or certifi) apply when validating.
        self._verify = None if validate_certs else False
        if not validate_certs:
            urllib3.disable_warnings(InsecureRequestWarning)

    def close(self) -> None:
        self._session.close()

    def send(self, method: str, url: str, where: str, headers=None, body=None, timeout=30.0) -> Reply:
        """Send one request; ``where`` is how messages name the server (never a path or query, which
        may carry tokens). Raises TransportError when no reply came back."""
        seconds = timeout[-1] if isinstance(timeout, tuple) else timeout
        try:
            response = self._session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=timeout,
                verify=self._verify,
                allow_redirects=False,
            )
            return Reply(response.status_code, response.headers, response.content)
        except requests.exceptions.SSLError:
            raise TransportError(
                "TLSError",
                "TLS handshake with %s failed: its certificate is not trusted (or it does not speak TLS). Point "
                "REQUESTS_CA_BUNDLE at the CA that signed it, or set validate_certs: false only for an endpoint "
                "you trust, such as a local emulator." % where,
                sent=False,
            ) from None
        except requests.exceptions.ConnectTimeout:
            raise TransportError(
                "ConnectTimeout", "connecting to %s timed out after %ss" % (where, seconds), sent=False
            ) from None
        except requests.exceptions.ReadTimeout:
            raise TransportError("ReadTimeout", "%s sent no reply within %ss" % (where, seconds), sent=True) from None
        except requests.exceptions.ConnectionError as exc:
            reason = _reason(exc)
            if isinstance(reason, urllib3.exceptions.NewConnectionError):
                refused = "refused" in str(reason).lower() or isinstance(reason.__context__, ConnectionRefusedError)
                sentence = "could not connect to %s" % where
                if refused:
                    sentence += ": the connection was refused (nothing listens at that address and port)"
                raise TransportError("ConnectionError", sentence, sent=False) from None
            if isinstance(reason, urllib3.exceptions.ConnectTimeoutError):
                raise TransportError(
                    "ConnectTimeout", "connecting to %s timed out after %ss" % (where, seconds), sent=False
                ) from None
            raise TransportError(
                "ConnectionError", "the connection to %s was lost before a reply arrived" % where, sent=True
            ) from None
        except requests.exceptions.RequestException as exc:
            raise TransportError(
                "ConnectionError", "the request to %s failed (%s)" % (where, type(exc).__name__), sent=True
            ) from None


def _reason(exc: Exception):
    """requests wraps urllib3's MaxRetryError, whose reason says whether a connection was ever made."""
    return getattr(exc.args[0], "reason", None) if exc.args else None
