# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""One run end to end on the emulator: read, plan, send, read back what is in doubt, settle, send again."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import (
    IncompleteListing,
    TooManyRemovals,
    ValidationError,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    NOT_ADDED_LIKELY,
    NOT_ADDED_TAKEN,
    UNCONFIRMED,
)
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import Emulated, seed
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import run_task

SALES, SUPPORT = "sales@ccc-test", "support@ccc-test"
A, B, C = "057100000001", "057100000002", "057100000003"


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def run(api, check_mode=False, **overrides):
    return run_task(api, check_mode, **overrides)


def verdict_of(api, check_mode=False, **overrides):
    result, report = run_task(api, check_mode, **overrides)
    return result, report.verdict


def unconfirmed(verdict):
    return {n for n, why in verdict.failed.items() if why == UNCONFIRMED}


def test_adding_numbers_within_a_batch_takes_one_list_and_one_add():
    api = Emulated(pool=numbers(50))
    result, _report = run(api, numbers=numbers(50), usage="Inbound")
    assert (api.count("ListPhoneNumbers"), api.count("AddPhoneNumbers")) == (1, 1)
    assert result["changed"] and result["added"] == numbers(50)


def test_an_empty_list_without_purge_makes_no_call():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(5)])
    result, _report = run(api, numbers=[], usage="Inbound")
    assert api.calls == [] and not result["changed"] and result["phone_numbers"] == []


def test_no_op_on_a_small_instance_takes_one_call():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(100)])
    result, _report = run(api, numbers=numbers(100), usage="Inbound", purge=True)
    assert len(api.calls) == 1 and not result["changed"]


def test_no_op_on_three_named_numbers_in_a_big_instance_takes_at_most_four_calls():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(10000)])
    named = [numbers(1, 5000)[0], numbers(1, 7777)[0], numbers(1, 9999)[0]]
    result, _report = run(api, numbers=named, usage="Inbound")
    assert len(api.calls) <= 4 and not result["changed"]
    assert [p["number"] for p in result["phone_numbers"]] == named


def test_purge_past_the_reach_of_one_listing_removes_exactly_the_unnamed_number():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(10001)])
    result, _report = run(api, numbers=numbers(10000), usage="Inbound", purge=True)
    assert result["removed"] == numbers(1, 10001) and sorted(api.bound) == numbers(10000)


def test_lost_add_reply_is_settled_by_reading_not_by_resending():
    api = Emulated(pool=numbers(3))
    api.fault("AddPhoneNumbers", "lost_reply", count=1)
    result, report = run(api, numbers=numbers(3), usage="Inbound")
    assert api.count("AddPhoneNumbers") == 1
    assert result["added"] == numbers(3) and not result["failed_numbers"] and not report.failures


def test_lost_modify_reply_that_did_not_apply_is_sent_again_after_reading():
    api = Emulated(bound=[(numbers(1)[0], "Outbound", "")]).fault("ModifyPhoneNumber", "lost_request", count=1)
    result, report = run(api, numbers=numbers(1), usage="Inbound")
    assert api.count("ModifyPhoneNumber") == 2 and api.bound[numbers(1)[0]].usage == "Inbound"
    assert [m["number"] for m in result["modified"]] == numbers(1) and not report.failures


def test_a_flow_the_api_kept_fails_the_number_instead_of_reporting_a_change():
    api = Emulated(bound=[(numbers(1)[0], "Inbound", "flow-a")]).fault("ModifyPhoneNumber", "keep_flow")
    result, report = run(api, numbers=numbers(1), usage="Outbound")
    assert "did not clear the flow" in report.failures[numbers(1)[0]] and "flow-a" in report.failures[numbers(1)[0]]
    assert result["modified"] == [] and result["failed_numbers"] == numbers(1)
    assert result["phone_numbers"][0]["contact_flow_id"] == "flow-a"


class TiedBeforeRemoval:
    """The API of ``api``, where ``number`` gets a tie the listing cannot show (as an agent's) after it was
    read and before RemovePhoneNumbers is served, so that the API, not the planner, refuses it."""

    def __init__(self, api, number):
        self.api, self.number = api, number

    def call(self, action, params, write):
        if action == "RemovePhoneNumbers":
            self.api.bound[self.number].contact_flow_id = "flow-a"
        return self.api.call(action, params, write)


def test_numbers_refused_in_a_failure_list_are_reported_as_failed():
    api = Emulated(bound=[(numbers(1)[0], "Inbound", ""), (numbers(1, 2)[0], "Inbound", "")])
    api.fault("*", "old_shapes")
    result, report = run(TiedBeforeRemoval(api, numbers(1)[0]), numbers=numbers(2), state="absent")
    assert result["removed"] == numbers(1, 2) and list(report.failures) == numbers(1)
    assert "needs force=true" in report.failures[numbers(1)[0]]


