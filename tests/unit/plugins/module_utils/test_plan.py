# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import re

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import (
    desired_from_params,
    normalize_numbers,
    pace_from_params,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import ValidationError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    AddGroup,
    Binding,
    Facts,
    Modify,
    Plan,
    make_plan,
    settle,
    split_batches,
    state_after,
)
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import task_input

params = task_input


def lost(*numbers):
    """The Facts of a run whose writes of ``numbers`` lost their replies."""
    facts = Facts()
    facts.lost.update(numbers)
    return facts


def bound(*specs):
    """bound(("0571001", "Inbound", "flow-a"), ...) -> number -> Binding"""
    return {number: Binding(number, usage, flow) for number, usage, flow in specs}


# --- validation: every case here must fail before any request -----------------------------------


@pytest.mark.parametrize(
    "overrides, fragment",
    [
        (dict(numbers=["0571 0001"]), "numbers must be digits"),
        (dict(numbers=["0571-0001"]), "numbers must be digits"),
        (dict(numbers=["++05710001"]), "numbers must be digits"),
        (dict(numbers=["05710001; rm -rf /"]), "numbers must be digits"),
        (dict(numbers=["12"]), "numbers must be digits"),
        (dict(numbers=[""]), "numbers must be digits"),
        (dict(numbers=["1" * 33]), "numbers must be digits"),
        (dict(instance_id=""), "instance_id"),
        (dict(instance_id="ccc test", numbers=["05710001"], usage="Inbound"), "instance_id"),
        (dict(instance_id="../ccc", numbers=["05710001"], usage="Inbound"), "instance_id"),
        (dict(numbers=["05710001"], usage="inbound"), "usage must be one of"),
        (dict(numbers=["05710001"], usage="Inbound", state="gone"), "state must be one of"),
        (dict(numbers=["05710001"], usage="Outbound", contact_flow_id="flow-a"), "usage=Outbound"),
        (dict(numbers=["4001234567"], usage="Bidirection"), "400 numbers"),
        (dict(numbers=["+4001234567"], usage="Outbound"), "400 numbers"),
        (dict(numbers=["+864001234567"], usage="Outbound"), "400 numbers"),
        (dict(numbers=["864001234567"], usage="Bidirection"), "400 numbers"),
        (dict(numbers=["00864001234567"], usage="Outbound"), "400 numbers"),
        (
            dict(bindings=[{"numbers": ["0571001"], "usage": "Inbound"}], numbers=["0571002"]),
            "mutually exclusive: bindings|numbers",
        ),
        (
            dict(
                bindings=[{"numbers": ["0571001"], "usage": "Inbound"}, {"numbers": ["0571001"], "usage": "Outbound"}]
            ),
            "only one binding; named more than once: 0571001",
        ),
        (
            dict(
                bindings=[
                    {"numbers": ["0571001"], "usage": "Inbound"},
                    {"numbers": ["4008001234"], "usage": "Outbound"},
                ]
            ),
            "bindings[1]: 400 numbers",
        ),
        (
            dict(bindings=[{"numbers": ["0571001"], "usage": "Outbound", "contact_flow_id": "flow-a"}]),
            "usage=Outbound",
        ),
        (dict(bindings=[{"numbers": ["0571 001"], "usage": "Inbound"}]), "bindings[0]: numbers must be digits"),
        (dict(bindings=[{"usage": "Inbound"}]), "missing required arguments: numbers found in bindings"),
        (dict(bindings=[{"numbers": ["0571001"], "usage": "Inbound", "flow": "x"}]), "flow. Supported parameters"),
        (dict(bindings=["0571001"]), "bindings"),
        (dict(bindings=[{"numbers": ["0571001"], "usage": "Inbound"}], state="absent"), "do not apply to state=absent"),
        (dict(), "state=present needs numbers"),
        (dict(state="absent"), "state=absent needs numbers"),
        (dict(state="absent", numbers=["05710001"], purge=True), "purge applies to state=present"),
        (dict(state="absent", numbers=["05710001"], usage="Inbound"), "do not apply to state=absent"),
        (dict(numbers=["05710001"], usage="Inbound", contact_flow_id="flow a"), "contact_flow_id"),
        (dict(numbers=["05710001"], usage="Inbound", batch_size=0), "batch_size must be at least 1"),
        (dict(numbers=["05710001"], usage="Inbound", max_concurrency=-1), "max_concurrency must be at least 1"),
    ],
)
def test_bad_input_is_rejected_with_a_message_naming_the_problem(overrides, fragment):
    with pytest.raises(ValidationError, match=re.escape(fragment)):
        options = params(**overrides)
        desired_from_params(options)
        pace_from_params(options)


def test_numbers_are_stripped_deduplicated_and_keep_their_order():
    assert normalize_numbers([" 0571002 ", "0571001", "0571002", "+86571003"]) == ("0571002", "0571001", "+86571003")


def test_too_many_numbers_are_refused():
    with pytest.raises(ValidationError, match="at most"):
        normalize_numbers([str(10**9 + i) for i in range(20001)])


def test_empty_flow_means_clear_and_is_kept_apart_from_omitted():
    assert desired_from_params(params(numbers=["05710001"], contact_flow_id="")).bindings[0].contact_flow_id == ""
    assert desired_from_params(params(numbers=["05710001"])).bindings[0].contact_flow_id is None


def test_purge_with_empty_numbers_is_valid():
    desired = desired_from_params(params(numbers=[], purge=True))
    assert desired.numbers == () and desired.purge


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
        (bound(("0571001", "Inbound", "f")), dict(numbers=["0571001"], state="absent")),
    ],
)
def test_applying_the_plan_converges_and_a_second_plan_is_empty(current, overrides):
    desired = desired_from_params(params(**overrides))
    after = state_after(current, make_plan(desired, current))
    assert not make_plan(desired, after)


def test_split_batches_covers_every_item_once():
    assert split_batches(range(5), 2) == [(0, 1), (2, 3), (4,)]
    assert split_batches([], 3) == []


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
