# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading: list items become Bindings in one place; look-ups and listings cost as few calls as the API allows."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader, UnassignedReader, binding_of
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import Emulated, seed
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import run_task

SALES, SUPPORT = "sales@ccc-test", "support@ccc-test"
A = "057100000001"


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def run(api, check_mode=False, **overrides):
    return run_task(api, check_mode, **overrides)


def group(skill_group_id):
    return {"SkillGroupId": skill_group_id, "Name": skill_group_id.split("@")[0], "DisplayName": skill_group_id}


@pytest.mark.parametrize(
    "skill_groups,expected",
    [
        ([group(SUPPORT), group(SALES)], (SALES, SUPPORT)),
        ([group(SALES), group(SALES)], (SALES,)),
        ([], ()),
        (None, ()),
        ("", ()),
        (group(SALES), (SALES,)),  # older pages: one group as an object
        ({"SkillGroup": [group(SALES), group(SUPPORT)]}, (SALES, SUPPORT)),  # older pages: a wrapper
        ([group(SALES), {"Name": "no id"}, "junk"], (SALES,)),
    ],
    ids=["list", "repeated", "empty", "null", "empty-string", "one-object", "wrapper", "malformed-entries"],
)
def test_skill_group_ids_read_every_shape_the_api_has_sent(skill_groups, expected):
    assert binding_of({"Number": A, "Usage": "Inbound", "SkillGroups": skill_groups}).skill_group_ids == expected


@pytest.mark.parametrize("number", [numbers(1, 5000)[0], numbers(1, 20000)[0]], ids=["bound", "not-bound"])
def test_one_named_number_in_a_big_instance_takes_one_search(number):
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(10000)])
    result, _report = run(api, numbers=[number], usage="Inbound", check_mode=True)
    assert [(action, sent.get("SearchPattern")) for action, sent in api.calls] == [("ListPhoneNumbers", number)]
    assert result["changed"] is (number not in api.bound)
    assert [p["number"] for p in result["phone_numbers"]] == [number]


def test_one_number_found_among_longer_matches_on_a_later_page():
    # SearchPattern is a substring match: longer numbers that contain the named one come first.
    longer = ["0%s%03d" % ("057100000001", i) for i in range(150)]  # sorted before it
    api = Emulated(bound=[(n, "Inbound", "") for n in longer + ["057100000001"]])
    result, _report = run(api, numbers=["057100000001"], usage="Inbound")
    assert not result["changed"] and api.count("ListPhoneNumbers") == 2
    assert [p["number"] for p in result["phone_numbers"]] == ["057100000001"]


def test_named_lookup_lists_pages_when_that_is_cheaper_than_searching():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(300)])
    run(api, numbers=numbers(50, 120), usage="Inbound")
    assert api.count("ListPhoneNumbers") == 3
    assert not any("SearchPattern" in sent for _action, sent in api.calls)


def test_older_reply_shapes_are_read_like_todays():
    api = Emulated(bound=[(n, "Inbound", "", [SALES]) for n in numbers(3)], skill_groups=[SALES])
    api.fault("ListPhoneNumbers", "old_shapes")
    result, _report = run(api, numbers=numbers(2), usage="Inbound")
    assert not result["changed"] and [p["number"] for p in result["phone_numbers"]] == numbers(2)
    assert result["phone_numbers"][0]["skill_group_ids"] == [SALES]
    result, _report = run(api, numbers=numbers(1, 3), usage="Inbound")
    assert [p["number"] for p in result["phone_numbers"]] == numbers(1, 3)


@pytest.mark.parametrize("size", [5, 300, 10001])
@pytest.mark.parametrize("wanted", [numbers(1, 3), numbers(2, 2)], ids=["one", "two"])
def test_find_keeps_the_callers_search_pattern_whatever_the_instance_size(size, wanted):
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(size)])
    for pattern in ("00002", "00003", "0571"):
        listing = Reader(api, "ccc-test", 8).find(wanted, {"SearchPattern": pattern})
        assert sorted(listing.bindings) == [n for n in wanted if pattern in n], pattern


def test_find_reports_the_apis_count_for_the_filters():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(300)])
    reader = Reader(api, "ccc-test", 8)
    assert reader.find(numbers(2)).total == 300
    assert reader.find(numbers(1)).total is None and reader.count() == 300


# --- every listing and look-up proven whole (issue #22) ----------------------------------------------


