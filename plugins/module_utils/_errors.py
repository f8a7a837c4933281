# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the typed errors every layer raises.

Kept apart from the transport so pure code (validation, credentials, planning) can raise and
catch them without importing `requests`.
"""

from __future__ import annotations

# What a secret is replaced with wherever text might carry it.
MASK = "********"

# API codes that say the credentials themselves are wrong, and what to check. The error door
# (`_module.CCCModule.fail`) adds where the credentials came from: a stale environment variable or profile
# often wins over the key the user meant. A code ending in "." stands for every code it begins.
CREDENTIAL_ADVICE = (
    (
        "SignatureDoesNotMatch",
        "Check the AccessKey secret: it does not belong to the AccessKey ID, or something between here and the "
        "API changed the request",
    ),
    # What the API answers to a wrong secret in some of its gateways (V3 signatures).
    ("IncompleteSignature", "Check the AccessKey secret: it does not belong to the AccessKey ID"),
    ("InvalidAccessKeyId.NotFound", "Check the AccessKey ID: the API knows no such key"),
    ("InvalidAccessKeyId.Inactive", "The AccessKey is disabled: enable it in the RAM console, or use another"),
    (
        "InvalidSecurityToken.",
        "Check the STS token: the AccessKey ID, secret and token must come from the same STS answer, "
        "and it must not have expired",
    ),
)


def credential_advice(code: str | None) -> str | None:
    """What to check when the API refused the credentials, or None for any other code."""
    for known, advice in CREDENTIAL_ADVICE:
        if code and (code == known or (known.endswith(".") and code.startswith(known))):
            return advice
    return None


class CCCError(Exception):
    """Every failure the client (and the option/credential checks) report."""

    def __init__(self, code: str | None, message: str, request_id: str | None = None, http_status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id
        self.http_status = http_status

    def __str__(self) -> str:
        return "%s: %s" % (self.code, self.message) if self.code else self.message

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "request_id": self.request_id,
            "http_status": self.http_status,
        }


class ValidationError(CCCError):
    """Bad input, found before any request is sent (or, for what depends on the instance, before any write)."""

    def __init__(self, message: str):
        super().__init__("InvalidOption", message)


class IncompleteListing(CCCError):
    """A listing could not be read whole, so nothing may be decided on it (never a partial view). ``changed``:
    its counts disagreed because the list changed while it was read, so reading it again may succeed (a
    filter the API ignores, or a split past its call budget, would fail the same way again)."""

    def __init__(self, message: str, changed: bool = False):
        super().__init__("IncompleteListing", message)
        self.changed = changed


class TooManyRemovals(CCCError):
    """The plan would remove more than the task's ``max_removals`` allows; nothing was written. A code of its
    own: the input is valid, and the plan is refused only by the guard the user set."""

    def __init__(self, message: str):
        super().__init__("TooManyRemovals", message)


class CCCWriteOutcomeUnknown(CCCError):
    """A write was sent but its reply was lost (connection reset, read timeout, 5xx). The caller
    must re-read state; the client never resends a write in that case."""
