# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The do-not-call results: what changed, the diff and the info module's entries, rendered by the shared report."""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import do_not_call_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_plan import make_plan
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_reader import DoNotCallListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_report import DoNotCallReport, info_result
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Facts, settle
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import do_not_call_input

A, B, C = "13900000001", "13900000002", "13900000003"


def item(number, remark=None):
    return {"Number": number, "Remark": remark, "Scope": "INSTANCE", "Creator": "agent", "CreatedTime": 1}


def report_for(items, facts=None, **task):
    desired = do_not_call_from_params(do_not_call_input(**task))
    before = DoNotCallListing({i["Number"]: i for i in items}, len(items))
    plan = make_plan(desired, before.entries)
    return DoNotCallReport(desired, before, plan, None if facts is None else settle(plan, facts, {}))


def test_check_mode_lists_changes_in_task_order_and_the_diff_shows_remarks():
    report = report_for([item(A, "Complaint"), item(B)], numbers=[C, A], remark="CRM", purge=True)
    result = report.result(with_diff=True)
    assert (result["changed"], result["added"], result["removed"]) == (True, [C], [B])
    assert result["diff"]["before"] == "%-20s remark=Complaint\n%-20s remark=-\n" % (A, B)
    assert result["diff"]["after"] == "%-20s remark=Complaint\n%-20s remark=CRM\n" % (A, C)
    assert "diff" not in report.result(with_diff=False) and report.error() is None


def test_a_run_that_stopped_says_what_it_had_added_and_removed():
    facts = Facts()
    facts.answered.add(C)
    facts.error = RuntimeError("stopped")
    error, context = report_for([item(B)], facts, numbers=[C], purge=True).error()
    assert context == "stopped part-way, having added 1, removed 0"


def test_the_info_result_lists_entries_by_number_with_every_field():
    listing = DoNotCallListing({B: item(B), A: item(A, "Complaint")}, 2)
    assert info_result(listing, 2) == {
        "changed": False,
        "do_not_call_numbers": [
            {"number": A, "remark": "Complaint", "scope": "INSTANCE", "creator": "agent", "created_time": 1},
            {"number": B, "remark": None, "scope": "INSTANCE", "creator": "agent", "created_time": 1},
        ],
        "total_count": 2,
    }
