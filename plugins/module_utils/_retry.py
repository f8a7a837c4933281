# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: which failures are retried, and how long to wait.

Data plus a policy: the client asks `decide()` what to do with a failed attempt and takes its
delays from `Backoff`, which a test can iterate without sleeping.
"""

from __future__ import annotations

import math
import random

BASE_DELAY = 0.2  # seconds; the first retry waits up to this long
MAX_DELAY = 10.0  # seconds; no single wait is longer, whatever the server asks for

# Error codes worth another attempt, and why.
RETRYABLE_CODES = frozenset(
    (
        "Throttling",  # generic rate limit: the request was refused, not processed
        "Throttling.User",  # this account's rate limit for the API: refused, not processed
        "Throttling.Api",  # the API's global rate limit: refused, not processed
        "ServiceUnavailable",  # 503, the service shed the request before processing it
        "InternalError",  # 500, transient server fault; a read can simply be asked again
    )
)

# Of those, the codes that say a write was NOT applied, so sending it again cannot apply it twice.
# InternalError is missing on purpose: the server may have failed after changing something.
NOT_APPLIED_CODES = frozenset(("Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable"))

RETRY = "retry"
FAIL = "fail"
OUTCOME_UNKNOWN = "outcome_unknown"


def decide(
    *, write: bool, code: str | None = None, http_status: int | None = None, json_reply: bool = True, sent: bool = True
) -> str:
    """What to do with a failed attempt: RETRY, FAIL, or OUTCOME_UNKNOWN (a write that may
    have been applied, which must never be resent).

    `sent=False` means the connection failed before the request left (refused, connect timeout);
    `http_status=None` with `sent=True` means the request left and no reply came back.
    """
    if not sent:
        return RETRY
    if http_status is None:
        return OUTCOME_UNKNOWN if write else RETRY
    if code in NOT_APPLIED_CODES:
        return RETRY
    if write:
        # A 5xx or a 2xx we could not read may hide an applied change; a 4xx is a refusal.
        if http_status >= 500 or (200 <= http_status < 300 and not json_reply):
            return OUTCOME_UNKNOWN
        return FAIL
    if code in RETRYABLE_CODES or http_status >= 500:
        return RETRY
    return FAIL


def retry_after_seconds(header_value: str | None, cap: float = MAX_DELAY) -> float | None:
    """The wait the server asked for in `x-acs-retry-after` (milliseconds), capped; None when
    absent or unreadable."""
    if header_value is None:
        return None
    try:
        millis = float(header_value.strip())
    except ValueError:
        return None
    if math.isnan(millis) or millis < 0:
        return None
    return min(millis / 1000.0, cap)


class Backoff:
    """Exponential backoff with full jitter: wait n is uniform in [0, min(cap, base * 2**n)).

    Iterating yields one delay per allowed retry, so `list(Backoff(3, random=lambda: 1.0))`
    shows the ceiling of each wait without sleeping.
    """

    def __init__(self, max_retries: int, *, base: float = BASE_DELAY, cap: float = MAX_DELAY, random=random.random):
        self.max_retries = max_retries
        self.base = base
        self.cap = cap
        self._random = random

    def ceiling(self, retry_index: int) -> float:
        # min() before the power would overflow for huge indexes; the exponent is bounded instead.
        return min(self.cap, self.base * (2 ** min(retry_index, 64)))

    def delay(self, retry_index: int, retry_after: float | None = None) -> float:
        """The wait before retry number `retry_index` (0-based); a server-given wait wins."""
        if retry_after is not None:
            return min(retry_after, self.cap)
        return self._random() * self.ceiling(retry_index)

    def __iter__(self):
        for index in range(self.max_retries):
            yield self.delay(index)
