# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.alibabacloud.ccc.plugins.module_utils._retry import (
    FAIL,
    MAX_DELAY,
    OUTCOME_UNKNOWN,
    RETRY,
    RETRYABLE_CODES,
    Backoff,
    decide,
    retry_after_seconds,
)


def test_backoff_ceilings_double_from_the_base_up_to_the_cap():
    assert list(Backoff(8, random=lambda: 1.0)) == pytest.approx([0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10.0, 10.0])


def test_backoff_yields_one_delay_per_allowed_retry():
    assert list(Backoff(0)) == []
    assert len(list(Backoff(5))) == 5


@given(st.integers(min_value=0, max_value=10_000), st.floats(min_value=0, max_value=1, exclude_max=True))
def test_backoff_full_jitter_stays_within_zero_and_the_ceiling(index, draw):
    backoff = Backoff(1, random=lambda: draw)
    assert 0 <= backoff.delay(index) <= min(MAX_DELAY, 0.2 * 2 ** min(index, 64))


@pytest.mark.parametrize("given_wait, expected", [(1.5, 1.5), (0.0, 0.0), (60.0, MAX_DELAY)])
def test_backoff_uses_the_server_wait_capped(given_wait, expected):
    assert Backoff(3, random=lambda: 0.5).delay(0, given_wait) == expected


@pytest.mark.parametrize(
    "header, seconds",
    [
        (None, None),
        ("1500", 1.5),
        (" 250 ", 0.25),
        ("0", 0.0),
        ("999999", MAX_DELAY),
        ("soon", None),
        ("-5", None),
        ("nan", None),
    ],
)
def test_retry_after_header_is_read_as_milliseconds(header, seconds):
    assert retry_after_seconds(header) == seconds


@pytest.mark.parametrize(
    "write, kwargs, verdict",
    [
        # reads: anything transient is asked again
        (False, dict(code="Throttling.User", http_status=400), RETRY),
        (False, dict(code="Throttling", http_status=400), RETRY),
        (False, dict(code="Throttling.Api", http_status=400), RETRY),
        (False, dict(code="ServiceUnavailable", http_status=503), RETRY),
        (False, dict(code="InternalError", http_status=500), RETRY),
        (False, dict(code=None, http_status=502, json_reply=False), RETRY),
        (False, dict(code="Weird", http_status=504), RETRY),
        (False, dict(), RETRY),  # read timeout / connection lost
        (False, dict(sent=False), RETRY),  # never connected
        (False, dict(code="NotExists.InstanceId", http_status=404), FAIL),
        (False, dict(code="SignatureDoesNotMatch", http_status=400), FAIL),
        (False, dict(code="SignatureNonceUsed", http_status=400), FAIL),
        (False, dict(code=None, http_status=200, json_reply=False), FAIL),
        # writes: only what the server says it did not apply
        (True, dict(code="Throttling.User", http_status=400), RETRY),
        (True, dict(code="ServiceUnavailable", http_status=503), RETRY),
        (True, dict(sent=False), RETRY),
        (True, dict(code="InternalError", http_status=500), OUTCOME_UNKNOWN),
        (True, dict(code=None, http_status=502, json_reply=False), OUTCOME_UNKNOWN),
        (True, dict(code=None, http_status=200, json_reply=False), OUTCOME_UNKNOWN),
        (True, dict(), OUTCOME_UNKNOWN),
        (True, dict(code="Parameter.Enumeration", http_status=400), FAIL),
        (True, dict(code=None, http_status=403, json_reply=False), FAIL),
    ],
)
def test_retry_decision_table(write, kwargs, verdict):
    assert decide(write=write, **kwargs) == verdict


def test_retryable_codes_are_the_documented_transient_ones():
    assert {"Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable", "InternalError"} == RETRYABLE_CODES
