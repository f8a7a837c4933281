# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Instances past the 10,000 numbers one listing reaches (issue #16): listed whole by Usage x Active slices
(and SearchPattern where a slice is still too large), or refused with nothing written."""

from __future__ import annotations

import pytest
from _harness import INSTANCE, connection, run_playbook

INFO = "alibabacloud.ccc.ccc_phone_numbers_info"
WRITES = ("AddPhoneNumbers", "ModifyPhoneNumber", "RemovePhoneNumbers")
USAGES = ["Inbound", "Outbound", "Bidirection"]


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def spread_seed(count):
    """``count`` numbers; number i (from 0) is in usage i mod 3 and activity i mod 2: all six slices."""
    return {
        "generate_pool": {"prefix": "0571", "count": count},
        "instances": {
            INSTANCE: {"generate_bound": {"count": count, "usage": USAGES, "active": [True, False]}},
        },
    }


def one_big_slice_seed(big, others):
    """``big`` numbers Outbound and active (one slice over the reach), then ``others`` spread over all six."""
    return {
        "generate_pool": {"prefix": "0571", "count": big + others},
        "instances": {
            INSTANCE: {
                "generate_bound": [
                    {"count": big, "usage": "Outbound", "active": True},
                    {"count": others, "usage": USAGES, "active": [True, False]},
                ]
            }
        },
    }


def bound_numbers(emulator):
    return {
        item["number"]: (item["usage"], item["active"]) for item in emulator.state()["instances"][INSTANCE]["numbers"]
    }


def purge_keeping(emulator, keep, tmp_path):
    # No usage: the named numbers keep theirs, so the only change purge can make is a removal.
    args = dict({"instance_id": INSTANCE, "numbers": keep, "purge": True}, **connection(emulator.url, timeout=30))
    return run_playbook(args, tmp_path)


@pytest.mark.parametrize(
    "seed, total",
    [(spread_seed(15001), 15001), (one_big_slice_seed(10001, 600), 10601)],
    ids=["15001-over-six-slices", "one-slice-of-10001"],
)
def test_purge_past_the_reach_removes_exactly_the_unnamed_number(emulator, tmp_path, seed, total):
    emulator.reset(seed)
    before = bound_numbers(emulator)
    everything = numbers(total)
    unnamed = everything[total // 2]
    run = purge_keeping(emulator, [n for n in everything if n != unnamed], tmp_path)
    result, why = run.result, "\n" + run.describe()[:2000]
    assert not result["failed"] and result["changed"], why
    assert result["removed"] == [unnamed] and not result["added"] and not result["modified"], why
    after = bound_numbers(emulator)
    assert set(before) - set(after) == {unnamed} and all(after[n] == before[n] for n in after), why
    calls = emulator.counters()["calls"]
    assert (calls.get("RemovePhoneNumbers"), calls.get("AddPhoneNumbers"), calls.get("ModifyPhoneNumber")) == (
        1,
        None,
        None,
    )


def test_info_lists_all_15001_numbers_without_a_warning(emulator, tmp_path):
    emulator.reset(spread_seed(15001))
    args = dict({"instance_id": INSTANCE}, **connection(emulator.url, timeout=30))
    run = run_playbook(args, tmp_path, module=INFO)
    result, why = run.result, "\n" + run.describe()[:2000]
    assert not result["failed"], why
    assert [item["number"] for item in result["phone_numbers"]] == numbers(15001), why
    assert result["total_count"] == 15001 and not result.get("warnings"), why
    inactive = [item["number"] for item in result["phone_numbers"] if not item["active"]]
    assert len(inactive) == 7500 and {item["usage"] for item in result["phone_numbers"]} == set(USAGES)


# What makes a read unsound, as a fault on ListPhoneNumbers, and the words the refusal carries.
UNSOUND = {
    # A number bound at the head of the slice being read, one call in fifty: every one of the three reads
    # sees the instance change.
    "list-changes-during-every-read": (
        spread_seed(15001),
        {"kind": "insert_number", "fraction": 0.02},
        "the list changed during each of 3 reads",
    ),
    "api-ignores-active": (spread_seed(15001), {"kind": "ignore_filter", "filter": "Active"}, "does not filter"),
    "api-ignores-search-pattern": (
        one_big_slice_seed(10001, 600),
        {"kind": "ignore_filter", "filter": "SearchPattern"},
        "does not filter",
    ),
}


@pytest.mark.parametrize("case", sorted(UNSOUND))
def test_purge_over_an_instance_that_cannot_be_read_soundly_is_refused_with_no_write(emulator, tmp_path, case):
    seed, fault, words = UNSOUND[case]
    emulator.reset(seed)
    before = bound_numbers(emulator)
    emulator.add_faults([dict(fault, action="ListPhoneNumbers")])
    everything = sorted(before)
    run = purge_keeping(emulator, everything[1:], tmp_path)
    emulator.clear_faults()
    result, why = run.result, "\n" + run.describe()[:2000]
    calls = emulator.counters()["calls"]
    assert result["failed"] and not result.get("changed"), why
    assert result["error"]["code"] == "IncompleteListing", why
    assert "purge refused" in result["msg"] and words in result["msg"], why
    assert not any(calls.get(action) for action in WRITES), "wrote on an unsound view: %s%s" % (calls, why)
    after = bound_numbers(emulator)
    assert {n: after.get(n) for n in before} == before  # only the numbers the fault bound were added


def test_purge_past_the_reach_over_a_number_that_changes_slice_mid_read_reads_again_and_removes_exactly_it(
    emulator, tmp_path
):
    """The first number (Inbound, active: the first slice read) turns Bidirection and inactive (the last
    slice read) once the first slice has been read and before the last one is: read in two slices, the
    first read is refused; the second is whole, and purge unbinds exactly that unnamed number."""
    emulator.reset(spread_seed(15001))
    before = bound_numbers(emulator)
    emulator.add_faults(
        [
            {
                "action": "ListPhoneNumbers",
                "kind": "move_number",
                "after": 30,
                "count": 1,
                "number": "057100000001",
                "usage": "Bidirection",
                "active": False,
            }
        ]
    )
    run = purge_keeping(emulator, sorted(before)[1:], tmp_path)
    emulator.clear_faults()
    result, why = run.result, "\n" + run.describe()[:2000]
    calls = emulator.counters()["calls"]
    assert not result["failed"] and result["removed"] == ["057100000001"], why
    # The first read is refused at call 31 or later; a whole read of 15,001 numbers in six slices is 152.
    assert calls.get("RemovePhoneNumbers") == 1 and calls["ListPhoneNumbers"] >= 31 + 152, calls
    assert sorted(bound_numbers(emulator)) == sorted(before)[1:]


def test_info_over_an_instance_that_cannot_be_read_soundly_fails_rather_than_return_part(emulator, tmp_path):
    emulator.reset(spread_seed(15001))
    emulator.add_faults([{"action": "ListPhoneNumbers", "kind": "ignore_filter", "filter": "Active"}])
    run = run_playbook(dict({"instance_id": INSTANCE}, **connection(emulator.url, timeout=30)), tmp_path, module=INFO)
    emulator.clear_faults()
    result, why = run.result, "\n" + run.describe()[:2000]
    assert result["failed"] and result["error"]["code"] == "IncompleteListing", why
    assert not result.get("phone_numbers"), why
