# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The do-not-call planner: the shared set arithmetic and removal guard, and the verdict on its writes by the
same ``settle`` the phone numbers have."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import do_not_call_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_plan import (
    DoNotCallPlan,
    Entry,
    make_plan,
    new_entry,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import TooManyRemovals
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    UNCONFIRMED,
    Facts,
    in_doubt,
    settle,
    state_after,
)
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import do_not_call_input

A, B, C, D = "13900000001", "13900000002", "13900000003", "13900000004"


def listed(*numbers, remark=None):
    return {n: Entry(n, remark, "INSTANCE", "agent", 1767225600000) for n in numbers}


def plan_for(current, **task):
    return make_plan(do_not_call_from_params(do_not_call_input(**task)), current)


@pytest.mark.parametrize(
    "current, task, adds, removes",
    [
        ([A, B], dict(numbers=[C, A]), (C,), ()),
        ([A, B], dict(numbers=[C, A], purge=True), (C,), (B,)),
        ([A, B, C], dict(numbers=[], purge=True), (), (A, B, C)),
        ([A, B], dict(numbers=[B, C, A], state="absent"), (), (B, A)),
        ([A, B], dict(numbers=[A, B]), (), ()),
    ],
    ids=["present", "purge", "purge-to-empty", "absent", "no-op"],
)
def test_plan_adds_what_is_missing_and_removes_only_under_absent_or_purge(current, task, adds, removes):
    plan = plan_for(listed(*current), **task)
    assert plan.adds == adds and tuple(e.number for e in plan.removes) == removes


def test_a_listed_number_keeps_its_remark_and_new_ones_get_the_tasks():
    plan = plan_for(listed(A, remark="Complaint"), numbers=[A, B], remark="CRM")
    assert plan == DoNotCallPlan((B,), (), "CRM") and plan.goals() == {B: new_entry(B, "CRM")}


@pytest.mark.parametrize("limit, refused", [(1, True), (2, False)])
def test_max_removals_is_the_shared_guard_before_any_write(limit, refused):
    current = listed(A, B, C)
    task = dict(numbers=[A], purge=True, max_removals=limit)
    if refused:
        with pytest.raises(TooManyRemovals, match="the plan would remove 2 numbers, more than max_removals=1 allows"):
            plan_for(current, **task)
    else:
        assert len(plan_for(current, **task).removes) == 2


NUMBERS = ["1390000000%d" % i for i in range(6)]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    current=st.sets(st.sampled_from(NUMBERS)),
    named=st.lists(st.sampled_from(NUMBERS)),
    state=st.sampled_from(["present", "absent"]),
    purge=st.booleans(),
)
def test_applying_the_plan_gives_what_was_asked_and_a_second_plan_is_empty(current, named, state, purge):
    if state == "absent" and (purge or not named):
        return  # refused as input (test_desired)
    desired = do_not_call_from_params(do_not_call_input(numbers=named, state=state, purge=purge))
    before = listed(*current)
    after = state_after(before, make_plan(desired, before))
    if state == "absent":
        assert set(after) == set(current) - set(named)
    elif purge:
        assert set(after) == set(named)
    else:
        assert set(after) == set(current) | set(named)
    assert all(after[n] == before[n] for n in after if n in before), "a listed number is never rewritten"
    assert not make_plan(desired, after)


# --- the verdict, by the phone numbers' settle ----------------------------------------------------------

PLAN = DoNotCallPlan((A, B), tuple(listed(C).values()), "CRM")


def facts(answered=(), lost=()):
    recorded = Facts()
    recorded.answered.update(answered)
    recorded.lost.update(lost)
    return recorded


def test_answered_writes_are_confirmed_without_reading_back():
    recorded = facts(answered=[A, B, C])
    assert not in_doubt(PLAN, recorded)
    verdict = settle(PLAN, recorded, {})
    assert verdict.done == PLAN and not verdict.failed and not verdict.resend


@pytest.mark.parametrize(
    "read, confirmed, resend",
    [
        ({A: listed(A)[A], B: listed(B)[B], C: None}, {A, B, C}, DoNotCallPlan((), (), "CRM")),
        ({A: None, B: listed(B)[B], C: listed(C)[C]}, {B}, DoNotCallPlan((A,), tuple(listed(C).values()), "CRM")),
    ],
    ids=["took-effect", "partly-not"],
)
def test_lost_writes_are_judged_by_the_list_read_back_and_the_rest_is_sent_again(read, confirmed, resend):
    verdict = settle(PLAN, facts(lost=[A, B, C]), read)
    assert verdict.confirmed == confirmed and verdict.resend == resend and not verdict.failed
    again = verdict.after(PLAN, facts(lost=resend.adds + tuple(e.number for e in resend.removes)))
    assert again.failed == dict.fromkeys({A, B, C} - confirmed, UNCONFIRMED) and not again.resend


def test_nothing_is_sent_again_when_reading_back_failed_or_the_run_stopped_on_an_error():
    assert settle(PLAN, facts(lost=[A]), None).failed == {A: UNCONFIRMED}
    stopped = facts(answered=[B], lost=[A])
    stopped.error = RuntimeError("stop")
    verdict = settle(PLAN, stopped, {A: None})
    assert verdict.failed == {A: UNCONFIRMED} and not verdict.resend and verdict.done == DoNotCallPlan((B,), (), "CRM")
