# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The planner: (desired, current) -> the plan; the verdict on writes in doubt; the state after."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import desired_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, TooManyRemovals, ValidationError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    NOT_ADDED_FREE,
    NOT_ADDED_HERE,
    NOT_ADDED_LIKELY,
    NOT_ADDED_TAKEN,
    AddGroup,
    Binding,
    Facts,
    Membership,
    Modify,
    Plan,
    compare_numbers,
    limit_removals,
    make_plan,
    settle,
    split_batches,
    state_after,
)
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import task_input

params = options = task_input
SALES, SUPPORT, NIGHT = "sales@ccc-test", "support@ccc-test", "night@ccc-test"
A, B, C, D = "057100000001", "057100000002", "057100000003", "057100000004"


def lost(*numbers):
    """The Facts of a run whose writes of ``numbers`` lost their replies."""
    facts = Facts()
    facts.lost.update(numbers)
    return facts


def bound(*specs):
    """bound((number, usage, flow[, groups]), ...) -> number -> Binding"""
    return {spec[0]: Binding(*spec) for spec in specs}


# --- planning -----------------------------------------------------------------------------------


def plan_for(current, **overrides):
    return make_plan(desired_from_params(params(**overrides)), current)


def test_plan_adds_missing_numbers_in_one_group():
    plan = plan_for(
        {}, numbers=["0571001", "0571002"], usage="Inbound", contact_flow_id="flow-a", number_group_id="grp-1"
    )
    assert plan.adds == (AddGroup("Inbound", "flow-a", "grp-1", ("0571001", "0571002")),)
    assert not plan.modifies and not plan.removes


def test_plan_is_empty_when_numbers_are_bound_as_wanted():
    current = bound(("0571001", "Inbound", "flow-a"))
    assert not plan_for(current, numbers=["0571001"], usage="Inbound", contact_flow_id="flow-a")


def test_plan_leaves_flow_alone_when_not_given():
    current = bound(("0571001", "Inbound", "flow-a"))
    assert not plan_for(current, numbers=["0571001"], usage="Inbound")


def test_plan_leaves_usage_alone_when_not_given():
    current = bound(("0571001", "Outbound", ""))
    assert not plan_for(current, numbers=["0571001"])


def test_plan_modifies_usage_in_place_instead_of_remove_and_add():
    current = bound(("0571001", "Outbound", ""))
    plan = plan_for(current, numbers=["0571001"], usage="Bidirection")
    assert plan.modifies == (Modify(Binding("0571001", "Outbound", ""), Binding("0571001", "Bidirection", "")),)
    assert not plan.adds and not plan.removes


def test_plan_clears_flow_with_empty_string():
    current = bound(("0571001", "Inbound", "flow-a"))
    plan = plan_for(current, numbers=["0571001"], contact_flow_id="")
    assert plan.modifies == (Modify(Binding("0571001", "Inbound", "flow-a"), Binding("0571001", "Inbound", "")),)


def test_plan_needs_usage_only_for_numbers_not_bound_yet():
    current = bound(("0571001", "Inbound", ""))
    with pytest.raises(ValidationError, match="usage is required.*0571002"):
        plan_for(current, numbers=["0571001", "0571002"])


def test_plan_refuses_a_flow_on_a_number_bound_outbound():
    current = bound(("0571001", "Outbound", ""))
    with pytest.raises(ValidationError, match="0571001.*usage=Outbound"):
        plan_for(current, numbers=["0571001"], contact_flow_id="flow-a")
    assert plan_for(current, numbers=["0571001"], usage="Inbound", contact_flow_id="flow-a").modifies


def test_plan_keeps_unlisted_numbers_without_purge():
    current = bound(("0571001", "Inbound", ""), ("0571009", "Outbound", ""))
    plan = plan_for(current, numbers=["0571001"], usage="Inbound")
    assert not plan


def test_plan_purge_removes_only_unlisted_numbers():
    current = bound(("0571001", "Inbound", ""), ("0571009", "Outbound", ""), ("0571008", "Inbound", ""))
    plan = plan_for(current, numbers=["0571001"], usage="Inbound", purge=True)
    assert [b.number for b in plan.removes] == ["0571008", "0571009"]


def test_plan_purge_with_no_numbers_removes_everything():
    current = bound(("0571001", "Inbound", ""), ("0571009", "Outbound", ""))
    plan = plan_for(current, numbers=[], purge=True)
    assert sorted(b.number for b in plan.removes) == ["0571001", "0571009"]


