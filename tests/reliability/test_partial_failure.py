# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A 200 reply that lists failed numbers is a partial failure: the run fails, names the numbers, and
still reports what it did change (issue #5). Never a silent partial."""

from __future__ import annotations

from _harness import connection, run_playbook, seed

KEPT, PLAIN, TIED, NEW, FOREIGN = "057100000001", "057100000002", "057100000003", "057100000004", "057199999999"


def _numbers(items) -> set:
    return {item if isinstance(item, str) else item["number"] for item in items or ()}


def test_add_of_a_number_outside_the_pool_fails_and_reports_what_was_added(emulator, tmp_path):
    emulator.reset(seed({KEPT: "Inbound"}, pool=[NEW]))
    run = run_playbook(
        dict(
            {"instance_id": "ccc-rel", "numbers": [KEPT, NEW, FOREIGN], "usage": "Inbound"}, **connection(emulator.url)
        ),
        tmp_path,
    )
    result, why = run.result, "\n" + run.describe()
    assert emulator.bound() == {KEPT: ("Inbound", ""), NEW: ("Inbound", "")}
    assert result["failed"] and run.rc != 0, why
    assert FOREIGN in result.get("msg", ""), why
    assert _numbers(result.get("failed_numbers")) == {FOREIGN}, why
    assert result.get("changed") is True and _numbers(result.get("added")) == {NEW}, why


def test_unforced_removal_of_a_tied_number_fails_and_reports_what_was_removed(emulator, tmp_path):
    doc = seed({KEPT: "Inbound", PLAIN: "Inbound", TIED: "Inbound"})
    doc["instances"]["ccc-rel"]["skill_groups"] = {"sg-sales": "Sales"}
    for entry in doc["instances"]["ccc-rel"]["numbers"]:
        if entry["number"] == TIED:
            entry["skill_groups"] = ["sg-sales"]
    emulator.reset(doc)
    run = run_playbook(
        dict({"instance_id": "ccc-rel", "numbers": [PLAIN, TIED], "state": "absent"}, **connection(emulator.url)),
        tmp_path,
    )
    result, why = run.result, "\n" + run.describe()
    assert emulator.bound() == {KEPT: ("Inbound", ""), TIED: ("Inbound", "")}
    assert result["failed"] and run.rc != 0, why
    assert TIED in result.get("msg", "") and "force" in result.get("msg", "").lower(), why
    assert _numbers(result.get("failed_numbers")) == {TIED}, why
    assert result.get("changed") is True and _numbers(result.get("removed")) == {PLAIN}, why