# --- removals that cannot surprise (issue #22) ------------------------------------------------------

WRITES = ("AddPhoneNumbers", "ModifyPhoneNumber", "RemovePhoneNumbers", "RemovePhoneNumbersFromSkillGroup")


def writes(api):
    return sum(api.count(action) for action in WRITES)


def tied_instance():
    """Two untied numbers, one answered by a flow, one in a skill group."""
    return Emulated(
        bound=[
            (A, "Inbound", ""),
            (B, "Inbound", "flow-a"),
            (C, "Outbound", "", [SALES]),
            (numbers(1, 4)[0], "Inbound", ""),
        ],
        skill_groups=[SALES],
    )


@pytest.mark.parametrize("check_mode", [True, False], ids=["check-mode", "real-run"])
def test_purge_without_force_over_tied_numbers_is_refused_with_no_write_naming_them(check_mode):
    api = tied_instance()
    with pytest.raises(ValidationError) as refused:
        run(api, check_mode=check_mode, numbers=[A], purge=True)
    assert "%s (contact flow flow-a), %s (skill group %s)" % (B, C, SALES) in refused.value.message
    assert "force=true" in refused.value.message and numbers(1, 4)[0] not in refused.value.message
    assert [action for action, _params in api.calls] == ["ListPhoneNumbers"] and len(api.bound) == 4


def test_purge_with_force_unbinds_every_tied_number():
    api = tied_instance()
    result, report = run(api, numbers=[A], purge=True, force=True)
    assert result["removed"] == [B, C, numbers(1, 4)[0]] and not report.failures and sorted(api.bound) == [A]
    assert [action for action, _params in api.calls] == ["ListPhoneNumbers", "RemovePhoneNumbers"]


def test_purge_with_numbers_left_out_sends_nothing_and_an_empty_list_with_force_unbinds_everything():
    api = tied_instance()
    with pytest.raises(ValidationError, match="purge=true needs numbers"):
        run(api, purge=True, force=True)
    assert api.calls == []
    result, _report = run(api, numbers=[], purge=True, force=True)
    assert len(result["removed"]) == 4 and not api.bound


@pytest.mark.parametrize("check_mode", [True, False], ids=["check-mode", "real-run"])
@pytest.mark.parametrize("count, limit, refused", [(30, 20, True), (25, 25, False)], ids=["30-over-20", "25-at-25"])
def test_max_removals_refuses_more_removals_with_no_write_and_lets_as_many_through(check_mode, count, limit, refused):
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(count + 2)])
    task = dict(numbers=numbers(2), purge=True, max_removals=limit)
    if refused:
        with pytest.raises(TooManyRemovals) as raised:
            run(api, check_mode=check_mode, **task)
        assert raised.value.message.startswith(
            "the plan would unbind 30 numbers, more than max_removals=20 allows, so nothing was changed: "
            "%s and 25 more" % ", ".join(numbers(5, 3))
        )
        assert writes(api) == 0 and len(api.bound) == count + 2
        return
    result, _report = run(api, check_mode=check_mode, **task)
    assert result["removed"] == numbers(count, 3)
    assert writes(api) == (0 if check_mode else 1) and len(api.bound) == (count + 2 if check_mode else 2)


# --- a listing that changes while it is read (issue #22) ----------------------------------------------

NEW = "057100000000"  # sorts first: a number bound at the head of the list


@pytest.mark.parametrize("kind", ["insert_number", "drop_number"], ids=["added-at-head", "removed-at-head"])
def test_purge_over_a_list_that_changed_between_pages_reads_it_again_and_converges_exactly(kind):
    """250 numbers, three pages; a number is bound (or unbound) at the head between page 1 and the next
    page. The first read is refused by its counts, the second is whole: purge means exactly these numbers."""
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(250)])
    api.fault("ListPhoneNumbers", kind, number=NEW if kind == "insert_number" else None, after=1, count=1)
    keep = numbers(249, 2)  # every number but the first, which is the one dropped by drop_number
    result, report = run(api, numbers=keep, usage="Inbound", purge=True)
    assert api.count("ListPhoneNumbers") == 6 and api.count("AddPhoneNumbers") == 0
    assert result["removed"] == ([NEW, numbers(1)[0]] if kind == "insert_number" else [])
    assert sorted(api.bound) == keep and not report.failures


def test_purge_over_a_list_that_changes_during_every_read_is_refused_with_no_write():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(250)])
    api.fault("ListPhoneNumbers", "insert_number", fraction=1 / 3.0)  # every third page: once in each read
    with pytest.raises(IncompleteListing) as refused:
        run(api, numbers=numbers(250), usage="Inbound", purge=True)
    assert refused.value.message.startswith(
        "purge refused, nothing was changed: instance ccc-test: the list changed during each of 3 reads; the last "
        "time, the listing: the API counted"
    )
    assert api.count("ListPhoneNumbers") == 9 and len(api.calls) == 9