def test_plan_absent_removes_only_bound_named_numbers():
    current = bound(("0571001", "Inbound", ""), ("0571009", "Outbound", ""))
    plan = plan_for(current, numbers=["0571001", "0571002"], state="absent")
    assert [b.number for b in plan.removes] == ["0571001"]
    assert not plan.adds and not plan.modifies


@pytest.mark.parametrize(
    "current, overrides",
    [
        ({}, dict(numbers=["0571001", "0571002"], usage="Outbound")),
        (bound(("0571001", "Inbound", "f")), dict(numbers=["0571001"], usage="Outbound")),
        (
            bound(("0571001", "Inbound", "f"), ("0571005", "Inbound", "")),
            dict(numbers=["0571001"], purge=True, contact_flow_id=""),
        ),
        (bound(("0571001", "Inbound", "f")), dict(numbers=["0571001"], state="absent", force=True)),
    ],
)
def test_applying_the_plan_converges_and_a_second_plan_is_empty(current, overrides):
    desired = desired_from_params(params(**overrides))
    after = state_after(current, make_plan(desired, current))
    assert not make_plan(desired, after)


@pytest.mark.parametrize(
    "named, state, purge, add, remove",
    [
        ([C, A], "present", False, (C,), ()),
        ([C, A], "present", True, (C,), (B, D)),
        ([], "present", True, (), (A, B, D)),
        ([D, C, A], "absent", False, (), (D, A)),
    ],
    ids=["present", "purge", "purge-to-empty", "absent-in-task-order"],
)
def test_compare_numbers_is_the_set_arithmetic_both_planners_share(named, state, purge, add, remove):
    assert compare_numbers(named, dict.fromkeys([A, B, D]), state, purge) == (add, remove)


def test_split_batches_covers_every_item_once():
    assert split_batches(range(5), 2) == [(0, 1), (2, 3), (4,)]
    assert split_batches([], 3) == []


# --- removals: refused before any write, whatever the mode --------------------------------------------

TIED = bound(
    (A, "Inbound", "flow-a"),
    (B, "Inbound", "", (SALES, SUPPORT)),
    (C, "Outbound", ""),
    (D, "Bidirection", "flow-b", (SALES,)),
)


@pytest.mark.parametrize(
    "overrides, named",
    [
        (
            dict(numbers=[], purge=True),
            "%s (contact flow flow-a), %s (skill groups %s, %s), %s (contact flow flow-b and "
            "skill group %s)" % (A, B, SALES, SUPPORT, D, SALES),
        ),
        (
            dict(numbers=[A, C], purge=True),
            "%s (skill groups %s, %s), %s (contact flow flow-b and skill group %s)" % (B, SALES, SUPPORT, D, SALES),
        ),
        (
            dict(numbers=[A, C], state="absent"),
            "1 number(s) to unbind are tied to a contact flow or skill groups, "
            "which RemovePhoneNumbers refuses to break without force=true: %s (contact flow flow-a); set force=true"
            % A,
        ),
        (dict(bindings=[{"numbers": [C], "usage": "Inbound"}], purge=True), "3 number(s) to unbind"),
    ],
    ids=["purge-everything", "purge-some", "absent", "bindings"],
)
def test_removals_the_listing_shows_are_tied_are_refused_without_force_naming_them(overrides, named):
    with pytest.raises(ValidationError) as refused:
        plan_for(TIED, **overrides)
    assert named in refused.value.message and "force=true" in refused.value.message
    assert refused.value.code == "InvalidOption"
    assert plan_for(TIED, force=True, **overrides).removes  # with force the same task plans them all


def test_tied_removals_are_refused_together_with_every_other_refusal():
    with pytest.raises(ValidationError) as refused:
        plan_for(TIED, bindings=[{"numbers": ["0571099"]}, {"numbers": [C], "usage": "Outbound"}], purge=True)
    assert "usage is required" in refused.value.message and "set force=true" in refused.value.message


def test_removing_untied_numbers_needs_no_force():
    plan = plan_for(TIED, numbers=[A, B, D], purge=True)
    assert [b.number for b in plan.removes] == [C]


