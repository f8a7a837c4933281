# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reading a do-not-call list: items become Entries in one place, listings are proven whole by the shared
pager with a check of their own, and look-ups keep only the number itself."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_plan import Entry
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_reader import DoNotCallReader, entry_of, stray_of
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import INSTANCE, Emulated, seed

LIST = "ListDoNotCallNumbers"
A = "13900000001"


def reader(api, scope="INSTANCE"):
    return DoNotCallReader(api, INSTANCE, 8, scope)


def account(count=0, system=(), **instance):
    document = seed(**instance)
    if count:
        document["instances"][INSTANCE]["generate_do_not_call"] = {"prefix": "139", "count": count}
    document["system_do_not_call"] = list(system)
    return Emulated(document=document)


@pytest.mark.parametrize(
    "item, entry",
    [
        (
            {"Number": A, "Remark": "Complaint", "Scope": "INSTANCE", "Creator": "agent", "CreatedTime": 1767225600000},
            Entry(A, "Complaint", "INSTANCE", "agent", 1767225600000),
        ),
        (
            {"Number": A, "Remark": "", "Scope": "SYSTEM", "Creator": None, "CreateTime": "1767225600000"},
            Entry(A, None, "SYSTEM", None, 1767225600000),
        ),
        ({"Number": A}, Entry(A, None, None, None, None)),
    ],
    ids=["today", "deprecated-time-as-string", "bare"],
)
def test_an_item_becomes_an_entry_whatever_the_shape(item, entry):
    assert entry_of(item) == entry


@pytest.mark.parametrize(
    "filters, item, reason",
    [
        ({}, {"Number": A, "Scope": "SYSTEM"}, "came back with Scope=SYSTEM"),
        ({"SearchPattern": "0001"}, {"Number": A, "Remark": None}, None),
        ({"SearchPattern": "crm"}, {"Number": A, "Remark": "From CRM"}, None),
        ({"SearchPattern": "9999"}, {"Number": A, "Remark": "x"}, "contains 9999 in neither its number nor its remark"),
    ],
    ids=["other-scope", "number-match", "remark-match", "no-match"],
)
def test_the_listing_check_knows_search_pattern_matches_number_or_remark(filters, item, reason):
    found = stray_of("INSTANCE")(filters, item)
    assert found is None if reason is None else reason in found


def test_a_list_that_holds_still_is_read_once_and_both_scopes_are_listed():
    api = account(250, system=["13800000001", {"number": "13800000002", "remark": "Regulator list"}])
    instance = reader(api).list_all()
    system = reader(api, "SYSTEM").list_all()
    assert len(instance.entries) == instance.total == 250 and api.count(LIST) == 3 + 1
    assert sorted(system.entries) == ["13800000001", "13800000002"]
    assert system.entries["13800000002"] == Entry(
        "13800000002", "Regulator list", "SYSTEM", "1234567890123456", 1767225600000
    )
    assert [p["Scope"] for _a, p in api.calls] == ["INSTANCE"] * 3 + ["SYSTEM"]


def test_an_api_that_ignores_scope_is_caught_not_taken_as_the_account_list():
    api = account(5).fault(LIST, "ignore_filter", filter="Scope")
    with pytest.raises(IncompleteListing, match="came back with Scope=INSTANCE"):
        reader(api, "SYSTEM").list_all()


@pytest.mark.parametrize(
    "wanted, calls",
    [([A], 1), (["13900000005", "13900000150"], 2), (["13900000005"] + ["139000%05d" % i for i in range(100, 150)], 3)],
    ids=["one-number-one-look-up", "two-numbers-page-one-and-a-look-up", "many-numbers-the-listing"],
)
def test_find_costs_what_the_shared_rule_says(wanted, calls):
    api = account(300)
    found = reader(api).find(wanted)
    assert sorted(found.entries) == sorted(n for n in wanted if n <= "13900000300") and len(api.calls) == calls


def test_past_the_reach_the_list_is_read_by_search_pattern_and_proven_whole():
    api = account(12000)
    listing = reader(api).list_all()
    assert len(listing.entries) == listing.total == 12000
    assert all("SearchPattern" in p for _a, p in api.calls[2:-1]), "slices past the reach are SearchPattern listings"


def test_past_the_reach_a_remark_the_patterns_cannot_split_is_refused_not_guessed():
    # 10,001 numbers starting 13000, and one more entry whose remark is "13000": the listing of "13000" counts
    # 10,002 entries, but no longer pattern holds the remark's, so the split cannot prove the list whole.
    entries = ["13%09d" % i for i in range(10001)] + [{"number": "15000000000", "remark": "13000"}]
    api = Emulated(listed=entries)
    with pytest.raises(IncompleteListing) as refused:
        reader(api).list_all()
    assert refused.value.message.startswith(
        "instance ccc-test: 10002 numbers are listed, more than the 10000 one listing reaches, and they could not "
        "all be read"
    )
    assert (
        "SearchPattern=13000 counts 10002 numbers but the longer patterns found 10001 of them: either entries hold the "
        "pattern in their remark alone" in refused.value.message
    )
    assert api.count(LIST) < 200, "refused after one read (138 calls), not read again three times"
