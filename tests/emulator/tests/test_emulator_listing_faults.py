# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""insert_number and drop_number: a listing that changes while a client pages through it, for all three list calls.

Every list below holds 30 numbers; pages of 10 are read one after another, as a reader walks them.
"""

from __future__ import annotations

import pytest

SEED = {
    "generate_pool": {"prefix": "0571", "count": 60},
    "generate_system_do_not_call": {"prefix": "138", "count": 30},
    "instances": {
        "ccc-demo": {"generate_bound": {"count": 30}, "generate_do_not_call": {"prefix": "139", "count": 30}},
        "ccc-other": {},
    },
}
BASE = {"PageSize": "10"}
# name: (action, parameters, the 30 numbers in listing order, the number insert_number makes up)
LISTS = {
    "bound": ("ListPhoneNumbers", {"InstanceId": "ccc-demo"}, [f"0571{i:08d}" for i in range(1, 31)], "057100000000"),
    "unassigned": ("ListUnassignedNumbers", {}, [f"0571{i:08d}" for i in range(31, 61)], "057100000000"),
    "instance-dnc": (
        "ListDoNotCallNumbers",
        {"InstanceId": "ccc-demo"},
        [f"139{i:08d}" for i in range(1, 31)],
        "13900000000",
    ),
    "system-dnc": (
        "ListDoNotCallNumbers",
        {"InstanceId": "ccc-demo", "Scope": "SYSTEM"},
        [f"138{i:08d}" for i in range(1, 31)],
        "13800000000",
    ),
}


@pytest.fixture
def api30(api):
    assert api.control("POST", "/_emulator/reset", SEED).status == 200
    return api


def faults(api, *rules):
    reply = api.control("POST", "/_emulator/faults", list(rules))
    assert reply.status == 200, reply.body


def page(api, action, params, number, size="10"):
    reply = api.v3(action, {**params, "PageNumber": str(number), "PageSize": size})
    assert reply.status == 200, reply.body
    data = reply.json()["Data"]
    return [item["Number"] for item in data["List"]], data["TotalCount"]


def walk(api, action, params, pages=4):
    """Pages 1..pages, one call each: (numbers per page, TotalCount per page)."""
    read = [page(api, action, params, n) for n in range(1, pages + 1)]
    return [numbers for numbers, _total in read], [total for _numbers, total in read]


@pytest.mark.parametrize("name", sorted(LISTS))
def test_insert_between_pages_shifts_every_later_page_down_by_one(api30, name):
    action, params, original, made_up = LISTS[name]
    faults(api30, {"action": action, "kind": "insert_number", "after": 1, "count": 1})
    pages, totals = walk(api30, action, params)
    assert pages == [original[0:10], original[9:19], original[19:29], original[29:30]]
    assert totals == [30, 31, 31, 31]
    assert page(api30, action, params, 1)[0][:2] == [made_up, original[0]]
    assert api30.counters()["faults"] == {"insert_number": 1}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_drop_between_pages_shifts_every_later_page_up_by_one(api30, name):
    action, params, original, _made_up = LISTS[name]
    faults(api30, {"action": action, "kind": "drop_number", "after": 1, "count": 1})
    pages, totals = walk(api30, action, params)
    assert pages == [original[0:10], original[11:21], original[21:30], []]
    assert totals == [30, 29, 29, 29]
    assert original[0] not in page(api30, action, params, 1)[0]
    assert api30.counters()["faults"] == {"drop_number": 1}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_after_and_count_choose_exactly_which_calls_change_the_list(api30, name):
    action, params, original, made_up = LISTS[name]
    faults(api30, {"action": action, "kind": "insert_number", "after": 2, "count": 2})
    totals = [page(api30, action, params, 1)[1] for _call in range(5)]
    assert totals == [30, 30, 31, 32, 32]
    second_made_up, first_made_up, first_original = page(api30, action, params, 1)[0][:3]
    assert (first_made_up, first_original) == (made_up, original[0]) and second_made_up < made_up
    rule = api30.control("GET", "/_emulator/faults").json()[0]
    assert (rule["matched"], rule["fired"], rule["remaining"]) == (6, 2, 0)


def test_fraction_spreads_drops_evenly(api30):
    action, params, original, _made_up = LISTS["instance-dnc"]
    faults(api30, {"action": action, "kind": "drop_number", "fraction": 0.5})
    totals = [page(api30, action, params, 1)[1] for _call in range(4)]
    assert totals == [30, 29, 29, 28]


def test_a_star_rule_waits_for_a_list_call(api30):
    faults(api30, {"action": "*", "kind": "drop_number", "count": 1})
    added = api30.v3(
        "AddPhoneNumbers", {"InstanceId": "ccc-demo", "Usage": "Outbound", "NumberList": '["057100000040"]'}
    )
    assert added.json()["Data"] == []
    assert api30.control("GET", "/_emulator/faults").json()[0]["matched"] == 0
    action, params, original, _made_up = LISTS["unassigned"]
    assert page(api30, action, params, 1)[0][0] == original[1]  # dropped 057100000031, the first


# --- what each list's change means ------------------------------------------------------------------


def test_insert_on_the_bound_list_binds_a_new_pool_number_with_the_calls_filters(api30):
    faults(api30, {"action": "ListPhoneNumbers", "kind": "insert_number", "count": 1})
    # Nothing is Outbound and inactive yet: the made-up number counts down from 057199999999.
    numbers, total = page(
        api30, "ListPhoneNumbers", {"InstanceId": "ccc-demo", "Usage": "Outbound", "Active": "false"}, 1
    )
    assert (numbers, total) == (["057199999998"], 1)
    bound = api30.bound()["057199999998"]
    assert (bound["usage"], bound["active"]) == ("Outbound", False)
    state = api30.control("GET", "/_emulator/state").json()
    assert "057199999998" in state["pool"] and "057199999998" not in state["unassigned"]


def test_drop_on_the_bound_list_unbinds_the_first_number_of_the_view(api30):
    faults(api30, {"action": "ListPhoneNumbers", "kind": "drop_number", "count": 1})
    # The view holds 057100000003 and 057100000030; its first goes, not the instance's first (057100000001).
    numbers, total = page(api30, "ListPhoneNumbers", {"InstanceId": "ccc-demo", "SearchPattern": "0000003"}, 1)
    assert (numbers, total) == (["057100000030"], 1)
    assert "057100000003" not in api30.bound() and "057100000001" in api30.bound()
    assert "057100000003" in api30.control("GET", "/_emulator/state").json()["unassigned"]


def test_insert_on_the_unassigned_view_buys_a_number_and_drop_releases_one(api30):
    # The second rule is first consulted on the second call: the first call was decided by the first rule.
    faults(
        api30,
        {"action": "ListUnassignedNumbers", "kind": "insert_number", "count": 1},
        {"action": "ListUnassignedNumbers", "kind": "drop_number", "number": "057100000045", "count": 1},
    )
    page(api30, "ListUnassignedNumbers", {}, 1)
    page(api30, "ListUnassignedNumbers", {}, 1)
    pool = api30.control("GET", "/_emulator/state").json()["pool"]
    assert "057100000000" in pool and "057100000045" not in pool


def test_insert_on_a_do_not_call_list_imports_with_the_rules_remark(api30):
    faults(
        api30,
        {"action": "ListDoNotCallNumbers", "kind": "insert_number", "number": "13912345678", "remark": "Late opt-out"},
    )
    numbers, total = page(api30, "ListDoNotCallNumbers", {"InstanceId": "ccc-demo", "SearchPattern": "late opt"}, 1)
    assert (numbers, total) == (["13912345678"], 1)
    entry = api30.control("GET", "/_emulator/state").json()["instances"]["ccc-demo"]["do_not_call"][0]
    assert (entry["number"], entry["remark"]) == ("13912345678", "Late opt-out")


def test_the_named_number_is_the_one_that_moves(api30):
    faults(
        api30,
        {"action": "ListPhoneNumbers", "kind": "insert_number", "number": "05700000001", "count": 1},
        {"action": "ListPhoneNumbers", "kind": "drop_number", "number": "057100000015", "count": 1},
    )
    first, total = page(api30, "ListPhoneNumbers", {"InstanceId": "ccc-demo"}, 1)
    assert first[0] == "05700000001" and total == 31
    second, total = page(api30, "ListPhoneNumbers", {"InstanceId": "ccc-demo"}, 2)
    assert "057100000015" not in second and total == 30


@pytest.mark.parametrize(
    "kind,number",
    [("insert_number", "057100000005"), ("drop_number", "057100000045")],
    ids=["insert-listed", "drop-unlisted"],
)
def test_a_number_that_cannot_move_leaves_the_list_alone(api30, kind, number):
    faults(api30, {"action": "ListPhoneNumbers", "kind": kind, "number": number, "count": 1})
    assert page(api30, "ListPhoneNumbers", {"InstanceId": "ccc-demo"}, 1)[1] == 30
    assert api30.counters()["faults"] == {kind: 1}


def test_insert_never_takes_a_number_bound_to_another_instance(api30):
    api30.v3("AddPhoneNumbers", {"InstanceId": "ccc-other", "Usage": "Outbound", "NumberList": '["057100000040"]'})
    faults(api30, {"action": "ListPhoneNumbers", "kind": "insert_number", "number": "057100000040", "count": 1})
    assert page(api30, "ListPhoneNumbers", {"InstanceId": "ccc-demo"}, 1)[1] == 30
    assert "057100000040" in api30.bound("ccc-other")


@pytest.mark.parametrize(
    "params",
    [{"InstanceId": "ccc-nope"}, {"InstanceId": "ccc-demo", "Usage": "Both"}],
    ids=["no-instance", "bad-usage"],
)
def test_a_refused_call_changes_nothing(api30, params):
    faults(api30, {"action": "ListPhoneNumbers", "kind": "drop_number", "count": 1})
    reply = api30.v3("ListPhoneNumbers", {**params, "PageNumber": "1", "PageSize": "10"})
    assert reply.status in (400, 404)
    assert len(api30.bound()) == 30


def test_ignore_filter_scope_answers_with_the_instance_list(api30):
    faults(api30, {"action": "ListDoNotCallNumbers", "kind": "ignore_filter", "filter": "Scope", "count": 1})
    _action, params, original, _made_up = LISTS["system-dnc"]
    assert page(api30, "ListDoNotCallNumbers", params, 1)[0] == LISTS["instance-dnc"][2][:10]
    assert page(api30, "ListDoNotCallNumbers", params, 1)[0] == original[:10]


@pytest.mark.parametrize(
    "rule,words",
    [
        ({"kind": "insert_number", "action": "AddPhoneNumbers"}, "action must be '*' or one of"),
        ({"kind": "drop_number", "action": "ImportDoNotCallNumbers"}, "action must be '*' or one of"),
        ({"kind": "insert_number", "number": "12x"}, "number must be a phone number"),
        ({"kind": "insert_number", "number": 13900000000}, "number must be a phone number"),
        ({"kind": "drop_number", "remark": "x"}, "remark only goes with insert_number"),
        ({"kind": "insert_number", "remark": 5}, "remark must be a string"),
        ({"kind": "insert_number", "usage": "Inbound"}, "usage only goes with move_number"),
        ({"kind": "ignore_filter", "filter": "Remark"}, "ignore_filter needs filter"),
    ],
)
def test_bad_listing_fault_rule_is_refused(api, rule, words):
    reply = api.control("POST", "/_emulator/faults", [rule])
    assert reply.status == 400 and words in reply.json()["error"], reply.body
    assert api.control("GET", "/_emulator/faults").json() == []