def test_a_number_pushed_off_the_last_page_is_not_bound_again():
    """Without the check, the last number, pushed past page 2 by a number bound at the head, would be
    taken as unbound and sent to AddPhoneNumbers again."""
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(200)])
    api.fault("ListPhoneNumbers", "insert_number", number=NEW, after=1, count=1)
    result, _report = run(api, numbers=[numbers(1)[0], numbers(1, 200)[0]], usage="Inbound")
    assert api.count("ListPhoneNumbers") == 5 and writes(api) == 0 and not result["changed"]


# --- skill groups ---------------------------------------------------------------------------------


def test_three_new_numbers_join_two_groups_with_one_call_each_and_a_rerun_is_one_call():
    api = Emulated(pool=[A, B, C], skill_groups=[SALES, SUPPORT])
    task = dict(numbers=[A, B, C], usage="Inbound", skill_group_ids=[SALES, SUPPORT])
    predicted, _report = run(api, check_mode=True, **task)
    assert api.count("ListPhoneNumbers") == len(api.calls) == 1
    result, _report = run(api, **task)
    assert sorted(api.sent("AddNumbersToSkillGroup")) == [(SALES, [A, B, C]), (SUPPORT, [A, B, C])]
    assert [api.memberships(n) for n in (A, B, C)] == [[SALES, SUPPORT]] * 3
    assert (
        result["skill_group_changes"]
        == predicted["skill_group_changes"]
        == [{"number": n, "joined": [SALES, SUPPORT], "left": []} for n in (A, B, C)]
    )
    assert result["diff"] == predicted["diff"] and "skill_groups=%s,%s" % (SALES, SUPPORT) in result["diff"]["after"]
    assert [p["skill_group_ids"] for p in result["phone_numbers"]] == [[SALES, SUPPORT]] * 3
    assert "skill_groups" not in result["phone_numbers"][0]  # names are details: the info module has them
    api.calls.clear()
    again, _report = run(api, **task)
    assert len(api.calls) == 1 and not again["changed"] and again["skill_group_changes"] == []


def test_narrowing_is_one_batched_remove_and_empty_takes_only_named_numbers_out():
    api = Emulated(bound=[(n, "Inbound", "", [SALES, SUPPORT]) for n in (A, B, C)], skill_groups=[SALES, SUPPORT])
    result, _report = run(api, numbers=[A, B, C], skill_group_ids=[SALES])
    assert api.sent("RemovePhoneNumbersFromSkillGroup") == [(SUPPORT, [A, B, C])]
    assert result["changed"] and result["modified"] == [] and result["added"] == []
    api.calls.clear()
    run(api, numbers=[A, B], skill_group_ids=[])
    assert api.sent("RemovePhoneNumbersFromSkillGroup") == [(SALES, [A, B])]
    assert [api.memberships(n) for n in (A, B, C)] == [[], [], [SALES]]


def test_unknown_skill_group_fails_with_its_code_and_the_new_number_stays_bound():
    api = Emulated(pool=[A], skill_groups=[SALES, SUPPORT])
    result, verdict = verdict_of(api, numbers=[A], usage="Outbound", skill_group_ids=["nope@ccc-test"])
    assert verdict.error.code == "NotExists.SkillGroupId" and verdict.error.request_id
    assert result["added"] == [A] and result["skill_group_changes"] == [] and result["changed"]
    assert A in api.bound and api.memberships(A) == []
    assert result["phone_numbers"][0]["skill_group_ids"] == []


@pytest.mark.parametrize("applied", [True, False], ids=["applied", "not-applied"])
def test_a_lost_membership_reply_is_settled_by_reading_back(applied):
    api = Emulated(bound=[(A, "Inbound", ""), (B, "Inbound", "")], skill_groups=[SALES])
    api.fault("AddNumbersToSkillGroup", "lost_reply" if applied else "lost_request", count=1)
    result, outcome = verdict_of(api, numbers=[A, B], skill_group_ids=[SALES])
    assert api.count("AddNumbersToSkillGroup") == (1 if applied else 2)
    assert api.count("ListPhoneNumbers") == 2
    assert unconfirmed(outcome) == set() and outcome.error is None
    assert [api.memberships(n) for n in (A, B)] == [[SALES], [SALES]]
    assert result["skill_group_changes"] == [{"number": n, "joined": [SALES], "left": []} for n in (A, B)]


