# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The four calls behave as ccc-api.md documents them (default seed: see seeds/default.json)."""

from __future__ import annotations

import json

import pytest

DEMO = "ccc-demo"
ITEM_FIELDS = {
    "Number",
    "Usage",
    "ContactFlowId",
    "ContactFlowName",
    "Active",
    "CreateTime",
    "InstanceId",
    "City",
    "Province",
    "Provider",
    "UserId",
    "Tags",
    "SkillGroups",
}


def listing(api, **params):
    base = {"InstanceId": DEMO, "PageNumber": "1", "PageSize": "100"}
    return api.v3("ListPhoneNumbers", {**base, **params})


def numbers_of(reply) -> list[str]:
    assert reply.status == 200, reply.body
    return [item["Number"] for item in reply.json()["Data"]["List"]]


def add(api, numbers, usage="Bidirection", **params):
    return api.v3("AddPhoneNumbers", {"InstanceId": DEMO, "Usage": usage, "NumberList": json.dumps(numbers), **params})


def remove(api, numbers, **params):
    return api.v3("RemovePhoneNumbers", {"InstanceId": DEMO, "NumberList": json.dumps(numbers), **params})


def modify(api, number, usage, **params):
    return api.v3("ModifyPhoneNumber", {"InstanceId": DEMO, "Number": number, "Usage": usage, **params})


def assert_service_error(reply, status, code, params=None):
    assert reply.status == status, reply.body
    body = reply.json()
    assert set(body) == {"RequestId", "Code", "Message", "HttpStatusCode", "Params"}
    assert (body["Code"], body["HttpStatusCode"]) == (code, status)
    if params is not None:
        assert body["Params"] == params
    assert "%s" not in body["Message"]


# --- ListPhoneNumbers ---------------------------------------------------------------------------


def test_list_reply_has_envelope_paging_and_every_documented_field(api):
    reply = listing(api)
    body = reply.json()
    assert {k: body[k] for k in ("Code", "HttpStatusCode", "Message")} == {
        "Code": "OK",
        "HttpStatusCode": 200,
        "Message": "",
    }
    data = body["Data"]
    assert (data["PageNumber"], data["PageSize"], data["TotalCount"]) == (1, 100, 4)
    first = data["List"][0]
    assert set(first) == ITEM_FIELDS
    assert first == {
        "Number": "057100000001",
        "Usage": "Inbound",
        "ContactFlowId": "flow-main",
        "ContactFlowName": "Main IVR",
        "Active": True,
        "CreateTime": "1767225600000",
        "InstanceId": DEMO,
        "City": "Hangzhou",
        "Province": "Zhejiang",
        "Provider": first["Provider"],
        "UserId": None,
        "Tags": None,
        "SkillGroups": [{"SkillGroupId": "sg-sales", "Name": "sg-sales", "DisplayName": "Sales", "InstanceId": DEMO}],
    }


def test_list_is_ordered_by_number_and_pages_tile_the_whole_set(api):
    seed = {"generate_pool": {"prefix": "0571", "count": 300}, "instances": {DEMO: {"generate_bound": {"count": 250}}}}
    api.control("POST", "/_emulator/reset", seed)
    pages = [numbers_of(listing(api, PageNumber=str(n), PageSize="100")) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [100, 100, 50, 0]
    everything = pages[0] + pages[1] + pages[2]
    assert everything == sorted(everything) == [f"0571{i:08d}" for i in range(1, 251)]
    assert listing(api, PageNumber="4").json()["Data"]["TotalCount"] == 250


@pytest.mark.parametrize("name", ["PageNumber", "PageSize"])
@pytest.mark.parametrize(
    "value,status,code",
    [
        ("0", 400, "Parameter.Minimum"),
        ("101", 400, "Parameter.Maximum"),
        ("-1", 400, "Parameter.Minimum"),
        ("ten", 400, "InvalidParameter"),
    ],
)
def test_list_paging_limits(api, name, value, status, code):
    assert_service_error(listing(api, **{name: value}), status, code)


@pytest.mark.parametrize("value", ["1", "100"])
def test_list_paging_bounds_are_inclusive(api, value):
    assert listing(api, PageNumber=value, PageSize=value).status == 200


@pytest.mark.parametrize("name", ["InstanceId", "PageNumber", "PageSize"])
def test_list_required_parameters(api, name):
    params = {"InstanceId": DEMO, "PageNumber": "1", "PageSize": "10"}
    del params[name]
    assert_service_error(api.v3("ListPhoneNumbers", params), 400, "MissingParameter", [name])


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"Usage": "Inbound"}, ["057100000001", "4001234567"]),
        ({"Usage": "Outbound"}, ["057100000003"]),
        ({"SearchPattern": "4001"}, ["4001234567"]),
        ({"SearchPattern": "00000"}, ["057100000001", "057100000002", "057100000003"]),
        ({"Usage": "Inbound", "SearchPattern": "0571"}, ["057100000001"]),
        ({"Active": "false"}, []),
        ({"Active": "True"}, ["057100000001", "057100000002", "057100000003", "4001234567"]),
    ],
)
def test_list_filters(api, filters, expected):
    assert numbers_of(listing(api, **filters)) == expected


