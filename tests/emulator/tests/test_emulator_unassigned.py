# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""ListUnassignedNumbers: the account's pool numbers that no instance has bound, following every bind and unbind.

The default seed owns 4001234567, 4001234568, 02100000001, 02100000002 and 057100000001..057100000200;
ccc-demo binds 057100000001..3 and 4001234567, ccc-other binds 057100000200.
"""

from __future__ import annotations

import json

import pytest
from test_emulator_actions import assert_service_error

BOUND = {"057100000001", "057100000002", "057100000003", "4001234567", "057100000200"}
POOL_SIZE = 204


def unassigned(api, **params):
    return api.v3("ListUnassignedNumbers", {"PageNumber": "1", "PageSize": "100", **params})


def numbers_of(reply) -> list[str]:
    assert reply.status == 200, reply.body
    return [item["Number"] for item in reply.json()["Data"]["List"]]


def everything(api) -> list[str]:
    return [n for page in range(1, 4) for n in numbers_of(unassigned(api, PageNumber=str(page)))]


def bind(api, instance, numbers):
    reply = api.v3("AddPhoneNumbers", {"InstanceId": instance, "Usage": "Outbound", "NumberList": json.dumps(numbers)})
    assert reply.json()["Data"] == []


def unbind(api, instance, numbers):
    reply = api.v3("RemovePhoneNumbers", {"InstanceId": instance, "NumberList": json.dumps(numbers), "Force": "true"})
    assert reply.json()["Data"] == []


def test_reply_has_the_sdk_model_shape_and_only_number_province_city(api):
    body = unassigned(api, PageSize="2").json()
    assert {k: body[k] for k in ("Code", "HttpStatusCode", "Message")} == {
        "Code": "OK",
        "HttpStatusCode": 200,
        "Message": "",
    }
    data = body["Data"]
    assert (data["PageNumber"], data["PageSize"], data["TotalCount"]) == (1, 2, POOL_SIZE - len(BOUND))
    assert data["List"] == [
        {"Number": "02100000001", "Province": "Shanghai", "City": "Shanghai"},
        {"Number": "02100000002", "Province": "Shanghai", "City": "Shanghai"},
    ]


def test_lists_every_unbound_pool_number_in_number_order_and_no_bound_one(api):
    seen = everything(api)
    pool = api.control("GET", "/_emulator/state").json()["pool"]
    assert seen == sorted(set(pool) - BOUND)
    assert "4001234568" in seen and BOUND.isdisjoint(seen)


@pytest.mark.parametrize("instance", ["ccc-demo", "ccc-other"])
def test_binding_to_any_instance_takes_a_number_out_and_unbinding_puts_it_back(api, instance):
    bind(api, instance, ["057100000010", "02100000001"])
    assert {"057100000010", "02100000001"}.isdisjoint(everything(api))
    assert unassigned(api).json()["Data"]["TotalCount"] == POOL_SIZE - len(BOUND) - 2
    unbind(api, instance, ["057100000010"])
    assert "057100000010" in everything(api) and "02100000001" not in everything(api)


def test_an_unbound_seeded_number_joins_the_view(api):
    unbind(api, "ccc-demo", ["057100000001", "4001234567"])
    view = everything(api)
    assert {"057100000001", "4001234567"} <= set(view)
    assert view == sorted(view)


def test_state_shows_the_same_view(api):
    bind(api, "ccc-other", ["057100000100"])
    assert api.control("GET", "/_emulator/state").json()["unassigned"] == everything(api)


@pytest.mark.parametrize(
    "pattern,expected",
    [
        ("400", ["4001234568"]),
        ("0210000000", ["02100000001", "02100000002"]),
        ("057100000200", []),  # owned, but bound to ccc-other
        ("0999", []),
    ],
)
def test_search_pattern_is_a_substring_of_the_number(api, pattern, expected):
    assert numbers_of(unassigned(api, SearchPattern=pattern)) == expected


def test_search_pattern_counts_only_matches(api):
    data = unassigned(api, SearchPattern="0571000001", PageSize="5").json()["Data"]
    assert data["TotalCount"] == 100
    assert [i["Number"] for i in data["List"]] == [f"0571000001{i:02d}" for i in range(5)]


def test_an_instance_id_is_not_a_filter(api):
    assert numbers_of(unassigned(api, InstanceId="ccc-demo")) == numbers_of(unassigned(api))


@pytest.mark.parametrize("name", ["PageNumber", "PageSize"])
@pytest.mark.parametrize(
    "value,code",
    [
        ("0", "Parameter.Minimum"),
        ("101", "Parameter.Maximum"),
        ("-3", "Parameter.Minimum"),
        ("1.5", "InvalidParameter"),
    ],
)
def test_paging_limits_are_those_of_list_phone_numbers(api, name, value, code):
    assert_service_error(unassigned(api, **{name: value}), 400, code)


@pytest.mark.parametrize("name", ["PageNumber", "PageSize"])
def test_paging_parameters_are_required(api, name):
    params = {"PageNumber": "1", "PageSize": "10"}
    del params[name]
    assert_service_error(api.v3("ListUnassignedNumbers", params), 400, "MissingParameter", [name])


def test_ten_thousand_are_reachable_and_more_are_counted(api):
    seed = {
        "generate_pool": {"prefix": "0571", "count": 15000},
        "instances": {"ccc-demo": {"generate_bound": {"count": 2000}}},
    }
    assert api.control("POST", "/_emulator/reset", seed).status == 200
    last = unassigned(api, PageNumber="100").json()["Data"]
    assert last["TotalCount"] == 13000
    assert [i["Number"] for i in last["List"]] == [f"0571{i:08d}" for i in range(11901, 12001)]
    assert last["List"][0] == {"Number": "057100011901", "Province": "Zhejiang", "City": "Hangzhou"}


def test_seeded_pool_places_are_listed(api):
    seed = {"pool": [{"number": "08330011001", "city": "Leshan", "province": "Sichuan"}, "010123"]}
    assert api.control("POST", "/_emulator/reset", seed).status == 200
    assert unassigned(api).json()["Data"]["List"] == [
        {"Number": "010123", "Province": "Beijing", "City": "Beijing"},
        {"Number": "08330011001", "Province": "Sichuan", "City": "Leshan"},
    ]


def test_counters_count_the_call(api):
    unassigned(api)
    unassigned(api, PageSize="0")
    snapshot = api.counters()
    assert snapshot["calls"] == {"ListUnassignedNumbers": 2}
    assert snapshot["errors"] == {"Parameter.Minimum": 1}
