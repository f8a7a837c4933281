# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The checked pager: a list call read whole, or read again when it changed between pages, or refused.
It knows the call and its paging, not what is listed: here it reads a do-not-call list, as it reads bound
numbers for the reader."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._concurrency import run_all
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._pager import REREADS, Pager, reread
from ansible_collections.alibabacloud.ccc.plugins.module_utils._slices import check_read
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import INSTANCE, Emulated, seed

LIST = "ListDoNotCallNumbers"


def do_not_call(count):
    """An instance whose do-not-call list holds ``count`` numbers (three pages for 250)."""
    document = seed()
    document["instances"][INSTANCE]["generate_do_not_call"] = {"prefix": "139", "count": count}
    return Emulated(document=document)


def pager(api, max_concurrency=8):
    return Pager(api, LIST, {"InstanceId": INSTANCE}, lambda f, args: run_all(f, args, max_concurrency), check_read)


def test_a_list_that_holds_still_is_read_once_page_by_page():
    api = do_not_call(250)
    total, items = pager(api).read()
    assert total == 250 and len(items) == 250 and api.count(LIST) == 3


@pytest.mark.parametrize(
    "kind, entries", [("insert_number", 251), ("drop_number", 249)], ids=["added-at-head", "removed-at-head"]
)
def test_a_list_that_changed_between_pages_is_read_again_and_taken_as_it_is_after(kind, entries):
    api = do_not_call(250).fault(LIST, kind, after=1, count=1)
    total, items = pager(api).read()
    assert (total, len(items)) == (entries, entries) and api.count(LIST) == 6


def test_a_list_that_changes_during_every_read_is_refused_after_three_reads_naming_the_counts():
    api = do_not_call(250).fault(LIST, "insert_number", fraction=1 / 3.0)  # one page in three: once a read
    with pytest.raises(IncompleteListing) as refused:
        pager(api).read()
    assert refused.value.changed and api.count(LIST) == 3 * (1 + REREADS)
    assert refused.value.message.startswith("the list changed during each of 3 reads; the last time, the listing: ")
    assert "the API counted 252 numbers on page 1 and 253 on page" in refused.value.message


def test_page_one_read_already_is_not_read_again_unless_the_list_changed():
    api = do_not_call(250)
    head = pager(api).page(1)
    api.calls.clear()
    total, _items = pager(api).read(head=head)
    assert total == 250 and sorted(int(p["PageNumber"]) for _a, p in api.calls) == [2, 3]


def test_the_count_is_one_call_of_one_item():
    api = do_not_call(250)
    assert pager(api).count() == 250 and [(a, p["PageSize"]) for a, p in api.calls] == [(LIST, "1")]


def test_a_refusal_that_reading_again_cannot_cure_is_raised_at_once():
    reads = []

    def read():
        reads.append(1)
        raise IncompleteListing("the API does not filter", changed=False)

    with pytest.raises(IncompleteListing, match="the API does not filter$"):
        reread(read)
    assert len(reads) == 1


def test_a_list_read_whole_on_the_last_allowed_read_is_taken():
    outcomes = [IncompleteListing("changed", changed=True)] * REREADS + [(1, {"a": {}})]

    def read():
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert reread(read) == (1, {"a": {}}) and not outcomes
