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


def test_unforced_removal_of_a_tied_number_is_refused_whole_before_any_write(emulator, tmp_path):
    """Once a partial failure (the untied number unbound, the tied one refused by the API); the listing
    shows the tie, so the task is refused whole before any write instead (issue #22)."""
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
    assert emulator.bound() == {KEPT: ("Inbound", ""), PLAIN: ("Inbound", ""), TIED: ("Inbound", "")}
    assert result["failed"] and run.rc != 0 and result["error"]["code"] == "InvalidOption", why
    assert "%s (skill group sg-sales); set force=true" % TIED in result["msg"] and PLAIN not in result["msg"], why
    assert not result.get("changed"), why
    assert emulator.counters()["calls"] == {"ListPhoneNumbers": 1}
