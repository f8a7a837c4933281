# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Properties of the pure planner over random current and desired states (hypothesis).

The test applies plans with its own model of the API (not the planner's ``apply_to``) and computes
the state the task asks for from the option semantics in issue #5, so planner and test can disagree.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import bindings_option, desired_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import TooManyRemovals, ValidationError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Binding, make_plan
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import task_input

USAGES = ("Inbound", "Outbound", "Bidirection")
POOL = ["05710000%04d" % i for i in range(8)] + ["4001234567", "4009876543"]
FLOWS = ["flow-a", "flow-b"]
SKILL_GROUPS = ["sales@ccc-prop", "support@ccc-prop", "night@ccc-prop"]
SETTINGS = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _is_400(number):
    return number.lstrip("+").startswith("400")


@st.composite
def current_states(draw):
    """number -> Binding, as the API could report it: 400 numbers only Inbound, a cleared flow read back as
    either None or "", and now and then a flow on an Outbound number (the API accepts one with any usage, and
    may keep one when a number is switched to Outbound)."""
    state = {}
    for number in draw(st.lists(st.sampled_from(POOL), unique=True, max_size=len(POOL))):
        usage = "Inbound" if _is_400(number) else draw(st.sampled_from(USAGES))
        state[number] = Binding(number, usage, draw(st.sampled_from([None, ""] + FLOWS)))
    return state


@st.composite
def binding_options(draw, numbers_required=False):
    numbers = draw(st.lists(st.sampled_from(POOL), max_size=len(POOL)))
    if not numbers_required:
        numbers = draw(st.none() | st.just(numbers))
    if numbers:
        # duplicates and surrounding spaces are allowed in the input and collapse
        numbers = [(" %s " % n) if draw(st.booleans()) else n for n in numbers]
    return {
        "numbers": numbers,
        "usage": draw(st.none() | st.sampled_from(USAGES)),
        "contact_flow_id": draw(st.sampled_from([None, ""] + FLOWS)),
        "number_group_id": draw(st.sampled_from([None, "grp-1"])),
    }


@st.composite
def task_params(draw):
    """The flat options (one binding) or ``bindings`` (up to three, which may name a number twice)."""
    params = {
        "instance_id": "ccc-prop",
        "state": draw(st.sampled_from(["present", "absent"])),
        "purge": draw(st.booleans()),
        "force": draw(st.booleans()),
        "max_removals": draw(st.none() | st.integers(0, 4)),
    }
    if draw(st.booleans()):
        params.update(draw(binding_options()))
    else:
        params["bindings"] = draw(st.lists(binding_options(numbers_required=True), max_size=3))
    return params


def bindings_of(params):
    """[(numbers, usage, flow)] the task declares, in either form."""
    listed = params.get("bindings")
    if listed is None:
        listed = [] if params.get("numbers") is None else [params]
    return [
        (list(dict.fromkeys(n.strip() for n in b["numbers"])), b.get("usage"), b.get("contact_flow_id")) for b in listed
    ]


def _norm(state):
    """number -> (usage, flow) with an absent flow written as ""."""
    return {n: (b.usage, b.contact_flow_id or "") for n, b in state.items()}


def model_apply(current, plan):
    """What the API does with the plan's calls: AddPhoneNumbers binds each number of a group with the
    group's usage and flow; ModifyPhoneNumber sets usage and flow of one bound number;
    RemovePhoneNumbers unbinds."""
    state = _norm(current)
    for group in plan.adds:
        for number in group.numbers:
            assert number not in state, "plan adds %s, which is already bound" % number
            state[number] = (group.usage, group.contact_flow_id or "")
    for change in plan.modifies:
        number = change.after.number
        assert number in state, "plan modifies %s, which is not bound" % number
        assert change.before.number == number
        state[number] = (change.after.usage, change.after.contact_flow_id or "")
    for binding in plan.removes:
        assert binding.number in state, "plan removes %s, which is not bound" % binding.number
        del state[binding.number]
    return state


def wanted(params, current):
    """The state the options ask for, written from the option tables of issues #5 and #14."""
    named = [n for numbers, _usage, _flow in bindings_of(params) for n in numbers]
    state = _norm(current)
    if params["state"] == "absent":
        return {n: b for n, b in state.items() if n not in named}
    result = {} if params["purge"] else {n: b for n, b in state.items() if n not in named}
    for numbers, wanted_usage, wanted_flow in bindings_of(params):
        for number in numbers:
            was, flow = state.get(number, (None, ""))
            usage = wanted_usage or was
            if wanted_flow is not None:
                flow = wanted_flow
            if usage == "Outbound" and was != "Outbound":
                # An Outbound number answers no calls, so switching to Outbound clears its flow (issue #14); one
                # that stays Outbound keeps a flow the task does not name, like any number (issue #20).
                flow = ""
            result[number] = (usage, flow)
    return result


def to_unbind(params, current):
    """The numbers the options ask to unbind: the named bound ones (absent), or every unnamed one (purge)."""
    named = {n for numbers, _usage, _flow in bindings_of(params) for n in numbers}
    if params["state"] == "absent":
        return named & set(current)
    return set(current) - named if params["purge"] else set()


def _rejection_is_legitimate(params, current, exc):
    """make_plan may refuse only what cannot be judged before the state is read."""
    removals = to_unbind(params, current)
    if isinstance(exc, TooManyRemovals):
        return params["max_removals"] is not None and len(removals) > params["max_removals"], str(exc)
    unbound_without_usage = outbound_with_flow = False
    for numbers, usage, flow in bindings_of(params):
        unbound_without_usage |= bool(set(numbers) - set(current)) and not usage
        outbound_with_flow |= bool(flow) and any(
            number in current and (usage or current[number].usage) == "Outbound" for number in numbers
        )
    tied_without_force = not params["force"] and any(current[n].contact_flow_id for n in removals)
    return unbound_without_usage or outbound_with_flow or tied_without_force, str(exc)


# Switching a number answered by a flow to Outbound: the flow goes with it.
SWITCH = (
    {POOL[0]: Binding(POOL[0], "Inbound", "flow-a")},
    {
        "instance_id": "ccc-prop",
        "numbers": [POOL[0]],
        "usage": "Outbound",
        "contact_flow_id": None,
        "number_group_id": None,
        "state": "present",
        "purge": False,
        "force": False,
        "max_removals": None,
    },
)


@SETTINGS
@given(current=current_states(), params=task_params())
@example(*SWITCH)
def test_applying_the_plan_yields_the_desired_state_and_a_second_plan_is_empty(current, params):
    try:
        desired = desired_from_params(params)
    except ValidationError:
        return
    try:
        plan = make_plan(desired, current)
    except (ValidationError, TooManyRemovals) as exc:
        legitimate, text = _rejection_is_legitimate(params, current, exc)
        assert legitimate, "make_plan refused a valid task: %s" % text
        return
    after = model_apply(current, plan)
    assert after == wanted(params, current)
    rebound = {n: Binding(n, usage, flow) for n, (usage, flow) in after.items()}
    second = make_plan(desired, rebound)
    assert not second, "second plan is not empty: %r" % (second,)
    assert bool(plan) == (after != _norm(current)), "a plan that changes nothing must be empty, and vice versa"


@SETTINGS
@given(current=current_states(), params=task_params())
def test_no_plan_removes_past_max_removals_or_a_tied_number_without_force(current, params):
    try:
        desired = desired_from_params(params)
        plan = make_plan(desired, current)
    except (ValidationError, TooManyRemovals):
        return
    removed = {b.number for b in plan.removes}
    assert removed == to_unbind(params, current)
    assert params["max_removals"] is None or len(removed) <= params["max_removals"]
    assert params["force"] or not any(current[n].contact_flow_id for n in removed)


@SETTINGS
@given(current=current_states(), params=task_params())
def test_purge_never_removes_a_named_number_and_nothing_unnamed_is_touched_without_it(current, params):
    try:
        desired = desired_from_params(params)
        plan = make_plan(desired, current)
    except (ValidationError, TooManyRemovals):
        return
    named = {n for numbers, _usage, _flow in bindings_of(params) for n in numbers}
    removed = {b.number for b in plan.removes}
    touched = removed | {c.after.number for c in plan.modifies} | {n for g in plan.adds for n in g.numbers}
    if params["state"] == "present":
        assert not removed & named, "purge removed named numbers %s" % sorted(removed & named)
        if not params["purge"]:
            assert touched <= named, "touched numbers the task does not name: %s" % sorted(touched - named)
    else:
        assert touched <= named and removed == named & set(current)


@SETTINGS
@given(current=current_states(), params=task_params())
def test_no_plan_binds_what_the_api_forbids(current, params):
    """400 numbers only Inbound; no contact flow on an Outbound number."""
    try:
        desired = desired_from_params(params)
        plan = make_plan(desired, current)
    except (ValidationError, TooManyRemovals):
        return
    produced = [(n, g.usage, g.contact_flow_id) for g in plan.adds for n in g.numbers]
    produced += [(c.after.number, c.after.usage, c.after.contact_flow_id) for c in plan.modifies]
    for number, usage, flow in produced:
        assert not (_is_400(number) and usage != "Inbound"), "400 number %s planned as %s" % (number, usage)
        assert not (usage == "Outbound" and flow), "%s planned as Outbound with contact flow %s" % (number, flow)


@st.composite
def instances(draw):
    """number -> Binding of any instance the info module can list: usages, flows (on Outbound numbers too, as
    the API may leave them), skill groups, and 400 numbers only Inbound."""
    state = {}
    for number in draw(st.lists(st.sampled_from(POOL), unique=True, max_size=len(POOL))):
        usage = "Inbound" if _is_400(number) else draw(st.sampled_from(USAGES))
        flow = draw(st.sampled_from([None] + FLOWS))
        groups = draw(st.lists(st.sampled_from(SKILL_GROUPS), unique=True, max_size=len(SKILL_GROUPS)))
        state[number] = Binding(number, usage, flow, groups)
    return state


@SETTINGS
@given(current=instances())
def test_an_exported_instance_fed_back_with_purge_plans_nothing(current):
    exported = bindings_option(current.values())
    named = [n for entry in exported for n in entry["numbers"]]
    assert sorted(named) == sorted(current), "the export must name every number once"
    settings = [(e["usage"], e.get("contact_flow_id"), tuple(e["skill_group_ids"])) for e in exported]
    assert len(set(settings)) == len(settings), "one entry per distinct setting"
    for entry in exported:
        for number in entry["numbers"]:
            read = current[number]
            flow = read.contact_flow_id if read.usage != "Outbound" else ""
            assert (entry["usage"], entry.get("contact_flow_id", ""), tuple(entry["skill_group_ids"])) == (
                read.usage,
                flow,
                read.skill_group_ids,
            ), "%s is exported with settings it does not have" % number
    # Through the module's argument spec, as a task would pass it; no removal is allowed either.
    desired = desired_from_params(task_input(bindings=exported, purge=True, max_removals=0))
    assert not make_plan(desired, current)