@pytest.mark.parametrize(
    "removals, limit, refused",
    [(30, 20, True), (25, 25, False), (1, 0, True), (0, 0, False), (5000, None, False)],
    ids=["30-over-20", "25-at-25", "1-over-0", "none-at-0", "no-limit"],
)
def test_max_removals_refuses_a_plan_that_unbinds_more_naming_count_limit_and_first_numbers(removals, limit, refused):
    current = {n: Binding(n, "Inbound", "") for n in ("0571%04d" % i for i in range(removals))}
    overrides = dict(numbers=[], purge=True, max_removals=limit)
    if not refused:
        assert len(plan_for(current, **overrides).removes) == removals
        return
    with pytest.raises(TooManyRemovals) as raised:
        plan_for(current, **overrides)
    first = ", ".join(sorted(current)[:5])
    assert raised.value.code == "TooManyRemovals"
    assert raised.value.message.startswith(
        "the plan would unbind %d number%s, more than max_removals=%d allows, so nothing was changed: %s"
        % (removals, "" if removals == 1 else "s", limit, first)
    )


def test_max_removals_counts_state_absent_and_is_checked_before_force():
    with pytest.raises(TooManyRemovals, match="would unbind 2 numbers, more than max_removals=1"):
        plan_for(TIED, numbers=[A, B, "0571099"], state="absent", max_removals=1)
    assert len(plan_for(TIED, numbers=[A, B, "0571099"], state="absent", max_removals=2, force=True).removes) == 2


def test_the_removal_limit_is_one_rule_over_the_numbers_a_plan_removes():
    limit_removals(["1", "2"], 2)
    limit_removals(["1", "2"], None)
    with pytest.raises(TooManyRemovals, match=r"would remove 3 numbers, more than max_removals=2 allows.*: 1, 2, 3\."):
        limit_removals(["3", "1", "2"], 2, verb="remove")


# --- several bindings, one plan -------------------------------------------------------------------


def test_plan_of_several_bindings_adds_each_with_its_settings_and_merges_equal_settings():
    plan = plan_for(
        {},
        bindings=[
            {"numbers": ["0571001"], "usage": "Inbound", "contact_flow_id": "flow-a"},
            {"numbers": ["0571002"], "usage": "Outbound"},
            {"numbers": ["0571003"], "usage": "Inbound", "contact_flow_id": "flow-a"},
        ],
    )
    assert plan.adds == (
        AddGroup("Inbound", "flow-a", "", ("0571001", "0571003")),
        AddGroup("Outbound", "", "", ("0571002",)),
    )


def test_plan_purge_keeps_every_number_any_binding_names():
    current = bound(("0571001", "Inbound", ""), ("0571002", "Outbound", ""), ("0571009", "Inbound", ""))
    plan = plan_for(
        current,
        bindings=[{"numbers": ["0571001"], "usage": "Inbound"}, {"numbers": ["0571002"], "usage": "Outbound"}],
        purge=True,
    )
    assert [b.number for b in plan.removes] == ["0571009"]
    assert not plan.adds and not plan.modifies


def test_plan_reports_every_binding_that_lacks_usage_at_once():
    with pytest.raises(ValidationError) as failure:
        plan_for({}, bindings=[{"numbers": ["0571001"]}, {"numbers": ["0571002"]}])
    assert "bindings[0]" in str(failure.value) and "bindings[1]" in str(failure.value)


def test_switching_to_outbound_clears_the_flow_and_is_read_back():
    current = bound(("0571001", "Inbound", "flow-a"))
    plan = plan_for(current, numbers=["0571001"], usage="Outbound")
    assert plan.modifies == (Modify(Binding("0571001", "Inbound", "flow-a"), Binding("0571001", "Outbound", "")),)
    assert plan.modifies[0].clears_flow
    assert plan.read_back() == {"0571001"}


# A flow the API kept on a number that is Outbound already (it accepts one with any usage, and may keep one
# when a number is switched): left alone unless the task clears it, as for any flow the task does not name.
OUTBOUND_WITH_FLOW = bound(("0571001", "Outbound", "flow-a"))


@pytest.mark.parametrize(
    "overrides, after",
    [
        (dict(usage="Outbound"), None),
        (dict(), None),
        (dict(bindings=[{"numbers": ["0571001"], "usage": "Outbound"}], purge=True), None),
        (dict(usage="Outbound", contact_flow_id=""), Binding("0571001", "Outbound", "")),
        (dict(usage="Inbound"), Binding("0571001", "Inbound", "flow-a")),
    ],
    ids=["stays-outbound", "usage-left-alone", "export-fed-back", "cleared-when-asked", "switched-to-inbound"],
)
def test_a_flow_on_a_number_that_stays_outbound_changes_only_when_the_task_names_the_flow(overrides, after):
    plan = plan_for(OUTBOUND_WITH_FLOW, numbers=None if "bindings" in overrides else ["0571001"], **overrides)
    assert [change.after for change in plan.modifies] == ([after] if after else [])
    assert plan.read_back() == ({"0571001"} if after and not after.contact_flow_id else set())