def test_list_active_filter_sees_inactive_numbers(api):
    seed = {"pool": ["02100000001"], "instances": {DEMO: {"numbers": [{"number": "02100000001", "active": False}]}}}
    api.control("POST", "/_emulator/reset", seed)
    assert numbers_of(listing(api, Active="False")) == ["02100000001"]
    assert numbers_of(listing(api, Active="true")) == []


def test_list_rejects_unknown_usage_and_non_boolean_active(api):
    assert_service_error(
        listing(api, Usage="Both"), 400, "Parameter.Enumeration", ["Usage", "[Inbound, Outbound, Bidirection]"]
    )
    assert_service_error(listing(api, Active="yes"), 400, "InvalidParameter")


def test_unknown_instance_is_not_found_for_every_call(api):
    replies = [
        listing(api, InstanceId="ccc-nope"),
        api.v3("AddPhoneNumbers", {"InstanceId": "ccc-nope", "Usage": "Inbound", "NumberList": "[]"}),
        api.v3("ModifyPhoneNumber", {"InstanceId": "ccc-nope", "Number": "057100000001", "Usage": "Inbound"}),
        api.v3("RemovePhoneNumbers", {"InstanceId": "ccc-nope", "NumberList": '["057100000001"]'}),
    ]
    for reply in replies:
        assert_service_error(reply, 404, "NotExists.InstanceId", ["ccc-nope"])


# --- AddPhoneNumbers ----------------------------------------------------------------------------


def test_add_binds_owned_numbers_and_reports_the_rest_as_failed(api):
    reply = add(
        api,
        ["057100000010", "057100000011", "099999999999", "057100000200", "057100000001", "4001234568"],
        usage="Outbound",
    )
    assert reply.status == 200
    # not in the pool, bound to ccc-other, already bound here, a 400 number with non-Inbound usage
    assert reply.json()["Data"] == ["099999999999", "057100000200", "057100000001", "4001234568"]
    state = api.bound()
    assert state["057100000010"]["usage"] == "Outbound"
    assert "057100000011" in state and "4001234568" not in state
    assert state["057100000001"]["usage"] == "Inbound"  # untouched
    assert "057100000200" in api.bound("ccc-other")


def test_add_400_number_inbound_with_flow(api):
    reply = add(api, ["4001234568"], usage="Inbound", ContactFlowId="flow-after-hours", NumberGroupId="ng-1")
    assert reply.json()["Data"] == []
    item = listing(api, SearchPattern="4001234568").json()["Data"]["List"][0]
    assert (item["Usage"], item["ContactFlowId"], item["ContactFlowName"]) == (
        "Inbound",
        "flow-after-hours",
        "After hours",
    )
    assert item["Active"] is True and int(item["CreateTime"]) > 1767225600000
    assert api.bound()["4001234568"]["number_group_id"] == "ng-1"


