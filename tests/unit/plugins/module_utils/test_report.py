# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The report: results, diffs and the error a run ends with, rendered from the plan or the verdict."""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import desired_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    NOT_ADDED_LIKELY,
    Binding,
    Facts,
    make_plan,
    settle,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Listing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._report import Report, info_result
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import Emulated
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import run_task, task_input

A, B, C = "057100000001", "057100000002", "057100000003"


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def item(number, usage, flow="", flow_name=None, active=True):
    return {"Number": number, "Usage": usage, "ContactFlowId": flow, "ContactFlowName": flow_name, "Active": active}


def report_for(items, verdict_facts=None, **task):
    """The Report of ``task`` over a listing of ``items``: check mode, or after ``verdict_facts`` (a Facts)."""
    desired = desired_from_params(task_input(**task))
    before = Listing({i["Number"]: i for i in items}, len(items))
    plan = make_plan(desired, before.bindings)
    verdict = None if verdict_facts is None else settle(plan, verdict_facts, {}, desired.force)
    return Report(desired, before, plan, verdict)


def test_result_without_bindings_still_says_what_changed():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(3)], pool=numbers(5))
    result, report = run_task(api, numbers=numbers(4, 2), usage="Outbound", purge=True)
    lean = report.result(with_diff=True, with_bindings=False)
    assert "phone_numbers" not in lean and len(result["phone_numbers"]) == 4
    assert {k: v for k, v in result.items() if k != "phone_numbers"} == lean
    assert lean["removed"] == numbers(1) and lean["added"] == numbers(2, 4)
    assert [m["number"] for m in lean["modified"]] == numbers(2, 2)


def test_diff_shows_each_number_in_scope_before_and_after():
    report = report_for([item(A, "Outbound")], numbers=[A], usage="Inbound", contact_flow_id="flow-a")
    diff = report.result(with_diff=True, with_bindings=False)["diff"]
    assert diff["before"] == "%-20s usage=Outbound    contact_flow=-\n" % A
    assert diff["after"] == "%-20s usage=Inbound     contact_flow=flow-a\n" % A


def test_a_flow_is_named_the_same_way_on_both_sides_of_the_diff():
    # The name of flow-a is known only from B's item; A moves onto it, C moves off it.
    items = [
        item(A, "Inbound", "flow-b", "Sales"),
        item(B, "Inbound", "flow-a", "Main IVR"),
        item(C, "Inbound", "flow-a"),
    ]
    report = report_for(
        items,
        bindings=[{"numbers": [A], "contact_flow_id": "flow-a"}, {"numbers": [C], "contact_flow_id": "flow-b"}],
    )
    diff = report.result(with_diff=True, with_bindings=False)["diff"]
    assert "contact_flow=flow-a (Main IVR)" in diff["after"].splitlines()[0]
    assert "contact_flow=flow-b (Sales)" in diff["after"].splitlines()[1]
    assert "contact_flow=flow-a (Main IVR)" in diff["before"].splitlines()[1]


def test_after_a_real_run_a_flow_is_named_the_same_way_on_both_sides_of_the_diff():
    # A moves from flow-b onto flow-a, whose name only B's listing item carries.
    api = Emulated(bound=[(A, "Inbound", "flow-b"), (B, "Inbound", "flow-a")])
    result, report = run_task(api, numbers=[A, B], contact_flow_id="flow-a")
    assert report.verdict is not None and result["modified"][0]["number"] == A
    assert result["diff"]["before"] == (
        "%-20s usage=Inbound     contact_flow=flow-b (Flow flow-b)\n" % A
        + "%-20s usage=Inbound     contact_flow=flow-a (Flow flow-a)\n" % B
    )
    assert result["diff"]["after"] == "".join(
        "%-20s usage=Inbound     contact_flow=flow-a (Flow flow-a)\n" % n for n in (A, B)
    )


def test_changes_are_listed_in_the_order_the_task_named_the_numbers():
    report = report_for([], numbers=[C, A, B], usage="Inbound")
    assert report.result(with_diff=False, with_bindings=False)["added"] == [C, A, B]


def test_a_run_that_did_not_converge_names_each_number_and_why():
    facts = Facts()
    facts.answered.add(A)
    facts.refused[B] = "AddPhoneNumbers"
    error, context = report_for([], facts, numbers=[A, B], usage="Inbound").error()
    assert error.code == "NotConverged" and context is None
    assert error.message == (
        "1 number(s) did not converge: %s: %s. "
        "Everything else was applied (added 1, modified 0, removed 0, changed skill groups of 0)."
        % (B, NOT_ADDED_LIKELY)
    )


def test_the_partial_run_sentence_appears_only_when_something_was_applied():
    facts = Facts()
    facts.refused[B] = "AddPhoneNumbers"
    error, _context = report_for([], facts, numbers=[B], usage="Inbound").error()
    assert error.message == "1 number(s) did not converge: %s: %s." % (B, NOT_ADDED_LIKELY)


def test_a_converged_run_has_no_error_and_check_mode_never_has_one():
    facts = Facts()
    facts.answered.add(A)
    assert report_for([], facts, numbers=[A], usage="Inbound").error() is None
    assert report_for([], None, numbers=[A], usage="Inbound").error() is None


def test_phone_numbers_carry_the_binding_and_its_flow_name_not_the_details():
    report = report_for([item(A, "Inbound", "flow-a", "Main IVR")], numbers=[A], usage="Inbound")
    (number,) = report.result(with_diff=False, with_bindings=True)["phone_numbers"]
    assert number == {
        "number": A,
        "usage": "Inbound",
        "contact_flow_id": "flow-a",
        "contact_flow_name": "Main IVR",
        "active": True,
        "skill_group_ids": [],
    }
    assert Binding(A, "Inbound", "flow-a") == report.before.bindings[A]


def test_the_info_result_carries_the_export_and_leaves_the_details_out_when_asked():
    items = [item(B, "Outbound"), item(A, "Inbound", "flow-a", "Main IVR", active=False)]
    listing = Listing({i["Number"]: i for i in items}, 2)
    full = info_result(listing, 2)
    assert full["bindings"] == [
        {"usage": "Inbound", "contact_flow_id": "flow-a", "skill_group_ids": [], "numbers": [A]},
        {"usage": "Outbound", "skill_group_ids": [], "numbers": [B]},
    ]
    assert [p["number"] for p in full["phone_numbers"]] == [A, B] and full["phone_numbers"][0]["active"] is False
    lean = info_result(listing, 2, with_phone_numbers=False)
    assert lean == {"changed": False, "bindings": full["bindings"], "total_count": 2}
