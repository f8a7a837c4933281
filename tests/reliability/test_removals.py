# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Removal that cannot surprise (issue #22), each "done when" of the issue as one case run by ansible-playbook.

Refusals come before any write, in check mode as in a real run, and name what they refuse; the same task
with what the refusal asks for (force, the numbers given, a limit high enough) then does exactly that.
"""

from __future__ import annotations

import pytest
from _harness import INSTANCE, connection, run_playbook

WRITES = ("AddPhoneNumbers", "ModifyPhoneNumber", "RemovePhoneNumbers", "RemovePhoneNumbersFromSkillGroup")
KEEP, FLOW, GROUP, FREE = "057100000001", "057100000002", "057100000003", "057100000004"
SALES = "sales@ccc-rel"
TIED_SEED = {
    "instances": {
        INSTANCE: {
            "contact_flows": {"flow-main": "Main IVR"},
            "skill_groups": {SALES: "Sales"},
            "numbers": [
                {"number": KEEP, "usage": "Inbound"},
                {"number": FLOW, "usage": "Inbound", "contact_flow_id": "flow-main"},
                {"number": GROUP, "usage": "Outbound", "skill_groups": [SALES]},
                {"number": FREE, "usage": "Bidirection"},
            ],
        }
    },
}


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def many_seed(count):
    return {
        "generate_pool": {"prefix": "0571", "count": count},
        "instances": {INSTANCE: {"generate_bound": {"count": count, "usage": "Inbound"}}},
    }


def run(emulator, tmp_path, task, check=False):
    """The task on the instance each test has just reset (which zeroes the counters too)."""
    outcome = run_playbook(dict(task, instance_id=INSTANCE, **connection(emulator.url)), tmp_path, check=check)
    calls = emulator.counters()["calls"]
    return outcome.result, calls, "\n%s\n%s" % (calls, outcome.describe()[:2500])


def wrote(calls):
    return sum(calls.get(action, 0) for action in WRITES)


@pytest.mark.parametrize("check", [True, False], ids=["check-mode", "real-run"])
def test_removal_purge_without_force_over_tied_numbers_is_refused_with_no_write_naming_them(emulator, tmp_path, check):
    emulator.reset(TIED_SEED)
    result, calls, why = run(emulator, tmp_path, {"numbers": [KEEP], "purge": True}, check=check)
    assert result["failed"] and result["error"]["code"] == "InvalidOption", why
    assert (
        "2 number(s) to unbind are tied to a contact flow or skill groups, which RemovePhoneNumbers refuses to "
        "break without force=true: %s (contact flow flow-main), %s (skill group %s); set force=true"
        % (FLOW, GROUP, SALES)
    ) in result["msg"], why
    assert calls == {"ListPhoneNumbers": 1} and sorted(emulator.bound()) == [KEEP, FLOW, GROUP, FREE], why


def test_removal_purge_with_force_unbinds_every_tied_number(emulator, tmp_path):
    emulator.reset(TIED_SEED)
    result, calls, why = run(emulator, tmp_path, {"numbers": [KEEP], "purge": True, "force": True})
    assert not result["failed"] and result["removed"] == [FLOW, GROUP, FREE], why
    assert calls == {"ListPhoneNumbers": 1, "RemovePhoneNumbers": 1} and sorted(emulator.bound()) == [KEEP], why


def test_removal_purge_with_numbers_left_out_sends_nothing(emulator, tmp_path):
    emulator.reset(TIED_SEED)
    result, calls, why = run(emulator, tmp_path, {"purge": True, "force": True})
    assert result["failed"] and result["error"]["code"] == "InvalidOption", why
    assert "purge=true needs numbers (or bindings)" in result["msg"] and "numbers=[]" in result["msg"], why
    assert calls == {} and len(emulator.bound()) == 4, why


def test_removal_purge_with_an_empty_list_and_force_unbinds_everything(emulator, tmp_path):
    emulator.reset(TIED_SEED)
    result, calls, why = run(emulator, tmp_path, {"numbers": [], "purge": True, "force": True})
    assert not result["failed"] and result["removed"] == [KEEP, FLOW, GROUP, FREE], why
    assert calls == {"ListPhoneNumbers": 1, "RemovePhoneNumbers": 1} and emulator.bound() == {}, why


@pytest.mark.parametrize("check", [True, False], ids=["check-mode", "real-run"])
def test_removal_of_30_with_max_removals_20_is_refused_with_no_write(emulator, tmp_path, check):
    emulator.reset(many_seed(32))
    task = {"numbers": numbers(2), "purge": True, "max_removals": 20}
    result, calls, why = run(emulator, tmp_path, task, check=check)
    assert result["failed"] and result["error"]["code"] == "TooManyRemovals", why
    assert result["msg"] == (
        "TooManyRemovals: the plan would unbind 30 numbers, more than max_removals=20 allows, so nothing was "
        "changed: %s and 25 more. Review the plan with --check --diff; if it is right, raise max_removals"
        % ", ".join(numbers(5, 3))
    ), why
    assert calls == {"ListPhoneNumbers": 1} and len(emulator.bound()) == 32, why


@pytest.mark.parametrize("check", [True, False], ids=["check-mode", "real-run"])
def test_removal_of_25_with_max_removals_25_goes_through(emulator, tmp_path, check):
    emulator.reset(many_seed(27))
    task = {"numbers": numbers(2), "purge": True, "max_removals": 25}
    result, calls, why = run(emulator, tmp_path, task, check=check)
    assert not result["failed"] and result["removed"] == numbers(25, 3), why
    assert wrote(calls) == (0 if check else 1), why
    assert sorted(emulator.bound()) == (numbers(27) if check else numbers(2)), why