def test_a_look_up_whose_matches_change_between_pages_is_read_again():
    longer = ["0%s%03d" % (A, i) for i in range(150)]  # 151 numbers contain A: two pages
    api = Emulated(bound=[(n, "Inbound", "") for n in longer + [A]])
    api.fault("ListPhoneNumbers", "insert_number", number="00%s" % A, after=1, count=1)
    result, _report = run(api, numbers=[A], usage="Inbound")
    assert not result["changed"] and [p["number"] for p in result["phone_numbers"]] == [A]
    assert [sent["SearchPattern"] for _action, sent in api.calls] == [A] * 4


def test_a_look_up_that_changes_during_every_read_is_refused_before_any_write():
    longer = ["0%s%03d" % (A, i) for i in range(150)]
    api = Emulated(bound=[(n, "Inbound", "") for n in longer])  # A itself is not bound: a look-up would add it
    api.fault("ListPhoneNumbers", "drop_number", fraction=0.5)  # the first match goes before every second call
    with pytest.raises(IncompleteListing) as refused:
        run(api, numbers=[A], usage="Inbound")
    assert refused.value.message.startswith(
        "nothing was changed: instance ccc-test: the list changed during each of 3 reads; the last time, "
        "SearchPattern=%s: the API counted" % A
    )
    assert [action for action, _sent in api.calls] == ["ListPhoneNumbers"] * 6


def test_a_listing_within_the_reach_that_changed_between_pages_is_read_again():
    api = Emulated(bound=[(n, "Inbound", "") for n in numbers(250)])
    api.fault("ListPhoneNumbers", "drop_number", after=1, count=1)  # the first number goes after page 1
    listing = Reader(api, "ccc-test", 8).list_all()
    assert sorted(listing.bindings) == sorted(api.bound) == numbers(249, 2) and listing.total == 249
    assert api.count("ListPhoneNumbers") == 6


# --- the account's unassigned numbers (issue #20) ----------------------------------------------------------


def account(pool, here=(), elsewhere=()):
    """``pool`` numbers owned by the account; ``here`` bound to ccc-test, ``elsewhere`` to ccc-other."""
    document = seed(bound=[(n, "Inbound", "") for n in here], pool=pool)
    document["instances"]["ccc-other"] = {"numbers": [{"number": n, "usage": "Outbound"} for n in elsewhere]}
    return Emulated(document=document)


def test_unassigned_numbers_are_the_accounts_numbers_no_instance_binds_read_across_pages():
    pool = numbers(260)
    api = account(pool, here=pool[:10], elsewhere=pool[250:])
    total, free = UnassignedReader(api, 8).list_all()
    assert total == 240 and sorted(free) == pool[10:250]
    assert all(free[n].number == n and free[n].province and free[n].city for n in free)
    assert [(action, sent["PageNumber"]) for action, sent in api.calls] == [
        ("ListUnassignedNumbers", page) for page in ("1", "2", "3")
    ]
    assert not any("InstanceId" in sent for _action, sent in api.calls)


@pytest.mark.parametrize("pattern", ["0000012", "00002", "4"])
def test_a_search_pattern_narrows_the_unassigned_numbers(pattern):
    pool = numbers(260)
    api = account(pool, here=pool[115:125])
    total, free = UnassignedReader(api, 8).list_all({"SearchPattern": pattern})
    assert sorted(free) == [n for n in pool if pattern in n and n not in pool[115:125]] and total == len(free)


def test_unassigned_numbers_past_the_reach_of_one_listing_are_refused_with_a_way_to_narrow_them():
    api = Emulated(document=dict(seed(), generate_pool={"prefix": "0572", "count": 10001}))
    with pytest.raises(IncompleteListing) as refused:
        UnassignedReader(api, 8).list_all()
    assert refused.value.message == (
        "the account has 10001 unassigned numbers, more than the 10000 one listing reaches: narrow them with "
        "search_pattern"
    )
    assert api.count("ListUnassignedNumbers") == 1
    total, free = UnassignedReader(api, 8).list_all({"SearchPattern": "05720000"})
    assert total == len(free) == 9999


def test_unassigned_numbers_that_change_during_the_read_are_read_again():
    api = account(numbers(250))
    api.fault("ListUnassignedNumbers", "insert_number", number="057000000000", after=1, count=1)
    total, free = UnassignedReader(api, 8).list_all()
    assert total == 251 and sorted(free) == ["057000000000"] + numbers(250)
    assert api.count("ListUnassignedNumbers") == 6


def test_numbers_are_looked_up_among_the_unassigned_ones_one_search_each():
    pool = numbers(5)
    api = account(pool, here=pool[:1], elsewhere=pool[1:2])
    found = UnassignedReader(api, 8).among([pool[0], pool[1], pool[2], "057199999999"])
    assert found == {pool[0]: False, pool[1]: False, pool[2]: True, "057199999999": False}
    assert sorted(sent["SearchPattern"] for _action, sent in api.calls) == sorted(found)