def test_add_with_unknown_contact_flow_binds_nothing(api):
    assert_service_error(
        add(api, ["057100000010"], ContactFlowId="flow-nope"), 404, "NotExists.ContactFlowId", ["flow-nope"]
    )
    assert "057100000010" not in api.bound()


def test_add_repeated_number_is_bound_once_and_not_failed(api):
    assert add(api, ["057100000010", "057100000010"]).json()["Data"] == []


def test_add_over_the_per_call_maximum_is_refused(api):
    api.control(
        "POST",
        "/_emulator/reset",
        {"generate_pool": {"prefix": "0571", "count": 10}, "max_numbers_per_call": 3, "instances": {DEMO: {}}},
    )
    assert add(api, ["057100000001", "057100000002", "057100000003"]).json()["Data"] == []
    assert_service_error(
        add(api, ["057100000004", "057100000005", "057100000006", "057100000007"]),
        400,
        "Parameter.Maximum",
        ["NumberList", "3"],
    )
    assert_service_error(
        remove(api, ["057100000001", "057100000002", "057100000003", "057100000004"]),
        400,
        "Parameter.Maximum",
        ["NumberList", "3"],
    )


@pytest.mark.parametrize(
    "params,code",
    [
        ({"Usage": "Sideways", "NumberList": "[]"}, "Parameter.Enumeration"),
        ({"NumberList": "[]"}, "MissingParameter"),
        ({"Usage": "Inbound", "NumberList": "057100000010"}, "InvalidParameter"),
        ({"Usage": "Inbound", "NumberList": '{"a": 1}'}, "InvalidParameter"),
    ],
)
def test_add_parameter_errors(api, params, code):
    assert_service_error(api.v3("AddPhoneNumbers", {"InstanceId": DEMO, **params}), 400, code)


# --- ModifyPhoneNumber --------------------------------------------------------------------------


def test_modify_changes_usage_and_flow_and_has_no_data(api):
    reply = modify(api, "057100000003", "Bidirection", ContactFlowId="flow-after-hours")
    assert reply.status == 200 and "Data" not in reply.json()
    assert (api.bound()["057100000003"]["usage"], api.bound()["057100000003"]["contact_flow_id"]) == (
        "Bidirection",
        "flow-after-hours",
    )


def test_modify_with_empty_flow_clears_it_and_without_flow_keeps_it(api):
    modify(api, "057100000002", "Outbound")
    assert api.bound()["057100000002"]["contact_flow_id"] == "flow-main"
    modify(api, "057100000002", "Outbound", ContactFlowId="")
    assert api.bound()["057100000002"]["contact_flow_id"] is None
    assert listing(api, SearchPattern="057100000002").json()["Data"]["List"][0]["ContactFlowName"] is None


def test_modify_keeps_skill_groups_and_create_time(api):
    before = api.bound()["057100000001"]
    modify(api, "057100000001", "Bidirection")
    after = api.bound()["057100000001"]
    assert (after["skill_groups"], after["create_time"]) == (before["skill_groups"], before["create_time"])


@pytest.mark.parametrize("number", ["057100000010", "057100000200"], ids=["unbound", "bound-elsewhere"])
def test_modify_number_not_bound_to_the_instance(api, number):
    assert_service_error(modify(api, number, "Inbound"), 404, "NotExists.Number", [number])


def test_modify_400_number_must_stay_inbound(api):
    assert_service_error(modify(api, "4001234567", "Bidirection"), 400, "Parameter.Enumeration", ["Usage", "[Inbound]"])
    assert api.bound()["4001234567"]["usage"] == "Inbound"


def test_modify_unknown_flow(api):
    assert_service_error(modify(api, "057100000003", "Inbound", ContactFlowId="nope"), 404, "NotExists.ContactFlowId")


@pytest.mark.parametrize("missing", ["Number", "Usage"])
def test_modify_required_parameters(api, missing):
    params = {"InstanceId": DEMO, "Number": "057100000003", "Usage": "Inbound"}
    del params[missing]
    assert_service_error(api.v3("ModifyPhoneNumber", params), 400, "MissingParameter", [missing])


# --- RemovePhoneNumbers -------------------------------------------------------------------------


