# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Skill-group membership: read from list items, planned with the rest, sent one batched call per skill
group and direction, settled by reading back, and reported per number."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import desired_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCWriteOutcomeUnknown, ValidationError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    UNCONFIRMED,
    Binding,
    Facts,
    Membership,
    make_plan,
    settle,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import binding_of
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import run_task, task_input
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.in_memory_api import Account, skill_group

SALES, SUPPORT, NIGHT = "sales@ccc-test", "support@ccc-test", "night@ccc-test"
A, B, C, D = "057100000001", "057100000002", "057100000003", "057100000004"


group = skill_group


# --- reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "skill_groups,expected",
    [
        ([group(SUPPORT), group(SALES)], (SALES, SUPPORT)),
        ([group(SALES), group(SALES)], (SALES,)),
        ([], ()),
        (None, ()),
        ("", ()),
        (group(SALES), (SALES,)),  # older pages: one group as an object
        ({"SkillGroup": [group(SALES), group(SUPPORT)]}, (SALES, SUPPORT)),  # older pages: a wrapper
        ([group(SALES), {"Name": "no id"}, "junk"], (SALES,)),
    ],
    ids=["list", "repeated", "empty", "null", "empty-string", "one-object", "wrapper", "malformed-entries"],
)
def test_skill_group_ids_read_every_shape_the_api_has_sent(skill_groups, expected):
    assert binding_of({"Number": A, "Usage": "Inbound", "SkillGroups": skill_groups}).skill_group_ids == expected


# --- options ----------------------------------------------------------------------------------------


options = task_input


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        (dict(numbers=[A], usage="Inbound", skill_group_ids=["sales group"]), "not a valid skill group id"),
        (dict(numbers=[A], usage="Inbound", skill_group_ids=["@sales"]), "not a valid skill group id"),
        (
            dict(bindings=[{"numbers": [A], "usage": "Inbound", "skill_group_ids": [SALES, "x/y"]}]),
            "bindings[0]: skill_group_ids",
        ),
        (dict(numbers=[A], state="absent", skill_group_ids=[]), "do not apply to state=absent"),
        (
            dict(bindings=[{"numbers": [A], "usage": "Inbound"}], skill_group_ids=[SALES]),
            "mutually exclusive: bindings|skill_group_ids",
        ),
        (dict(skill_group_ids=[SALES]), "state=present needs numbers"),
    ],
)
def test_bad_skill_group_options_fail_before_any_request(overrides, fragment):
    with pytest.raises(ValidationError) as raised:
        desired_from_params(options(**overrides))
    assert fragment in str(raised.value)


def test_skill_group_ids_are_kept_sorted_and_unique():
    desired = desired_from_params(options(numbers=[A], skill_group_ids=[SUPPORT, " %s " % SALES, SUPPORT]))
    assert desired.bindings[0].skill_group_ids == (SALES, SUPPORT)


# --- planning ----------------------------------------------------------------------------------------


def bound(*specs):
    """bound((number, usage, flow, groups), ...) -> number -> Binding"""
    return {n: Binding(n, usage, flow, tuple(groups)) for n, usage, flow, groups in specs}


PLAN_CASES = [
    # (id, options, current, memberships, ModifyPhoneNumber numbers)
    (
        "new-numbers-join-after-they-are-added",
        dict(numbers=[A, B, C], usage="Inbound", skill_group_ids=[SUPPORT, SALES]),
        {},
        [Membership(SALES, True, (A, B, C)), Membership(SUPPORT, True, (A, B, C))],
        [],
    ),
    (
        "already-members-is-no-change",
        dict(numbers=[A, B], usage="Inbound", skill_group_ids=[SALES, SUPPORT]),
        bound((A, "Inbound", "", [SALES, SUPPORT]), (B, "Inbound", "", [SUPPORT, SALES])),
        [],
        [],
    ),
    (
        "narrowing-is-one-leave-per-group",
        dict(numbers=[A, B, C], skill_group_ids=[SALES]),
        bound(*[(n, "Inbound", "", [SALES, SUPPORT]) for n in (A, B, C)]),
        [Membership(SUPPORT, False, (A, B, C))],
        [],
    ),
    (
        "empty-takes-only-the-named-numbers-out",
        dict(numbers=[A, B], skill_group_ids=[]),
        bound((A, "Inbound", "", [SALES]), (B, "Inbound", "", [SALES, SUPPORT]), (C, "Inbound", "", [SALES])),
        [Membership(SALES, False, (A, B)), Membership(SUPPORT, False, (B,))],
        [],
    ),
    (
        "omitted-leaves-membership-alone",
        dict(numbers=[A], usage="Outbound"),
        bound((A, "Inbound", "", [SALES])),
        [],
        [A],
    ),
    (
        "usage-and-membership-change-together",
        dict(numbers=[A], usage="Bidirection", skill_group_ids=[SUPPORT]),
        bound((A, "Inbound", "", [SALES])),
        [Membership(SALES, False, (A,)), Membership(SUPPORT, True, (A,))],
        [A],
    ),
    (
        "each-binding-its-own-groups",
        dict(
            bindings=[
                {"numbers": [A], "usage": "Inbound", "skill_group_ids": [SALES]},
                {"numbers": [B, C], "usage": "Outbound", "skill_group_ids": [SALES, NIGHT]},
                {"numbers": [D], "usage": "Outbound"},
            ]
        ),
        bound((C, "Outbound", "", [NIGHT]), (D, "Outbound", "", [SUPPORT])),
        [Membership(NIGHT, True, (B,)), Membership(SALES, True, (A, B, C))],
        [],
    ),
]


