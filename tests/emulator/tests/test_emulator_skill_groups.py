# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Skill-group membership: AddNumbersToSkillGroup, RemovePhoneNumbersFromSkillGroup and the SkillGroups
that ListPhoneNumbers shows (default seed: sg-sales and sg-support in ccc-demo; 057100000001 in sg-sales)."""

from __future__ import annotations

import http.client
import json

import pytest
from test_emulator_actions import DEMO, assert_service_error, listing, remove

SALES, SUPPORT = "sg-sales", "sg-support"


def join(api, group, numbers, **params):
    return api.v3(
        "AddNumbersToSkillGroup",
        {"InstanceId": DEMO, "SkillGroupId": group, "NumberList": json.dumps(numbers), **params},
    )


def leave(api, group, numbers, **params):
    return api.v3(
        "RemovePhoneNumbersFromSkillGroup",
        {"InstanceId": DEMO, "SkillGroupId": group, "NumberList": json.dumps(numbers), **params},
    )


def groups_of(api) -> dict[str, list[str]]:
    """number -> skill group ids, as ListPhoneNumbers shows them."""
    items = listing(api).json()["Data"]["List"]
    return {item["Number"]: [g["SkillGroupId"] for g in item["SkillGroups"]] for item in items}


def assert_ok_without_data(reply):
    assert reply.status == 200, reply.body
    body = reply.json()
    assert set(body) == {"RequestId", "Code", "HttpStatusCode", "Message"}
    assert (body["Code"], body["HttpStatusCode"]) == ("OK", 200)


def test_join_adds_numbers_to_the_group_and_the_listing_shows_it(api):
    assert groups_of(api)["057100000002"] == []  # read once, so a stale cached page would show
    assert_ok_without_data(join(api, SUPPORT, ["057100000001", "057100000002"]))
    groups = groups_of(api)
    assert (groups["057100000001"], groups["057100000002"]) == ([SALES, SUPPORT], [SUPPORT])
    item = listing(api, SearchPattern="057100000002").json()["Data"]["List"][0]
    assert item["SkillGroups"] == [
        {"SkillGroupId": SUPPORT, "Name": SUPPORT, "DisplayName": "Support", "InstanceId": DEMO}
    ]
    assert api.bound()["057100000002"]["skill_groups"] == [SUPPORT]


def test_join_twice_keeps_one_membership(api):
    join(api, SALES, ["057100000001", "057100000003"])
    assert_ok_without_data(join(api, SALES, ["057100000003", "057100000003"]))
    assert groups_of(api)["057100000003"] == [SALES]
    assert groups_of(api)["057100000001"] == [SALES]


def test_join_by_number_group_adds_the_numbers_bound_with_it(api):
    api.v3(
        "AddPhoneNumbers",
        {
            "InstanceId": DEMO,
            "Usage": "Outbound",
            "NumberList": '["057100000010","057100000011"]',
            "NumberGroupId": "ng-1",
        },
    )
    reply = api.v3(
        "AddNumbersToSkillGroup", {"InstanceId": DEMO, "SkillGroupId": SALES, "InstNumberGroupIdList": '["ng-1"]'}
    )
    assert_ok_without_data(reply)
    groups = groups_of(api)
    assert (groups["057100000010"], groups["057100000011"], groups["057100000003"]) == ([SALES], [SALES], [])


def test_join_without_numbers_changes_nothing(api):
    before = api.bound()
    assert_ok_without_data(api.v3("AddNumbersToSkillGroup", {"InstanceId": DEMO, "SkillGroupId": SUPPORT}))
    assert api.bound() == before


def test_leave_takes_numbers_out_of_that_group_only(api):
    join(api, SUPPORT, ["057100000001", "057100000003"])
    assert_ok_without_data(leave(api, SALES, ["057100000001", "057100000003"]))  # 003 is not in sg-sales
    groups = groups_of(api)
    assert (groups["057100000001"], groups["057100000003"]) == ([SUPPORT], [SUPPORT])


def test_skill_group_name_is_the_id_before_the_at_sign(api):
    seed = {
        "pool": ["02100000001"],
        "instances": {
            DEMO: {
                "skill_groups": {"sales@ccc-demo": "Sales desk"},
                "numbers": [{"number": "02100000001", "skill_groups": ["sales@ccc-demo", "sales@ccc-demo"]}],
            }
        },
    }
    assert api.control("POST", "/_emulator/reset", seed).status == 200
    item = listing(api).json()["Data"]["List"][0]
    assert item["SkillGroups"] == [
        {"SkillGroupId": "sales@ccc-demo", "Name": "sales", "DisplayName": "Sales desk", "InstanceId": DEMO}
    ]


@pytest.mark.parametrize("call", [join, leave], ids=["join", "leave"])
@pytest.mark.parametrize("group", ["sg-nope", "flow-main"], ids=["unknown", "not-a-skill-group"])
def test_unknown_skill_group_refuses_the_whole_call(api, call, group):
    before = api.bound()
    assert_service_error(call(api, group, ["057100000001", "057100000002"]), 404, "NotExists.SkillGroupId", [group])
    assert api.bound() == before


def test_skill_group_of_another_instance_is_unknown(api):
    seed = {"pool": ["02100000001"], "instances": {DEMO: {}, "ccc-other": {"skill_groups": {"sg-x": "X"}}}}
    api.control("POST", "/_emulator/reset", seed)
    assert_service_error(join(api, "sg-x", []), 404, "NotExists.SkillGroupId", ["sg-x"])


@pytest.mark.parametrize("call", [join, leave], ids=["join", "leave"])
@pytest.mark.parametrize("number", ["057100000010", "057100000200"], ids=["unbound", "bound-elsewhere"])
def test_number_not_in_the_instance_refuses_the_whole_call(api, call, number):
    join(api, SUPPORT, ["057100000003"])
    before = api.bound()
    assert_service_error(
        call(api, SUPPORT, ["057100000002", number, "057100000003"]), 404, "NotExists.Number", [number, DEMO]
    )
    assert api.bound() == before


@pytest.mark.parametrize(
    "action,params,status,code",
    [
        ("AddNumbersToSkillGroup", {"SkillGroupId": SALES}, 400, "MissingParameter"),
        ("AddNumbersToSkillGroup", {"InstanceId": DEMO}, 400, "MissingParameter"),
        (
            "AddNumbersToSkillGroup",
            {"InstanceId": DEMO, "SkillGroupId": SALES, "NumberList": "0571"},
            400,
            "InvalidParameter",
        ),
        (
            "AddNumbersToSkillGroup",
            {"InstanceId": DEMO, "SkillGroupId": SALES, "InstNumberGroupIdList": '"ng-1"'},
            400,
            "InvalidParameter",
        ),
        ("RemovePhoneNumbersFromSkillGroup", {"InstanceId": DEMO, "SkillGroupId": SALES}, 400, "MissingParameter"),
        ("RemovePhoneNumbersFromSkillGroup", {"InstanceId": DEMO, "NumberList": "[]"}, 400, "MissingParameter"),
        (
            "RemovePhoneNumbersFromSkillGroup",
            {"InstanceId": DEMO, "SkillGroupId": SALES, "NumberList": '{"a": 1}'},
            400,
            "InvalidParameter",
        ),
        ("AddNumbersToSkillGroup", {"InstanceId": "ccc-nope", "SkillGroupId": SALES}, 404, "NotExists.InstanceId"),
        (
            "RemovePhoneNumbersFromSkillGroup",
            {"InstanceId": "ccc-nope", "SkillGroupId": SALES, "NumberList": "[]"},
            404,
            "NotExists.InstanceId",
        ),
    ],
)
def test_parameter_and_instance_errors(api, action, params, status, code):
    assert_service_error(api.v3(action, params), status, code)


@pytest.mark.parametrize("call", [join, leave], ids=["join", "leave"])
def test_number_list_over_the_per_call_maximum_is_refused(api, call):
    seed = {"generate_pool": {"prefix": "0571", "count": 4}, "max_numbers_per_call": 3}
    seed["instances"] = {DEMO: {"skill_groups": {SALES: "Sales"}, "generate_bound": {"count": 4}}}
    api.control("POST", "/_emulator/reset", seed)
    numbers = [f"0571{i:08d}" for i in range(1, 5)]
    assert_service_error(call(api, SALES, numbers), 400, "Parameter.Maximum", ["NumberList", "3"])
    assert call(api, SALES, numbers[:3]).status == 200


def test_remove_without_force_refuses_a_number_that_joined_a_group(api):
    join(api, SUPPORT, ["057100000003"])
    assert remove(api, ["057100000003"]).json()["Data"] == ["057100000003"]
    leave(api, SUPPORT, ["057100000003"])
    assert remove(api, ["057100000003"]).json()["Data"] == []
    assert "057100000003" not in api.bound()


def test_counters_count_membership_calls_by_action(api):
    join(api, SUPPORT, ["057100000003"])
    leave(api, SUPPORT, ["057100000003"])
    join(api, "sg-nope", [])
    counters = api.counters()
    assert counters["calls"] == {"AddNumbersToSkillGroup": 2, "RemovePhoneNumbersFromSkillGroup": 1}
    assert counters["errors"] == {"NotExists.SkillGroupId": 1}


def test_faults_apply_to_membership_calls(api):
    api.control(
        "POST",
        "/_emulator/faults",
        [
            {"action": "AddNumbersToSkillGroup", "kind": "throttle", "count": 1},
            {"action": "AddNumbersToSkillGroup", "kind": "lost_reply", "count": 1},
        ],
    )
    assert join(api, SUPPORT, ["057100000003"]).code == "Throttling.User"
    assert api.bound()["057100000003"]["skill_groups"] == []
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        join(api, SUPPORT, ["057100000003"])
    assert api.bound()["057100000003"]["skill_groups"] == [SUPPORT]
    assert api.counters()["faults"] == {"throttle": 1, "lost_reply": 1}


@pytest.mark.parametrize(
    "skill_groups",
    [["sg-nope"], [["sg-sales"]], "sg-sales"],
    ids=["unknown-group", "not-a-string", "not-a-list"],
)
def test_seed_with_bad_skill_groups_is_refused(api, skill_groups):
    seed = {"pool": ["02100000001"], "instances": {DEMO: {"skill_groups": {SALES: "Sales"}}}}
    seed["instances"][DEMO]["numbers"] = [{"number": "02100000001", "skill_groups": skill_groups}]
    reply = api.control("POST", "/_emulator/reset", seed)
    assert reply.status == 400 and "skill_groups" in reply.json()["error"]