def test_remove_unbinds_free_numbers_and_reports_tied_or_unbound_ones(api):
    reply = remove(api, ["057100000003", "057100000001", "057100000002", "057100000010", "057100000200"])
    # tied to a skill group, tied to a flow, not bound, bound to another instance
    assert reply.json()["Data"] == ["057100000001", "057100000002", "057100000010", "057100000200"]
    assert set(api.bound()) == {"057100000001", "057100000002", "4001234567"}


@pytest.mark.parametrize("force", ["true", "True"])
def test_remove_with_force_unbinds_tied_numbers(api, force):
    reply = remove(api, ["057100000001", "057100000002"], Force=force)
    assert reply.json()["Data"] == []
    assert set(api.bound()) == {"057100000003", "4001234567"}


def test_remove_with_force_false_keeps_tied_numbers(api):
    assert remove(api, ["057100000001"], Force="false").json()["Data"] == ["057100000001"]


def test_removed_number_returns_to_the_pool(api):
    remove(api, ["057100000003"])
    reply = api.v3(
        "AddPhoneNumbers", {"InstanceId": "ccc-other", "Usage": "Outbound", "NumberList": '["057100000003"]'}
    )
    assert reply.json()["Data"] == []
    assert "057100000003" in api.bound("ccc-other")


def test_remove_requires_number_list(api):
    assert_service_error(api.v3("RemovePhoneNumbers", {"InstanceId": DEMO}), 400, "MissingParameter", ["NumberList"])


# --- seeds and state ----------------------------------------------------------------------------


def test_generated_pool_and_bound_numbers_follow_the_contract(api):
    seed = {
        "pool": ["4001234567"],
        "generate_pool": {"prefix": "010", "count": 5},
        "instances": {
            "a": {"generate_bound": {"count": 2, "usage": "Outbound"}},
            "b": {"generate_bound": {"count": 2}},
        },
    }
    assert api.control("POST", "/_emulator/reset", seed).status == 200
    state = api.control("GET", "/_emulator/state").json()
    assert state["pool"] == ["01000000001", "01000000002", "01000000003", "01000000004", "01000000005", "4001234567"]
    assert [n["number"] for n in state["instances"]["a"]["numbers"]] == ["01000000001", "01000000002"]
    assert [n["number"] for n in state["instances"]["b"]["numbers"]] == ["01000000003", "01000000004"]
    assert {n["usage"] for n in state["instances"]["a"]["numbers"]} == {"Outbound"}


@pytest.mark.parametrize(
    "seed,words",
    [
        ({"instances": {"a": {"numbers": [{"number": "12x"}]}}}, "not a phone number"),
        ({"instances": {"a": {"numbers": [{"number": "4001234567", "usage": "Outbound"}]}}}, "400 number"),
        ({"instances": {"a": {"numbers": [{"number": "0571", "contact_flow_id": "f"}]}}}, "contact flow"),
        ({"instances": {"a": {"generate_bound": {"count": 1}}}}, "pool has only 0"),
        ({"pools": []}, "unknown key"),
        ({"max_numbers_per_call": 0}, "max_numbers_per_call"),
    ],
)
def test_bad_seed_is_refused_and_state_is_kept(api, seed, words):
    reply = api.control("POST", "/_emulator/reset", seed)
    assert reply.status == 400 and words in reply.json()["error"]
    assert "057100000001" in api.bound()


def test_empty_reset_restores_the_startup_seed(api):
    add(api, ["057100000010"])
    assert api.control("POST", "/_emulator/reset").status == 200
    assert "057100000010" not in api.bound()


def test_reset_forgets_nonces(api):
    first = api.v3("ListPhoneNumbers", {"InstanceId": DEMO, "PageNumber": "1", "PageSize": "1"}, nonce="x")
    api.control("POST", "/_emulator/reset")
    again = api.v3("ListPhoneNumbers", {"InstanceId": DEMO, "PageNumber": "1", "PageSize": "1"}, nonce="x")
    assert first.status == again.status == 200