def test_a_change_that_sets_a_flow_needs_no_read_back():
    current = bound(("0571001", "Outbound", ""))
    plan = plan_for(current, numbers=["0571001"], usage="Inbound", contact_flow_id="flow-a")
    assert plan.read_back() == frozenset()


def test_plan_only_keeps_the_changes_of_the_given_numbers():
    current = bound(("0571001", "Inbound", ""), ("0571009", "Inbound", ""))
    plan = plan_for(current, numbers=["0571001", "0571002", "0571003"], usage="Outbound", purge=True)
    part = plan.only({"0571002", "0571009"})
    assert part.added_numbers == ["0571002"] and not part.modifies
    assert [b.number for b in part.removes] == ["0571009"]


@pytest.mark.parametrize(
    "read_back, confirmed, resend",
    [
        # The lost add went through: nothing more to send.
        (Binding("0571002", "Outbound", ""), {"0571002"}, Plan((), (), ())),
        # The lost add never arrived: add it again.
        (None, set(), Plan((AddGroup("Outbound", "", "", ("0571002",)),), (), ())),
        # Bound meanwhile with other settings: modify, never remove and re-add.
        (
            Binding("0571002", "Inbound", "flow-z"),
            set(),
            Plan((), (Modify(Binding("0571002", "Inbound", "flow-z"), Binding("0571002", "Outbound", "")),), ()),
        ),
    ],
)
def test_settle_judges_a_lost_add_by_what_was_read_back(read_back, confirmed, resend):
    plan = plan_for({}, numbers=["0571002"], usage="Outbound")
    verdict = settle(plan, lost("0571002"), {"0571002": read_back})
    assert verdict.confirmed == confirmed and verdict.resend == resend and not verdict.failed


def refused(*numbers):
    """The Facts of a run whose AddPhoneNumbers listed ``numbers`` as not added."""
    facts = Facts()
    facts.refused.update(dict.fromkeys(numbers, "AddPhoneNumbers"))
    return facts


@pytest.mark.parametrize(
    "read_back, why, looked_up",
    [
        # Not bound here: the account's unassigned numbers can narrow the likely causes.
        (None, NOT_ADDED_LIKELY, [B]),
        # Bound here meanwhile, with other settings: that is the cause, and no look-up can add to it.
        (Binding(B, "Outbound", ""), NOT_ADDED_HERE % "Outbound", []),
    ],
    ids=["not-bound", "bound-here-meanwhile"],
)
def test_settle_gives_a_refused_add_its_likely_causes_by_what_was_read_back(read_back, why, looked_up):
    verdict = settle(plan_for({}, numbers=[A, B], usage="Inbound"), refused(B), {B: read_back})
    assert verdict.failed == {B: why} and verdict.unexplained() == looked_up


def test_settle_looks_nothing_up_when_the_read_back_failed():
    verdict = settle(plan_for({}, numbers=[B], usage="Inbound"), refused(B), None)
    assert verdict.failed == {B: NOT_ADDED_LIKELY} and verdict.unexplained() == []


@pytest.mark.parametrize("unassigned, why", [(False, NOT_ADDED_TAKEN), (True, NOT_ADDED_FREE)], ids=["taken", "free"])
def test_a_looked_up_refusal_says_whether_the_account_holds_the_number_unused(unassigned, why):
    verdict = settle(plan_for({}, numbers=[A, B], usage="Inbound"), refused(A, B), {A: None, B: None})
    assert verdict.explained({B: unassigned}).failed == {A: NOT_ADDED_LIKELY, B: why}


def test_only_the_refusals_a_failure_message_names_are_looked_up():
    named = ["0571%08d" % i for i in range(12)]
    verdict = settle(plan_for({}, numbers=named, usage="Inbound"), refused(*named), dict.fromkeys(named))
    assert verdict.unexplained() == named[:10]


def test_no_refusal_is_looked_up_when_an_error_stopped_the_run():
    facts = refused(B)
    facts.error = CCCError("Throttling.User", "throttled")
    verdict = settle(plan_for({}, numbers=[A, B], usage="Inbound"), facts, {B: None})
    assert verdict.failed == {B: NOT_ADDED_LIKELY} and verdict.unexplained() == []


# --- skill-group membership -----------------------------------------------------------------------


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