@pytest.mark.parametrize(
    "overrides, current, memberships, modified", [c[1:] for c in PLAN_CASES], ids=[c[0] for c in PLAN_CASES]
)
def test_plan_sends_one_membership_call_per_group_and_direction(overrides, current, memberships, modified):
    plan = make_plan(desired_from_params(options(**overrides)), current)
    assert list(plan.memberships()) == memberships
    assert [c.after.number for c in plan.modifies if c.resets] == modified
    assert bool(plan) is bool(memberships or modified or plan.adds)


def test_plan_goals_include_membership_and_a_second_plan_is_empty():
    desired = desired_from_params(options(numbers=[A, B], usage="Inbound", skill_group_ids=[SALES]))
    current = bound((B, "Inbound", "", [SUPPORT]))
    plan = make_plan(desired, current)
    goals = plan.goals()
    assert goals[A] == Binding(A, "Inbound", "", (SALES,))
    assert goals[B] == Binding(B, "Inbound", "", (SALES,))
    assert not make_plan(desired, goals)


def test_membership_skips_numbers_not_known_to_be_bound():
    desired = desired_from_params(options(numbers=[A, B], usage="Inbound", skill_group_ids=[SALES]))
    plan = make_plan(desired, {})
    assert list(plan.memberships(skip={A})) == [Membership(SALES, True, (B,))]


def test_settle_counts_lost_joins_that_applied_and_plans_the_rest():
    desired = desired_from_params(options(numbers=[A, B], skill_group_ids=[SALES, SUPPORT]))
    plan = make_plan(desired, bound((A, "Inbound", "", []), (B, "Inbound", "", [])))
    now = bound((A, "Inbound", "", [SALES, SUPPORT]), (B, "Inbound", "", [SALES]))
    facts = Facts()
    facts.lost.update((A, B))
    verdict = settle(plan, facts, now)
    assert verdict.confirmed == {A, B} and not verdict.failed
    assert verdict.pieces == {(A, SALES, True), (A, SUPPORT, True), (B, SALES, True)}
    assert list(verdict.resend.memberships()) == [Membership(SUPPORT, True, (B,))] and not verdict.resend.adds


def test_settle_re_adds_a_number_whose_add_did_not_apply_and_joins_it_after():
    desired = desired_from_params(options(numbers=[A], usage="Outbound", skill_group_ids=[SALES]))
    plan = make_plan(desired, {})
    facts = Facts()
    facts.lost.add(A)
    verdict = settle(plan, facts, {A: None})
    assert verdict.resend.added_numbers == [A] and not verdict.confirmed
    assert list(verdict.resend.memberships()) == [Membership(SALES, True, (A,))]


def test_only_keeps_the_membership_pieces_that_were_confirmed():
    desired = desired_from_params(options(numbers=[A], usage="Bidirection", skill_group_ids=[SUPPORT]))
    plan = make_plan(desired, bound((A, "Inbound", "", [SALES])))
    done = plan.only({A}, {(A, SALES, False)})
    (change,) = done.modifies
    assert (change.after.usage, change.joined, change.left) == ("Bidirection", (), (SALES,))
    assert not plan.only(set(), set())


# --- applying and reporting ------------------------------------------------------------------------------


def run(account, check_mode=False, **overrides):
    result, report = run_task(account, check_mode, **overrides)
    return result, report.verdict


def unconfirmed(verdict):
    return {n for n, why in verdict.failed.items() if why == UNCONFIRMED}


def test_three_new_numbers_join_two_groups_with_one_call_each_and_a_rerun_is_one_call():
    account = Account(pool=[A, B, C], skill_groups=[SALES, SUPPORT])
    task = dict(numbers=[A, B, C], usage="Inbound", skill_group_ids=[SALES, SUPPORT])
    predicted, _outcome = run(account, check_mode=True, **task)
    assert account.count("ListPhoneNumbers") == len(account.calls) == 1
    result, _outcome = run(account, **task)
    assert sorted(account.sent("AddNumbersToSkillGroup")) == [(SALES, [A, B, C]), (SUPPORT, [A, B, C])]
    assert [account.memberships(n) for n in (A, B, C)] == [[SALES, SUPPORT]] * 3
    assert (
        result["skill_group_changes"]
        == predicted["skill_group_changes"]
        == [{"number": n, "joined": [SALES, SUPPORT], "left": []} for n in (A, B, C)]
    )
    assert result["diff"] == predicted["diff"] and "skill_groups=%s,%s" % (SALES, SUPPORT) in result["diff"]["after"]
    assert [p["skill_group_ids"] for p in result["phone_numbers"]] == [[SALES, SUPPORT]] * 3
    assert "skill_groups" not in result["phone_numbers"][0]  # names are details: the info module has them
    account.calls.clear()
    again, _outcome = run(account, **task)
    assert len(account.calls) == 1 and not again["changed"] and again["skill_group_changes"] == []