def test_ten_thousand_numbers_page_and_search_correctly(api):
    seed = {
        "generate_pool": {"prefix": "0571", "count": 10000},
        "instances": {DEMO: {"generate_bound": {"count": 10000}}},
    }
    assert api.control("POST", "/_emulator/reset", seed).status == 200
    last = listing(api, PageNumber="100").json()["Data"]
    assert last["TotalCount"] == 10000
    assert [i["Number"] for i in last["List"]] == [f"0571{i:08d}" for i in range(9901, 10001)]
    assert numbers_of(listing(api, SearchPattern="00009999")) == ["057100009999"]
    remove(api, ["057100010000"])
    assert listing(api, PageNumber="100").json()["Data"]["TotalCount"] == 9999


SPREAD_SEED = {
    "generate_pool": {"prefix": "0571", "count": 15001},
    "instances": {
        DEMO: {
            "generate_bound": {
                "count": 15001,
                "usage": ["Inbound", "Outbound", "Bidirection"],
                "active": [True, False],
            }
        }
    },
}


def test_a_spread_seed_fills_all_six_usage_and_activity_slices_past_ten_thousand(api):
    assert api.control("POST", "/_emulator/reset", SPREAD_SEED).status == 200
    totals = {
        (usage, active): listing(api, Usage=usage, Active=active).json()["Data"]["TotalCount"]
        for usage in ("Inbound", "Outbound", "Bidirection")
        for active in ("true", "false")
    }
    # Number i (from 0) takes usage i mod 3 and activity i mod 2: 15,001 numbers, 2,501 in the first slice.
    assert totals[("Inbound", "true")] == 2501 and all(count in (2500, 2501) for count in totals.values())
    assert sum(totals.values()) == listing(api).json()["Data"]["TotalCount"] == 15001
    first = listing(api, PageSize="6").json()["Data"]["List"]
    assert [(i["Usage"], i["Active"]) for i in first] == [
        ("Inbound", True),
        ("Outbound", False),
        ("Bidirection", True),
        ("Inbound", False),
        ("Outbound", True),
        ("Bidirection", False),
    ]


@pytest.mark.parametrize("active", ["true", "false", "TRUE", "False"])
def test_list_active_filter_returns_only_numbers_of_that_activity(api, active):
    assert api.control("POST", "/_emulator/reset", SPREAD_SEED).status == 200
    data = listing(api, Usage="Outbound", Active=active, PageNumber="25").json()["Data"]
    assert data["TotalCount"] == 2500 and len(data["List"]) == 100
    assert {(i["Usage"], i["Active"]) for i in data["List"]} == {("Outbound", active.lower() == "true")}


def test_generate_bound_takes_a_list_of_rules_one_after_another(api):
    seed = {
        "generate_pool": {"prefix": "0571", "count": 30},
        "instances": {
            DEMO: {
                "generate_bound": [
                    {"count": 10, "usage": "Outbound", "active": False},
                    {"count": 5, "usage": ["Inbound", "Bidirection"]},
                ]
            }
        },
    }
    assert api.control("POST", "/_emulator/reset", seed).status == 200
    bound = api.bound()
    assert [bound[f"0571{i:08d}"]["usage"] for i in range(1, 16)] == ["Outbound"] * 10 + [
        "Inbound",
        "Bidirection",
        "Inbound",
        "Bidirection",
        "Inbound",
    ]
    assert not bound["057100000010"]["active"] and bound["057100000011"]["active"]


@pytest.mark.parametrize(
    "rule, words",
    [
        ({"count": 1, "usage": []}, "must not be empty"),
        ({"count": 1, "usage": ["Inbound", "Both"]}, "usage must be one of"),
        ({"count": 1, "active": ["yes"]}, "active a boolean"),
        ({"count": True}, "count must be a non-negative integer"),
    ],
)
def test_bad_generate_bound_rules_are_refused(api, rule, words):
    seed = {"generate_pool": {"prefix": "0571", "count": 5}, "instances": {DEMO: {"generate_bound": [rule]}}}
    reply = api.control("POST", "/_emulator/reset", seed)
    assert reply.status == 400 and words in reply.json()["error"]