def test_a_lost_add_reply_still_joins_the_number_once_it_is_read_back_bound():
    api = Emulated(pool=[A], skill_groups=[SALES, SUPPORT])
    api.fault("AddPhoneNumbers", "lost_reply", count=1)
    result, outcome = verdict_of(api, numbers=[A], usage="Inbound", skill_group_ids=[SALES])
    assert api.sent("AddNumbersToSkillGroup") == [(SALES, [A])]
    assert api.count("AddPhoneNumbers") == 1
    assert api.memberships(A) == [SALES] and unconfirmed(outcome) == set()
    assert result["added"] == [A] and result["skill_group_changes"] == [{"number": A, "joined": [SALES], "left": []}]


def test_switching_to_outbound_sends_an_empty_flow_and_reads_the_number_back():
    api = Emulated(bound=[(numbers(1)[0], "Inbound", "flow-a")])
    result, report = run(api, numbers=numbers(1), usage="Outbound")
    assert [called for called, _params in api.calls] == ["ListPhoneNumbers", "ModifyPhoneNumber", "ListPhoneNumbers"]
    assert result["phone_numbers"][0]["contact_flow_id"] is None and not report.failures
    assert api.bound[numbers(1)[0]].contact_flow_id is None


def test_check_mode_writes_nothing_and_predicts_the_real_run():
    api = Emulated(bound=[(numbers(1)[0], "Outbound", ""), (numbers(1, 9)[0], "Inbound", "")], pool=numbers(3))
    options = dict(numbers=numbers(3), usage="Bidirection", purge=True)
    predicted, _report = run(api, check_mode=True, **options)
    assert all(called == "ListPhoneNumbers" for called, _params in api.calls)
    real, _report = run(api, **options)
    for key in ("changed", "added", "modified", "removed", "phone_numbers"):
        assert predicted[key] == real[key], key
    assert predicted["diff"] == real["diff"]


def test_a_write_that_stops_the_run_is_reported_with_what_was_done_before_it():
    api = Emulated(pool=numbers(300)).fault("AddPhoneNumbers", "error", code="Parameter.Maximum", after=1, count=1)
    result, report = run(api, numbers=numbers(300), usage="Inbound", max_concurrency=1)
    error, context = report.error()
    assert (
        error.code == "Parameter.Maximum"
        and context == "stopped part-way, having added 100, modified 0, removed 0, changed skill groups of 0"
    )
    assert result["added"] == numbers(100) and result["changed"] and sorted(api.bound) == numbers(100)


# --- why AddPhoneNumbers refused a number (issue #25) ------------------------------------------------

NOT_OURS = "057199999999"  # a number the account does not own
ELSEWHERE = "057188888888"  # a number of the account, bound to another instance


def with_another_instance(pool=(), elsewhere=(ELSEWHERE,)):
    document = seed(pool=pool)
    document["instances"]["ccc-other"] = {"numbers": [{"number": n, "usage": "Inbound"} for n in elsewhere]}
    return Emulated(document=document)


def test_a_refused_number_is_looked_up_among_the_unassigned_ones_and_the_failure_says_why():
    api = with_another_instance(pool=[A])
    result, report = run(api, numbers=[A, NOT_OURS, ELSEWHERE], usage="Inbound")
    assert result["added"] == [A] and result["failed_numbers"] == [ELSEWHERE, NOT_OURS]
    assert report.failures == {NOT_OURS: NOT_ADDED_TAKEN, ELSEWHERE: NOT_ADDED_TAKEN}
    error, _context = report.error()
    assert error.code == "NotConverged" and "%s: %s" % (NOT_OURS, NOT_ADDED_TAKEN) in error.message
    assert sorted(sent["SearchPattern"] for action, sent in api.calls if action == "ListUnassignedNumbers") == [
        ELSEWHERE,
        NOT_OURS,
    ]


def test_only_the_refusals_the_message_names_are_looked_up_and_a_run_without_one_looks_up_none():
    refused = ["0571999999%02d" % i for i in range(12)]
    api = with_another_instance(pool=[A])
    _result, report = run(api, numbers=refused, usage="Inbound")
    assert api.count("ListUnassignedNumbers") == 10
    assert [report.failures[n] for n in refused] == [NOT_ADDED_TAKEN] * 10 + [NOT_ADDED_LIKELY] * 2
    assert "(and 2 more)" in report.error()[0].message
    api.calls.clear()
    run(api, numbers=[A], usage="Inbound")
    assert api.count("ListUnassignedNumbers") == 0


def test_a_look_up_that_fails_leaves_both_likely_causes_and_the_same_outcome():
    api = with_another_instance(pool=[A]).fault("ListUnassignedNumbers", "error", code="Forbidden.RAM", status=403)
    result, report = run(api, numbers=[A, NOT_OURS], usage="Inbound")
    assert result["added"] == [A] and report.failures == {NOT_OURS: NOT_ADDED_LIKELY}
    assert report.error()[0].code == "NotConverged"
