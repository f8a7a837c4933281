# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sender both resources' writes go through: phases in order, side by side within max_concurrency,
answered, lost and error recorded, and nothing sent after the first error."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import Pace
from ansible_collections.alibabacloud.ccc.plugins.module_utils._sender import Sender, Write
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import INSTANCE, Emulated

LIST = "ListDoNotCallNumbers"  # any call serves: the sender does not know what it sends


def listing(api, sender, page):
    """A Write that makes one call of ``LIST`` (page ``page``) and records ``page`` as answered."""

    def send(arg, facts):
        sender.call(LIST, {"InstanceId": INSTANCE, "PageNumber": str(arg), "PageSize": "1"}, facts)
        sender.answered(facts, [str(arg)])

    return Write(send, page, [str(page)])


def run(api, phases, max_concurrency=4):
    sender = Sender(api, Pace(100, max_concurrency))
    return sender.send([lambda facts, pages=pages: [listing(api, sender, p) for p in pages] for pages in phases])


def test_phases_go_in_order_each_side_by_side_within_max_concurrency():
    api = Emulated().fault(LIST, "latency", delay_ms=20)
    facts = run(api, [[1, 2, 3, 4, 5, 6], [7]], max_concurrency=3)
    assert facts.answered == {str(p) for p in range(1, 8)} and facts.error is None
    assert api.emulator.counters.snapshot()["max_concurrent"] == 3
    assert [p["PageNumber"] for _a, p in api.calls][-1] == "7"
    assert len(facts.request_ids) == 7 and all(r["action"] == LIST for r in facts.request_ids)


@pytest.mark.parametrize("kind", ["lost_reply", "lost_request"])
def test_a_lost_reply_records_the_numbers_of_that_write_and_the_run_goes_on(kind):
    api = Emulated().fault(LIST, kind, count=1)
    facts = run(api, [[1], [2]], max_concurrency=1)
    assert facts.lost == {"1"} and facts.answered == {"2"} and facts.error is None


def test_the_first_error_stops_the_phase_and_every_later_one():
    api = Emulated().fault(LIST, "error", code="Parameter.Invalid", after=1, count=1)
    facts = run(api, [[1, 2, 3], [4]], max_concurrency=1)
    assert facts.error.code == "Parameter.Invalid" and facts.answered == {"1"}
    assert len(api.calls) == 2