def test_narrowing_is_one_batched_remove_and_empty_takes_only_named_numbers_out():
    account = Account(bound=[(n, "Inbound", "", [SALES, SUPPORT]) for n in (A, B, C)], skill_groups=[SALES, SUPPORT])
    result, _outcome = run(account, numbers=[A, B, C], skill_group_ids=[SALES])
    assert account.sent("RemovePhoneNumbersFromSkillGroup") == [(SUPPORT, [A, B, C])]
    assert result["changed"] and result["modified"] == [] and result["added"] == []
    account.calls.clear()
    run(account, numbers=[A, B], skill_group_ids=[])
    assert account.sent("RemovePhoneNumbersFromSkillGroup") == [(SALES, [A, B])]
    assert [account.memberships(n) for n in (A, B, C)] == [[], [], [SALES]]


def test_membership_calls_respect_batch_size_and_max_concurrency():
    many = ["0571%08d" % i for i in range(1, 8)]
    account = Account(bound=[(n, "Inbound", "") for n in many], skill_groups=[SALES, SUPPORT])
    run(account, numbers=many, skill_group_ids=[SALES, SUPPORT], batch_size=3, max_concurrency=1)
    sent = account.sent("AddNumbersToSkillGroup")
    assert sorted(len(numbers) for _g, numbers in sent) == [1, 1, 3, 3, 3, 3]
    assert all(account.memberships(n) == [SALES, SUPPORT] for n in many)


def test_unknown_skill_group_fails_with_its_code_and_the_new_number_stays_bound():
    account = Account(pool=[A], skill_groups=[SALES, SUPPORT])
    result, outcome = run(account, numbers=[A], usage="Outbound", skill_group_ids=["nope@ccc-test"])
    assert (outcome.error.code, outcome.error.request_id) == ("NotExists.SkillGroupId", "req-bad")
    assert result["added"] == [A] and result["skill_group_changes"] == [] and result["changed"]
    assert A in account.bound and account.memberships(A) == []
    assert result["phone_numbers"][0]["skill_group_ids"] == []


def test_a_failed_add_keeps_its_number_out_of_the_membership_calls():
    account = Account(pool=[A], skill_groups=[SALES, SUPPORT])  # B is not the account's
    result, outcome = run(account, numbers=[A, B], usage="Inbound", skill_group_ids=[SALES])
    assert account.sent("AddNumbersToSkillGroup") == [(SALES, [A])]
    assert outcome.error is None and result["failed_numbers"] == [B]
    assert result["skill_group_changes"] == [{"number": A, "joined": [SALES], "left": []}]


@pytest.mark.parametrize("applied", [True, False], ids=["applied", "not-applied"])
def test_a_lost_membership_reply_is_settled_by_reading_back(applied):
    account = Account(bound=[(A, "Inbound", ""), (B, "Inbound", "")], skill_groups=[SALES])
    if applied:
        account.faults["AddNumbersToSkillGroup"] = ["lost"]
    else:
        lost = CCCWriteOutcomeUnknown(code=None, message="reply lost", request_id=None, http_status=None)
        account.faults["AddNumbersToSkillGroup"] = [lost]
    result, outcome = run(account, numbers=[A, B], skill_group_ids=[SALES])
    assert account.count("AddNumbersToSkillGroup") == (1 if applied else 2)
    assert account.count("ListPhoneNumbers") == 2
    assert unconfirmed(outcome) == set() and outcome.error is None
    assert [account.memberships(n) for n in (A, B)] == [[SALES], [SALES]]
    assert result["skill_group_changes"] == [{"number": n, "joined": [SALES], "left": []} for n in (A, B)]


def test_a_lost_add_reply_still_joins_the_number_once_it_is_read_back_bound():
    account = Account(pool=[A], skill_groups=[SALES, SUPPORT])
    account.faults["AddPhoneNumbers"] = ["lost"]
    result, outcome = run(account, numbers=[A], usage="Inbound", skill_group_ids=[SALES])
    assert account.sent("AddNumbersToSkillGroup") == [(SALES, [A])]
    assert account.count("AddPhoneNumbers") == 1
    assert account.memberships(A) == [SALES] and unconfirmed(outcome) == set()
    assert result["added"] == [A] and result["skill_group_changes"] == [{"number": A, "joined": [SALES], "left": []}]
