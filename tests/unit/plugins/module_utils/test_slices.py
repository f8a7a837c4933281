# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Listing past the 10,000 numbers one listing reaches: by Usage x Active slices, then by SearchPattern,
accepted only when the counts prove the listing whole. The emulator filters and pages as the API does;
its faults change the instance part-way through a read, or make it ignore a filter."""

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils import _slices
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._slices import (
    check_read,
    merge_slices,
    slice_filters,
)
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import Emulated

USAGES = ("Inbound", "Outbound", "Bidirection")


def emulated(bound):
    """The emulator holding ``bound`` (number -> (usage, active)) on ``ccc-test``."""
    return Emulated(bound=[(n, usage, None, (), active) for n, (usage, active) in bound.items()])


def lists(api):
    return api.count("ListPhoneNumbers")


def spread(count, start=1, prefix="0571"):
    """``count`` numbers, each in turn in the next of the six Usage x Active slices."""
    return {"%s%08d" % (prefix, i): (USAGES[i % 3], i % 2 == 0) for i in range(start, start + count)}


def one_slice(count, usage="Outbound", active=True, start=1, prefix="0571"):
    return {"%s%08d" % (prefix, i): (usage, active) for i in range(start, start + count)}


def listed(api, filters=None, max_concurrency=8):
    return Reader(api, "ccc-test", max_concurrency).list_all(filters)


# --- the pure checks ------------------------------------------------------------------------------


def test_slices_are_usage_times_active_over_what_the_filters_leave_open():
    assert len(slice_filters({})) == 6
    assert slice_filters({"Usage": "Inbound"}) == [
        {"Usage": "Inbound", "Active": "true"},
        {"Usage": "Inbound", "Active": "false"},
    ]
    assert slice_filters({"Active": "False", "SearchPattern": "0571"}) == [
        {"Usage": usage, "Active": "false", "SearchPattern": "0571"} for usage in USAGES
    ]


def item(number, usage="Inbound", active=True):
    return {"Number": number, "Usage": usage, "Active": active}


INBOUND_ACTIVE = {"Usage": "Inbound", "Active": "true"}


@pytest.mark.parametrize(
    "filters, total, items, words",
    [
        (INBOUND_ACTIVE, 2, [item("0571001")], "counted 2 numbers but 1 distinct"),
        (INBOUND_ACTIVE, 2, [item("0571001"), item("0571001")], "counted 2 numbers but 1 distinct"),
        (INBOUND_ACTIVE, 1, [item("0571001", active=False)], "0571001 came back with Active=false"),
        (INBOUND_ACTIVE, 1, [item("0571001", usage="Outbound")], "0571001 came back with Usage=Outbound"),
        (dict(INBOUND_ACTIVE, SearchPattern="99"), 1, [item("0571001")], "0571001 does not contain 99"),
    ],
    ids=["fewer-read-than-counted", "duplicate-within-a-slice", "wrong-active", "wrong-usage", "wrong-pattern"],
)
def test_a_slice_is_accepted_only_when_read_whole_and_every_item_belongs_to_it(filters, total, items, words):
    with pytest.raises(IncompleteListing, match=words) as info:
        check_read(filters, total, items)
    assert info.value.code == "IncompleteListing"


def test_a_slice_read_whole_is_returned_by_number():
    assert check_read(INBOUND_ACTIVE, 1, [item("0571001", active="True")]) == {
        "0571001": item("0571001", active="True")
    }


OUT_ACTIVE = {"Usage": "Outbound", "Active": "true"}
OUT_INACTIVE = {"Usage": "Outbound", "Active": "false"}


@pytest.mark.parametrize(
    "total, parts, words",
    [
        (
            3,
            [(OUT_ACTIVE, 1, {"a": {}}), (OUT_INACTIVE, 1, {"b": {}})],
            r"count 2 numbers together but the instance counts 3",
        ),
        (
            2,
            [(OUT_ACTIVE, 1, {"a": {}}), (OUT_INACTIVE, 1, {"a": {}})],
            "a was read in both Usage=Outbound, Active=true and Usage=Outbound, Active=false",
        ),
    ],
    ids=["counts-disagree", "number-in-two-slices"],
)
def test_slices_are_merged_only_when_disjoint_and_adding_up(total, parts, words):
    with pytest.raises(IncompleteListing, match=words):
        merge_slices(total, parts)


# --- reading ----------------------------------------------------------------------------------------


def test_an_instance_past_the_reach_is_listed_whole_by_its_six_slices():
    bound = spread(15001)
    api = emulated(bound)
    listing = listed(api)
    assert sorted(listing.bindings) == sorted(bound) and listing.total == 15001
    # The unfiltered page 1, page 1 of each slice, every slice's other pages, and the closing count.
    pages = sum(-(-len([n for n, s in bound.items() if s == (u, a)]) // 100) for u in USAGES for a in (True, False))
    assert lists(api) == 1 + pages + 1


def test_a_filtered_listing_past_the_reach_slices_only_what_the_filter_leaves_open():
    bound = dict(spread(3000), **one_slice(12000, usage="Inbound", active=False, start=100000))
    listing = listed(emulated(bound), {"Usage": "Inbound"})
    assert sorted(listing.bindings) == sorted(n for n, (usage, _active) in bound.items() if usage == "Inbound")


@pytest.mark.parametrize(
    "bound",
    [
        one_slice(10001),
        dict(one_slice(15000), **spread(1, start=99999999)),
        one_slice(25000, prefix="1390"),
        {"%s%08d" % (area, i * 7919 % 10**8): ("Outbound", True) for area in ("010", "0571") for i in range(7000)},
    ],
    ids=["one-slice-of-10001", "one-slice-of-15000", "one-slice-of-25000", "two-area-codes"],
)
def test_a_slice_past_the_reach_is_split_by_search_pattern_and_listed_whole(bound):
    api = emulated(bound)
    listing = listed(api)
    assert sorted(listing.bindings) == sorted(bound)
    # Numbers sharing a prefix cost little more than their pages (see the guide's limits section).
    assert lists(api) <= 1.3 * (len(bound) / 100) + 60


def test_a_split_that_would_exceed_its_budget_is_refused_naming_the_slice(monkeypatch):
    monkeypatch.setattr(_slices, "SPLIT_CALLS_PER_PAGE", 0)
    monkeypatch.setattr(_slices, "SPLIT_CALLS_FIXED", 20)
    api = emulated(dict(one_slice(10001), **spread(48, start=50000)))
    words = r"slice Usage=Outbound, Active=true holds 10009 numbers, more than .* take more than 20 calls"
    with pytest.raises(IncompleteListing, match=words):
        listed(api)
    assert lists(api) <= 1 + 6 + 20


@pytest.mark.parametrize(
    "ignored, words",
    [
        ("Active", r"came back with Active=(true|false)"),
        ("Usage", r"came back with Usage="),
        ("SearchPattern", r"does not contain"),
    ],
)
def test_an_api_that_does_not_filter_as_documented_is_refused(ignored, words):
    api = emulated(dict(one_slice(10500), **spread(600, start=50000)))
    api.fault("ListPhoneNumbers", "ignore_filter", filter=ignored)
    with pytest.raises(IncompleteListing, match=words):
        listed(api)


def test_a_number_moving_between_slices_mid_read_is_read_again_and_listed_whole():
    """Wherever in the read a number changes slice, the listing holds exactly the bound numbers: a move the
    checks catch (between the reads of its two slices) costs a second read, never a wrong listing."""
    bound = spread(10200)
    mover = "0571%08d" % 6  # Inbound, active: the first slice read
    clean = emulated(bound)
    Reader(clean, "ccc-test", 1).list_all()
    one_read = lists(clean)
    read_again = 0
    for moment in range(2, 120, 3):
        api = emulated(bound)
        # To the last slice read, just before the emulator answers call number ``moment``.
        api.fault(
            "ListPhoneNumbers",
            "move_number",
            number=mover,
            usage="Bidirection",
            active=False,
            after=moment - 1,
            count=1,
        )
        listing = Reader(api, "ccc-test", 1).list_all()
        assert sorted(listing.bindings) == sorted(bound), moment
        # A slice one number larger may take a page more; a second read costs a whole read more.
        assert lists(api) <= 2 * (one_read + 1), moment
        read_again += lists(api) > one_read + 1
    assert read_again


# A clean read of spread(10200) one call at a time: page 1, six slice heads, 96 later pages, the closing count.
CLEAN_READ = 104


@pytest.mark.parametrize(
    "kind, number, calls",
    [
        # The new number lands in the slice being read: refused at that call (the 40th), then a whole read
        # whose slice is one number, and one page, larger.
        ("insert_number", "057199999999", 40 + CLEAN_READ + 1),
        # The dropped number's slice was read already: the counts only disagree once every slice is read.
        ("drop_number", "0571%08d" % 9, 2 * CLEAN_READ),
    ],
    ids=["added", "removed"],
)
def test_a_number_added_or_removed_mid_read_is_read_again_and_listed_as_it_is_after(kind, number, calls):
    api = emulated(spread(10200)).fault("ListPhoneNumbers", kind, number=number, after=39, count=1)
    listing = Reader(api, "ccc-test", 1).list_all()
    assert sorted(listing.bindings) == sorted(api.bound) and (number in listing.bindings) is (kind == "insert_number")
    assert lists(api) == calls


def test_a_listing_past_the_reach_that_changes_during_every_read_is_refused_after_three():
    api = emulated(spread(10200)).fault("ListPhoneNumbers", "insert_number", fraction=0.02)
    with pytest.raises(IncompleteListing) as refused:
        Reader(api, "ccc-test", 1).list_all()
    assert refused.value.message.startswith("instance ccc-test: the list changed during each of 3 reads; the last ")
    assert refused.value.changed and lists(api) == 150


def test_listing_within_the_reach_takes_no_slices():
    api = emulated(spread(10000))
    assert len(listed(api).bindings) == 10000 and lists(api) == 100


def test_purge_over_a_listing_that_cannot_be_proven_whole_is_refused_and_says_so():
    api = emulated(spread(10200)).fault("ListPhoneNumbers", "ignore_filter", filter="Active")
    desired = type("Desired", (), {"purge": True, "numbers": (), "instance_id": "ccc-test"})()
    with pytest.raises(IncompleteListing) as info:
        Reader(api, "ccc-test", 8).read_scope(desired)
    assert info.value.message.startswith(
        "purge refused, nothing was changed: instance ccc-test: 10200 numbers are bound, more than the 10000 one "
        "listing reaches, and they could not all be read: Usage=Inbound, Active=true: number"
    )
    # At most page 1 and the six slices' first pages (those not yet started are cancelled once one is
    # refused): an API that does not filter is not read again.
    assert lists(api) <= 7
