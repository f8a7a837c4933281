# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Skill-group membership under every fault the emulator injects on the two membership calls.

One task binds a new number and puts it and two bound numbers into two skill groups (two joins), and
takes a fourth number out of every group (one leave). Each case breaks one membership call and pins
its one outcome: the calls made (a refusal is retried, a write in doubt is settled by reading back and
sent again only when it did not apply), and a result that says exactly which memberships changed.
"""

from __future__ import annotations

import pytest
from _harness import INSTANCE, connection, run_playbook

SALES, SUPPORT, NIGHT = "sales@ccc-rel", "support@ccc-rel", "night@ccc-rel"
A, B, C, D = "057100000001", "057100000002", "057100000003", "057100000004"
INITIAL = {A: [SALES], B: [], C: [NIGHT]}
DESIRED = {A: [SALES, SUPPORT], B: [SALES, SUPPORT], C: [], D: [SALES, SUPPORT]}
CLEAN = {"AddNumbersToSkillGroup": 2, "RemovePhoneNumbersFromSkillGroup": 1}
TIMEOUT = 2
TASK = {
    "instance_id": INSTANCE,
    "bindings": [
        {"numbers": [A, B, D], "usage": "Inbound", "skill_group_ids": [SUPPORT, SALES]},
        {"numbers": [C], "skill_group_ids": []},
    ],
}
SEED = {
    "pool": [A, B, C, D],
    "instances": {
        INSTANCE: {
            "skill_groups": {SALES: "Sales", SUPPORT: "Support", NIGHT: "Night"},
            "numbers": [{"number": n, "usage": "Inbound", "skill_groups": groups} for n, groups in INITIAL.items()],
        }
    },
}

# fault -> (emulator rule without "action", extra calls of the faulted action, ListPhoneNumbers calls)
FAULTS = {
    # refusals: nothing applied, so the client sends them again itself
    "throttle-twice": ({"kind": "throttle", "count": 2, "retry_after_ms": 50}, 2, 1),
    "503-once": ({"kind": "unavailable", "count": 1}, 1, 1),
    # in doubt: read back once; sent again only because the emulator did not apply it
    "500-once": ({"kind": "internal", "count": 1}, 1, 2),
    "non-json": ({"kind": "non_json", "count": 1}, 1, 2),
    # in doubt but applied: reading back shows it done, so it is not sent again
    "lost-reply": ({"kind": "lost_reply", "count": 1}, 0, 2),
    "slow-reply": ({"kind": "slow", "count": 1, "delay_ms": (TIMEOUT + 1.5) * 1000}, 0, 2),
}
CASES = [(action, fault) for action in CLEAN for fault in FAULTS]


def memberships(emulator) -> dict:
    numbers = emulator.state()["instances"][INSTANCE]["numbers"]
    return {item["number"]: sorted(item["skill_groups"]) for item in numbers}


def changes(before: dict, after: dict) -> list:
    """The skill_group_changes a result should show for going from ``before`` to ``after``."""
    found = []
    for number in (A, B, D, C):  # the order the task names them
        old, new = set(before.get(number, ())), set(after.get(number, ()))
        if old != new:
            found.append({"number": number, "joined": sorted(new - old), "left": sorted(old - new)})
    return found


@pytest.mark.parametrize("action,fault", CASES, ids=["%s-%s" % case for case in CASES])
def test_membership_fault_converges_with_pinned_calls(emulator, tmp_path, action, fault):
    rule, extra, lists = FAULTS[fault]
    emulator.reset(SEED)
    emulator.add_faults([dict(rule, action=action)])
    run = run_playbook(dict(TASK, **connection(emulator.url, timeout=TIMEOUT, max_retries=3)), tmp_path)
    emulator.clear_faults()
    calls = emulator.counters()["calls"]
    why = "\n%s\ncalls: %s" % (run.describe()[:3000], calls)

    assert not run.result["failed"], why
    assert memberships(emulator) == DESIRED, why
    assert run.result["skill_group_changes"] == changes(INITIAL, DESIRED), why
    assert run.result["added"] == [D], why
    expected = dict(CLEAN, ListPhoneNumbers=lists, AddPhoneNumbers=1)
    expected[action] += extra
    assert {name: calls.get(name, 0) for name in expected} == expected, why


def test_clean_run_then_rerun_is_one_call(emulator, tmp_path):
    emulator.reset(SEED)
    first = run_playbook(dict(TASK, **connection(emulator.url)), tmp_path / "first")
    assert not first.result["failed"] and memberships(emulator) == DESIRED, first.describe()
    emulator.reset_counters()
    again = run_playbook(dict(TASK, **connection(emulator.url)), tmp_path / "again")
    assert not again.result["changed"] and again.result["skill_group_changes"] == [], again.describe()
    assert emulator.counters()["total_calls"] == 1


def test_unknown_skill_group_fails_with_the_apis_code_and_reports_what_changed(emulator, tmp_path):
    emulator.reset(SEED)
    task = dict(TASK, bindings=[{"numbers": [A, B, D], "usage": "Inbound", "skill_group_ids": [SALES, "nope@ccc-rel"]}])
    run = run_playbook(dict(task, **connection(emulator.url)), tmp_path)
    result, final = run.result, memberships(emulator)
    why = "\n%s\nfinal: %s" % (run.describe()[:3000], final)
    assert result["failed"], why
    assert result["error"]["code"] == "NotExists.SkillGroupId" and result["error"]["request_id"], why
    assert D in final and result["added"] == [D], "the new number must stay bound and be reported" + why
    assert result["skill_group_changes"] == changes(INITIAL, final), why
    assert result["changed"] is True, why


def test_a_number_in_a_skill_group_is_only_unbound_with_force(emulator, tmp_path):
    emulator.reset(SEED)
    args = dict(instance_id=INSTANCE, numbers=[A], state="absent", **connection(emulator.url))
    refused = run_playbook(args, tmp_path / "refused")
    assert refused.result["failed"] and refused.result["error"]["code"] == "InvalidOption", refused.describe()
    assert "%s (skill group %s); set force=true" % (A, SALES) in refused.result["msg"], refused.describe()
    assert A in memberships(emulator)  # refused before any write
    forced = run_playbook(dict(args, force=True), tmp_path / "forced")
    assert not forced.result["failed"] and forced.result["removed"] == [A], forced.describe()
    assert A not in memberships(emulator)
