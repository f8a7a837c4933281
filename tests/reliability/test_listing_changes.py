# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A list that changes while the module pages through it (issue #22), within one listing's reach.

The emulator binds a number at the head of the list (insert_number), or unbinds the first (drop_number),
just before it answers a given ListPhoneNumbers call, so every later page shifts by one. Each case pins its
one outcome and the calls it took: the changed read is refused by its counts and read again (at most twice),
and the run then converges exactly, or, when the list changes during every read, fails with
IncompleteListing before any write. Never a success that leaves an unnamed number bound, never a bound
number sent to AddPhoneNumbers again.
"""

from __future__ import annotations

import pytest
from _harness import INSTANCE, connection, run_playbook

INFO = "alibabacloud.ccc.ccc_phone_numbers_info"
WRITES = ("AddPhoneNumbers", "ModifyPhoneNumber", "RemovePhoneNumbers")
NEW = "057100000000"  # sorts before every seeded number: bound at the head of the list


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def bound_seed(count, extra_bound=()):
    """``count`` numbers bound Inbound without a flow (three pages for 250), and ``extra_bound`` numbers
    each containing the first one (so a look-up of it has more than one page of matches)."""
    numbers_ = [{"number": n, "usage": "Inbound"} for n in list(extra_bound)]
    return {
        "generate_pool": {"prefix": "0571", "count": count},
        "instances": {INSTANCE: {"generate_bound": {"count": count, "usage": "Inbound"}, "numbers": numbers_}},
    }


def run(emulator, tmp_path, fault, task, check=False, module=None):
    emulator.add_faults([dict(fault, action="ListPhoneNumbers")])
    args = dict(task, instance_id=INSTANCE, **connection(emulator.url, timeout=10))
    kwargs = {"check": check}
    if module:
        kwargs["module"] = module
    outcome = run_playbook(args, tmp_path, **kwargs)
    emulator.clear_faults()
    return outcome.result, emulator.counters()["calls"], "\n" + outcome.describe()[:2500]


def wrote(calls):
    return {action: calls[action] for action in WRITES if calls.get(action)}


# case -> (fault, task, check mode, ListPhoneNumbers calls, RemovePhoneNumbers calls, removed, bound after)
CONVERGES = {
    # Read 1: page 1 says 250, a later page 251 -> refused. Read 2: three pages of 251, whole. Purge means
    # exactly the named numbers, so the number bound mid-read is unbound.
    "purge-number-added-at-head": (
        {"kind": "insert_number", "number": NEW, "after": 1, "count": 1},
        {"numbers": numbers(250), "purge": True},
        False,
        6,
        1,
        [NEW],
        numbers(250),
    ),
    "purge-number-added-at-head-check-mode": (
        {"kind": "insert_number", "number": NEW, "after": 1, "count": 1},
        {"numbers": numbers(250), "purge": True},
        True,
        6,
        0,
        [NEW],
        [NEW] + numbers(250),
    ),
    # The first number is unbound by someone else after page 1: page 2 starts one later, so number 101 would
    # have been skipped. Read again, the instance is what the task names: nothing to do.
    "purge-number-removed-at-head": (
        {"kind": "drop_number", "after": 1, "count": 1},
        {"numbers": numbers(249, 2), "purge": True},
        False,
        6,
        0,
        [],
        numbers(249, 2),
    ),
    # No purge: the last named number, pushed past page 2 by the new one, must not look unbound and be
    # added again. Read 1: page 1 and page 2 disagree (2 calls); read 2: three pages.
    "named-number-pushed-off-the-last-page": (
        {"kind": "insert_number", "number": NEW, "after": 1, "count": 1},
        {"numbers": [numbers(1)[0], numbers(1, 200)[0]], "usage": "Inbound"},
        False,
        5,
        0,
        [],
        [NEW] + numbers(200),
    ),
}


@pytest.mark.parametrize("case", sorted(CONVERGES))
def test_listing_change_case_converges_exactly_after_reading_again(emulator, tmp_path, case):
    fault, task, check, lists, removes, removed, after = CONVERGES[case]
    size = 200 if case == "named-number-pushed-off-the-last-page" else 250
    emulator.reset(bound_seed(size))
    result, calls, why = run(emulator, tmp_path, fault, task, check=check)
    assert not result["failed"], why
    assert result["removed"] == removed and not result["added"] and not result["modified"], why
    assert calls.get("ListPhoneNumbers") == lists, "%s%s" % (calls, why)
    assert calls.get("RemovePhoneNumbers", 0) == removes and not calls.get("AddPhoneNumbers"), "%s%s" % (calls, why)
    assert sorted(emulator.bound()) == sorted(after), why


# case -> (fault, task, module or None, ListPhoneNumbers calls, words of the refusal)
REFUSED = {
    # Every third page is answered after a number was bound at the head: once in each of the three reads.
    "purge-list-changes-during-every-read": (
        {"kind": "insert_number", "fraction": 1 / 3.0},
        {"numbers": numbers(250), "purge": True},
        None,
        9,
        "purge refused, nothing was changed: instance ccc-rel: the list changed during each of 3 reads; the last "
        "time, the listing: the API counted 252 numbers on page 1 and 253 on page",
    ),
    # A look-up by SearchPattern with two pages of matches, changed before every second call.
    "look-up-changes-during-every-read": (
        {"kind": "drop_number", "fraction": 0.5},
        {"numbers": ["057100000001"], "usage": "Inbound"},
        None,
        6,
        "nothing was changed: instance ccc-rel: the list changed during each of 3 reads; the last time, "
        "SearchPattern=057100000001: the API counted",
    ),
    "info-list-changes-during-every-read": (
        {"kind": "insert_number", "fraction": 1 / 3.0},
        {},
        INFO,
        9,
        "instance ccc-rel: the list changed during each of 3 reads",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_listing_change_case_is_refused_before_any_write(emulator, tmp_path, case):
    fault, task, module, lists, words = REFUSED[case]
    longer = ["0057100000001%03d" % i for i in range(150)] if case.startswith("look-up") else ()
    emulator.reset(bound_seed(250, extra_bound=longer))
    result, calls, why = run(emulator, tmp_path, fault, task, module=module)
    assert result["failed"] and result["error"]["code"] == "IncompleteListing", why
    assert words in result["msg"], why
    assert calls.get("ListPhoneNumbers") == lists and not wrote(calls), "%s%s" % (calls, why)
    assert not result.get("changed") and not result.get("phone_numbers"), why


def test_info_returns_the_list_as_it_is_after_a_change_between_pages(emulator, tmp_path):
    emulator.reset(bound_seed(250))
    result, calls, why = run(
        emulator, tmp_path, {"kind": "insert_number", "number": NEW, "after": 1, "count": 1}, {}, module=INFO
    )
    assert not result["failed"] and result["total_count"] == 251, why
    assert [item["number"] for item in result["phone_numbers"]] == [NEW] + numbers(250), why
    assert calls == {"ListPhoneNumbers": 6}, why
