# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading and applying against an in-memory account that answers like the API (paging limits,
Data lists of failed numbers); faults are queued per action."""

from __future__ import annotations

import json

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._converge import converge
from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import Pace, desired_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import run_task
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.in_memory_api import Account


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def run(account, check_mode=False, **overrides):
    return run_task(account, check_mode, **overrides)


def test_adding_numbers_within_a_batch_takes_one_list_and_one_add():
    account = Account(pool=numbers(50))
    result, _report = run(account, numbers=numbers(50), usage="Inbound")
    assert (account.count("ListPhoneNumbers"), account.count("AddPhoneNumbers")) == (1, 1)
    assert result["changed"] and result["added"] == numbers(50)


def test_an_empty_list_without_purge_makes_no_call():
    account = Account(bound=[(n, "Inbound", "") for n in numbers(5)])
    result, _report = run(account, numbers=[], usage="Inbound")
    assert account.calls == [] and not result["changed"] and result["phone_numbers"] == []


def test_no_op_on_a_small_instance_takes_one_call():
    account = Account(bound=[(n, "Inbound", "") for n in numbers(100)])
    result, _report = run(account, numbers=numbers(100), usage="Inbound", purge=True)
    assert len(account.calls) == 1 and not result["changed"]


def test_no_op_on_three_named_numbers_in_a_big_instance_takes_at_most_four_calls():
    account = Account(bound=[(n, "Inbound", "") for n in numbers(10000)])
    named = [numbers(1, 5000)[0], numbers(1, 7777)[0], numbers(1, 9999)[0]]
    result, _report = run(account, numbers=named, usage="Inbound")
    assert len(account.calls) <= 4 and not result["changed"]
    assert [p["number"] for p in result["phone_numbers"]] == named


@pytest.mark.parametrize("number", [numbers(1, 5000)[0], numbers(1, 20000)[0]], ids=["bound", "not-bound"])
def test_one_named_number_in_a_big_instance_takes_one_search(number):
    account = Account(bound=[(n, "Inbound", "") for n in numbers(10000)])
    result, _report = run(account, numbers=[number], usage="Inbound", check_mode=True)
    assert [(action, sent.get("SearchPattern")) for action, sent in account.calls] == [("ListPhoneNumbers", number)]
    assert result["changed"] is (number not in account.bound)
    assert [p["number"] for p in result["phone_numbers"]] == [number]


def test_one_number_found_among_longer_matches_on_a_later_page():
    # SearchPattern is a substring match: longer numbers that contain the named one come first.
    longer = ["0%s%03d" % ("057100000001", i) for i in range(150)]  # sorted before it
    account = Account(bound=[(n, "Inbound", "") for n in longer + ["057100000001"]])
    result, _report = run(account, numbers=["057100000001"], usage="Inbound")
    assert not result["changed"] and account.count("ListPhoneNumbers") == 2
    assert [p["number"] for p in result["phone_numbers"]] == ["057100000001"]


def test_named_lookup_lists_pages_when_that_is_cheaper_than_searching():
    account = Account(bound=[(n, "Inbound", "") for n in numbers(300)])
    run(account, numbers=numbers(50, 120), usage="Inbound")
    assert account.count("ListPhoneNumbers") == 3
    assert not any("SearchPattern" in sent for _action, sent in account.calls)


def test_purge_past_the_reach_of_one_listing_removes_exactly_the_unnamed_number():
    account = Account(bound=[(n, "Inbound", "") for n in numbers(10001)])
    result, _report = run(account, numbers=numbers(10000), usage="Inbound", purge=True)
    assert result["removed"] == numbers(1, 10001) and sorted(account.bound) == numbers(10000)


def test_batches_split_adds_and_removes():
    account = Account(pool=numbers(250))
    run(account, numbers=numbers(250), usage="Outbound", batch_size=100)
    assert account.count("AddPhoneNumbers") == 3
    run(account, numbers=[], purge=True, batch_size=100)
    assert account.count("RemovePhoneNumbers") == 3 and not account.bound


def test_partial_add_failure_names_the_numbers_and_reports_what_succeeded():
    account = Account(pool=numbers(2))
    result, report = run(account, numbers=numbers(3), usage="Inbound")
    assert result["changed"] and result["added"] == numbers(2)
    assert result["failed_numbers"] == numbers(1, 3)
    error, context = report.error()
    assert error.code == "NotConverged" and context is None
    assert numbers(1, 3)[0] in error.message and "added 2" in error.message


def test_lost_add_reply_is_settled_by_reading_not_by_resending():
    account = Account(pool=numbers(3))
    account.faults["AddPhoneNumbers"] = ["lost"]
    result, report = run(account, numbers=numbers(3), usage="Inbound")
    assert account.count("AddPhoneNumbers") == 1
    assert result["added"] == numbers(3) and not result["failed_numbers"] and not report.failures


def test_lost_modify_reply_that_did_not_apply_is_sent_again_after_reading():
    account = Account(bound=[(numbers(1)[0], "Outbound", "")])
    calls = []
    original = account.ModifyPhoneNumber

    def drop_first(p):
        calls.append(p)
        if len(calls) == 1:
            raise CCCWriteOutcomeUnknown(code=None, message="timeout", request_id=None, http_status=None)
        return original(p)

    account.ModifyPhoneNumber = drop_first
    result, report = run(account, numbers=numbers(1), usage="Inbound")
    assert len(calls) == 2 and account.bound[numbers(1)[0]]["Usage"] == "Inbound"
    assert [m["number"] for m in result["modified"]] == numbers(1) and not report.failures


def test_api_error_stops_further_writes_and_keeps_what_was_done():
    account = Account(pool=numbers(300))
    account.faults["AddPhoneNumbers"] = [
        None,
        CCCError(code="Parameter.Maximum", message="too many", request_id="r1", http_status=400),
    ]
    desired = desired_from_params(dict(instance_id="ccc-test", numbers=numbers(300), usage="Inbound", state="present"))
    verdict = converge(account, desired, Pace(100, 1), check_mode=False).verdict
    assert verdict.error.code == "Parameter.Maximum"
    assert verdict.confirmed == set(numbers(100)) and account.count("AddPhoneNumbers") == 2


def test_check_mode_writes_nothing_and_predicts_the_real_run():
    account = Account(bound=[(numbers(1)[0], "Outbound", ""), (numbers(1, 9)[0], "Inbound", "")], pool=numbers(3))
    options = dict(numbers=numbers(3), usage="Bidirection", purge=True)
    predicted, _report = run(account, check_mode=True, **options)
    assert all(called == "ListPhoneNumbers" for called, _params in account.calls)
    real, _report = run(account, **options)
    for key in ("changed", "added", "modified", "removed", "phone_numbers"):
        assert predicted[key] == real[key], key
    assert predicted["diff"] == real["diff"]


def test_result_without_bindings_still_says_what_changed():
    account = Account(bound=[(n, "Inbound", "") for n in numbers(3)], pool=numbers(5))
    desired = desired_from_params(
        dict(instance_id="ccc-test", numbers=numbers(4, 2), usage="Outbound", state="present", purge=True)
    )
    report = converge(account, desired, Pace(100, 8), check_mode=False)
    full = report.result(with_diff=True, with_bindings=True)
    lean = report.result(with_diff=True, with_bindings=False)
    assert "phone_numbers" not in lean and len(full["phone_numbers"]) == 4
    assert {k: v for k, v in full.items() if k != "phone_numbers"} == lean
    assert lean["removed"] == numbers(1) and lean["added"] == numbers(2, 4)
    assert [m["number"] for m in lean["modified"]] == numbers(2, 2)


def test_diff_shows_each_number_in_scope_before_and_after():
    account = Account(bound=[(numbers(1)[0], "Outbound", "")])
    result, _report = run(account, numbers=numbers(1), usage="Inbound", contact_flow_id="flow-a")
    assert "usage=Outbound" in result["diff"]["before"]
    assert "usage=Inbound" in result["diff"]["after"] and "flow-a" in result["diff"]["after"]


class StickyFlowAccount(Account):
    """An API that ignores an empty ContactFlowId, which the docs leave open."""

    def ModifyPhoneNumber(self, p):
        item = self.bound[p["Number"]]
        item["Usage"] = p["Usage"]
        if p.get("ContactFlowId"):
            item["ContactFlowId"] = p["ContactFlowId"]
        return {"Data": None}


def test_switching_to_outbound_sends_an_empty_flow_and_reads_the_number_back():
    account = Account(bound=[(numbers(1)[0], "Inbound", "flow-a")])
    result, report = run(account, numbers=numbers(1), usage="Outbound")
    modify = [params for called, params in account.calls if called == "ModifyPhoneNumber"]
    assert modify == [{"InstanceId": "ccc-test", "Number": numbers(1)[0], "Usage": "Outbound", "ContactFlowId": ""}]
    assert [called for called, _params in account.calls] == [
        "ListPhoneNumbers",
        "ModifyPhoneNumber",
        "ListPhoneNumbers",
    ]
    assert result["phone_numbers"][0]["contact_flow_id"] is None and not report.failures


def test_a_flow_the_api_kept_fails_the_number_instead_of_reporting_a_change():
    account = StickyFlowAccount(bound=[(numbers(1)[0], "Inbound", "flow-a")])
    result, report = run(account, numbers=numbers(1), usage="Outbound")
    assert "did not clear the flow" in report.failures[numbers(1)[0]] and "flow-a" in report.failures[numbers(1)[0]]
    assert result["modified"] == [] and result["failed_numbers"] == numbers(1)
    assert result["phone_numbers"][0]["contact_flow_id"] == "flow-a"


class OldShapesAccount(Account):
    """Replies in the shapes older API pages show: List and SkillGroups as one object, and the numbers
    RemovePhoneNumbers refused in FailureList beside a string Data."""

    tied = frozenset()

    def ListPhoneNumbers(self, p):
        reply = super().ListPhoneNumbers(p)
        items = reply["Data"]["List"]
        for item in items:
            item["SkillGroups"] = {"SkillGroupId": "sg-1", "Name": "sales"}
        reply["Data"]["List"] = items[0] if len(items) == 1 else {"PhoneNumber": items}
        return reply

    def RemovePhoneNumbers(self, p):
        refused = [n for n in json.loads(p["NumberList"]) if n in self.tied]
        for number in json.loads(p["NumberList"]):
            if number not in self.tied:
                self.bound.pop(number, None)
        return {"Data": "Success", "FailureList": refused}


def test_older_reply_shapes_are_read_like_todays():
    account = OldShapesAccount(bound=[(n, "Inbound", "") for n in numbers(3)])
    result, _report = run(account, numbers=numbers(2), usage="Inbound")
    assert not result["changed"] and [p["number"] for p in result["phone_numbers"]] == numbers(2)
    assert result["phone_numbers"][0]["skill_group_ids"] == ["sg-1"]
    result, _report = run(account, numbers=numbers(1, 3), usage="Inbound")
    assert [p["number"] for p in result["phone_numbers"]] == numbers(1, 3)


def test_numbers_refused_in_a_failure_list_are_reported_as_failed():
    account = OldShapesAccount(bound=[(n, "Inbound", "") for n in numbers(2)])
    account.tied = frozenset(numbers(1))
    result, report = run(account, numbers=numbers(2), state="absent")
    assert result["removed"] == numbers(1, 2) and list(report.failures) == numbers(1)


@pytest.mark.parametrize("size", [5, 300, 10001])
@pytest.mark.parametrize("wanted", [numbers(1, 3), numbers(2, 2)], ids=["one", "two"])
def test_find_keeps_the_callers_search_pattern_whatever_the_instance_size(size, wanted):
    account = Account(bound=[(n, "Inbound", "") for n in numbers(size)])
    for pattern in ("00002", "00003", "0571"):
        listing = Reader(account, "ccc-test", 8).find(wanted, {"SearchPattern": pattern})
        assert sorted(listing.bindings) == [n for n in wanted if pattern in n], pattern


def test_find_reports_the_apis_count_for_the_filters():
    account = Account(bound=[(n, "Inbound", "") for n in numbers(300)])
    reader = Reader(account, "ccc-test", 8)
    assert reader.find(numbers(2)).total == 300
    assert reader.find(numbers(1)).total is None and reader.count() == 300
