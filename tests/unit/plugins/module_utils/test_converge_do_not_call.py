# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""One ccc_do_not_call_numbers run end to end on the emulator, through the same ``converge`` as phone numbers:
read, plan, send, read back what is in doubt, settle, send again."""

from __future__ import annotations

import json

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing, TooManyRemovals
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import UNCONFIRMED
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import INSTANCE, Emulated, seed
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import run_do_not_call

LIST, IMPORT, REMOVE = "ListDoNotCallNumbers", "ImportDoNotCallNumbers", "RemoveDoNotCallNumbers"


def numbers(count, start=1, prefix="139"):
    return ["%s%08d" % (prefix, i) for i in range(start, start + count)]


def actions(api):
    return [action for action, _params in api.calls]


def sent(api, action):
    return [json.loads(params["NumberList"]) for called, params in api.calls if called == action]


def listing(count, prefix="139"):
    """An emulated instance whose do-not-call list holds ``count`` generated numbers (in number order)."""
    document = seed()
    document["instances"][INSTANCE]["generate_do_not_call"] = {"prefix": prefix, "count": count}
    return Emulated(document=document)


# --- the "done when" -----------------------------------------------------------------------------

KEEP = ["13900000001", "13800000001", "13800000002"]  # one of the ten listed, two new


def test_a_purge_to_three_numbers_from_ten_is_one_import_with_the_remark_and_one_removal():
    api = Emulated(listed=numbers(10))
    result, report = run_do_not_call(api, numbers=KEEP, remark="CRM export", purge=True)
    assert actions(api) == [LIST, IMPORT, REMOVE]
    assert sent(api, IMPORT) == [["13800000001", "13800000002"]] and sent(api, REMOVE) == [numbers(9, 2)]
    assert [params.get("Remark") for action, params in api.calls if action == IMPORT] == ["CRM export"]
    assert sorted(api.listed) == sorted(KEEP) and api.listed["13800000001"].remark == "CRM export"
    assert api.listed["13900000001"].remark is None, "a listed number keeps its remark"
    assert result["changed"] and result["added"] == KEEP[1:] and result["removed"] == numbers(9, 2)
    assert report.error() is None and result["failed_numbers"] == []


def test_a_rerun_is_one_call_and_no_change():
    api = Emulated(listed=KEEP)
    result, _report = run_do_not_call(api, numbers=KEEP, remark="CRM export", purge=True)
    assert actions(api) == [LIST] and not result["changed"] and result["added"] == result["removed"] == []


def test_check_mode_predicts_the_real_run_with_no_write():
    api = Emulated(listed=numbers(10))
    predicted, _report = run_do_not_call(api, check_mode=True, numbers=KEEP, remark="CRM export", purge=True)
    assert actions(api) == [LIST] and sorted(api.listed) == numbers(10)
    real, _report = run_do_not_call(api, numbers=KEEP, remark="CRM export", purge=True)
    for key in ("changed", "added", "removed", "failed_numbers", "diff"):
        assert predicted[key] == real[key], key
    assert predicted["diff"]["after"] == "".join(
        "%-20s remark=%s\n" % (n, "-" if n.startswith("139") else "CRM export") for n in sorted(KEEP)
    )


def test_state_absent_takes_named_numbers_off_and_leaves_the_rest():
    api = Emulated(listed=numbers(10))
    result, _report = run_do_not_call(api, numbers=numbers(2, 4) + ["13700000000"], state="absent")
    assert result["removed"] == numbers(2, 4) and sorted(api.listed) == numbers(3) + numbers(5, 6)
    assert sent(api, REMOVE) == [numbers(2, 4)]


def test_five_thousand_numbers_go_in_batches_and_a_purge_no_op_over_them_costs_only_the_listing():
    api = Emulated()
    result, _report = run_do_not_call(api, numbers=numbers(5000), purge=True, remark="bulk")
    assert sorted(len(batch) for batch in sent(api, IMPORT)) == [100] * 50 and len(api.listed) == 5000
    assert result["added"] == numbers(5000)
    api.calls.clear()
    again, _report = run_do_not_call(api, numbers=numbers(5000), purge=True, remark="bulk")
    assert actions(api) == [LIST] * 50 and not again["changed"]


def test_removals_go_three_hundred_a_call_whatever_the_batch_size():
    api = listing(700)
    result, _report = run_do_not_call(api, numbers=[], purge=True, batch_size=50)
    assert sorted(len(batch) for batch in sent(api, REMOVE)) == [100, 300, 300] and not api.listed
    assert len(result["removed"]) == 700


# --- a look-up by number, not a listing -----------------------------------------------------------


def test_a_present_only_run_on_a_few_numbers_looks_them_up_and_keeps_only_exact_matches():
    """SearchPattern matches a substring of the number or of the remark: the look-up of 13900000001 also
    finds 139000000010..9 and an entry whose remark quotes it, none of which is the number."""
    longer = ["13900000001%d" % i for i in range(10)] + [{"number": "13700000001", "remark": "was 13900000001"}]
    api = Emulated(listed=longer + numbers(5000, 2000))  # 51 pages: two look-ups are cheaper
    result, _report = run_do_not_call(api, numbers=["13900000001", "13900002500"])
    calls = [(action, params.get("SearchPattern")) for action, params in api.calls]
    assert calls[0] == (LIST, None) and calls[-1] == (IMPORT, None)
    assert sorted(calls[1:-1]) == [(LIST, "13900000001"), (LIST, "13900002500")]
    assert result["added"] == ["13900000001"] and sent(api, IMPORT) == [["13900000001"]]


def test_a_number_not_listed_is_imported_even_when_the_look_up_finds_its_number_in_a_remark():
    api = Emulated(listed=[{"number": "13700000001", "remark": "replaces 13900000001"}])
    result, _report = run_do_not_call(api, numbers=["13900000001"])
    assert [(a, p.get("SearchPattern")) for a, p in api.calls] == [(LIST, "13900000001"), (IMPORT, None)]
    assert result["added"] == ["13900000001"]


# --- lost replies, errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action, kind, task, writes",
    [
        (IMPORT, "lost_reply", dict(numbers=KEEP, purge=True), {IMPORT: 1, REMOVE: 1}),
        (IMPORT, "lost_request", dict(numbers=KEEP, purge=True), {IMPORT: 2, REMOVE: 1}),
        (REMOVE, "lost_reply", dict(numbers=KEEP, purge=True), {IMPORT: 1, REMOVE: 1}),
        (REMOVE, "lost_request", dict(numbers=KEEP, purge=True), {IMPORT: 1, REMOVE: 2}),
    ],
    ids=["import-applied", "import-not-applied", "remove-applied", "remove-not-applied"],
)
def test_a_lost_reply_is_settled_by_reading_back_and_only_what_is_still_needed_is_sent_again(
    action, kind, task, writes
):
    api = Emulated(listed=numbers(10)).fault(action, kind, count=1)
    result, report = run_do_not_call(api, **task)
    assert {a: actions(api).count(a) for a in (IMPORT, REMOVE)} == writes
    assert sorted(api.listed) == sorted(KEEP) and report.error() is None
    assert result["added"] == KEEP[1:] and result["removed"] == numbers(9, 2)


def test_a_write_lost_twice_fails_naming_the_numbers_as_unconfirmed():
    api = Emulated().fault(IMPORT, "lost_request", count=2)
    result, report = run_do_not_call(api, numbers=KEEP[1:])
    error, context = report.error()
    assert actions(api).count(IMPORT) == 2 and error.code == "NotConverged" and context is None
    assert error.message == "2 number(s) did not converge: %s: %s; %s: %s." % (
        KEEP[1],
        UNCONFIRMED,
        KEEP[2],
        UNCONFIRMED,
    )
    assert result["failed_numbers"] == KEEP[1:] and not result["changed"]


def test_an_error_stops_the_run_and_says_what_was_applied_before_it():
    api = Emulated(listed=numbers(10)).fault(IMPORT, "error", code="Parameter.Maximum", after=1, count=1)
    result, report = run_do_not_call(api, numbers=numbers(300, 100), purge=True, max_concurrency=1)
    error, context = report.error()
    assert error.code == "Parameter.Maximum" and context == "stopped part-way, having added 100, removed 0"
    assert actions(api) == [LIST, IMPORT, IMPORT], "nothing is removed after an import failed"
    assert result["added"] == numbers(100, 100) and result["removed"] == [] and result["changed"]


def test_a_read_back_that_fails_leaves_the_lost_numbers_unconfirmed_and_the_error_ends_the_run():
    api = Emulated(max_retries=0).fault(IMPORT, "lost_reply", count=1).fault(LIST, "unavailable", after=1)
    result, report = run_do_not_call(api, numbers=KEEP[1:])
    error, _context = report.error()
    assert error.code == "ServiceUnavailable" and result["failed_numbers"] == KEEP[1:]


# --- refusals before any write ---------------------------------------------------------------------


@pytest.mark.parametrize("check_mode", [True, False], ids=["check-mode", "real-run"])
def test_max_removals_refuses_the_purge_with_no_write(check_mode):
    api = Emulated(listed=numbers(10))
    with pytest.raises(TooManyRemovals) as refused:
        run_do_not_call(api, check_mode=check_mode, numbers=KEEP, purge=True, max_removals=5)
    assert refused.value.message.startswith(
        "the plan would remove 9 numbers, more than max_removals=5 allows, so nothing was changed: "
        "%s and 4 more" % ", ".join(numbers(5, 2))
    )
    assert actions(api) == [LIST] and sorted(api.listed) == numbers(10)


def test_a_purge_over_a_list_that_changes_during_every_read_is_refused_with_no_write():
    api = listing(250).fault(LIST, "insert_number", fraction=1 / 3.0)
    with pytest.raises(IncompleteListing) as refused:
        run_do_not_call(api, numbers=[], purge=True)
    assert refused.value.message.startswith(
        "purge refused, nothing was changed: instance ccc-test: the list changed during each of 3 reads"
    )
    assert refused.value.message.endswith("or name the numbers to remove with state=absent")
    assert actions(api) == [LIST] * 9


def test_a_purge_over_a_list_that_changed_once_reads_it_again_and_removes_exactly_the_rest():
    api = listing(250).fault(LIST, "insert_number", number="13700000000", after=1, count=1)
    result, _report = run_do_not_call(api, numbers=numbers(249), purge=True)
    assert actions(api) == [LIST] * 6 + [REMOVE]
    assert result["removed"] == ["13700000000", numbers(1, 250)[0]] and sorted(api.listed) == numbers(249)


def test_a_purge_past_the_reach_of_one_listing_reads_the_list_by_search_pattern():
    api = listing(12000)
    keep = numbers(11999)
    result, _report = run_do_not_call(api, numbers=keep, purge=True)
    assert result["removed"] == numbers(1, 12000) and sorted(api.listed) == keep
    assert result["added"] == []
