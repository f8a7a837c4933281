# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Do-not-call lists: ImportDoNotCallNumbers, RemoveDoNotCallNumbers, ListDoNotCallNumbers, their seeds and faults.

The default seed lists 02100000009, 13900000001 ("Asked not to be called") and 13900000002
("Complaint 2026-01") on ccc-demo, and 13800000001, 13800000002 ("Regulator list") on the account.
"""

from __future__ import annotations

import http.client
import json
import time

import pytest
from acs_signer import Caller
from test_emulator_actions import assert_service_error

DEMO = "ccc-demo"
SEED_TIME = 1767225600000
DEMO_LIST = ["02100000009", "13900000001", "13900000002"]
SYSTEM_LIST = ["13800000001", "13800000002"]
ITEM_FIELDS = {"Number", "Remark", "Scope", "Creator", "CreatedTime", "CreateTime"}


def listing(api, **params):
    return api.v3("ListDoNotCallNumbers", {"InstanceId": DEMO, "PageNumber": "1", "PageSize": "100", **params})


def listed(api, **params) -> list[str]:
    reply = listing(api, **params)
    assert reply.status == 200, reply.body
    return [item["Number"] for item in reply.json()["Data"]["List"]]


def import_(api, numbers, **params):
    return api.v3("ImportDoNotCallNumbers", {"InstanceId": DEMO, "NumberList": json.dumps(numbers), **params})


def remove(api, numbers, **params):
    return api.v3("RemoveDoNotCallNumbers", {"InstanceId": DEMO, "NumberList": json.dumps(numbers), **params})


def state(api) -> dict:
    return api.control("GET", "/_emulator/state").json()


def reset(api, seed) -> None:
    reply = api.control("POST", "/_emulator/reset", seed)
    assert reply.status == 200, reply.body


# --- ListDoNotCallNumbers -----------------------------------------------------------------------


def test_list_reply_has_the_sdk_model_shape(api):
    body = listing(api).json()
    assert {k: body[k] for k in ("Code", "HttpStatusCode", "Message")} == {
        "Code": "OK",
        "HttpStatusCode": 200,
        "Message": "",
    }
    data = body["Data"]
    assert (data["PageNumber"], data["PageSize"], data["TotalCount"]) == (1, 100, 3)
    assert all(set(item) == ITEM_FIELDS for item in data["List"])
    assert data["List"][1] == {
        "Number": "13900000001",
        "Remark": "Asked not to be called",
        "Scope": "INSTANCE",
        "Creator": "1234567890123456",
        "CreatedTime": SEED_TIME,
        "CreateTime": SEED_TIME,
    }
    assert data["List"][0]["Remark"] is None


@pytest.mark.parametrize(
    "scope,expected",
    [(None, DEMO_LIST), ("", DEMO_LIST), ("INSTANCE", DEMO_LIST), ("SYSTEM", SYSTEM_LIST)],
)
def test_scope_chooses_the_instance_or_the_account_list(api, scope, expected):
    params = {} if scope is None else {"Scope": scope}
    reply = listing(api, **params)
    assert [i["Number"] for i in reply.json()["Data"]["List"]] == expected
    assert {i["Scope"] for i in reply.json()["Data"]["List"]} == {scope or "INSTANCE"}


@pytest.mark.parametrize("scope", ["system", "ALL", "Instance"])
def test_unknown_scope_is_refused(api, scope):
    assert_service_error(listing(api, Scope=scope), 400, "Parameter.Enumeration", ["Scope", "[SYSTEM, INSTANCE]"])


def test_every_instance_reads_the_same_account_list_and_its_own_instance_list(api):
    assert listed(api, InstanceId="ccc-other", Scope="SYSTEM") == SYSTEM_LIST
    assert listed(api, InstanceId="ccc-other") == []


@pytest.mark.parametrize(
    "pattern,expected",
    [
        ("1390000000", ["13900000001", "13900000002"]),
        ("0009", ["02100000009"]),
        ("complaint", ["13900000002"]),  # remark, any case
        ("ASKED NOT", ["13900000001"]),
        ("2026", ["13900000002"]),
        ("nobody", []),
    ],
)
def test_search_pattern_matches_number_or_remark(api, pattern, expected):
    assert listed(api, SearchPattern=pattern) == expected


def test_search_pattern_on_the_account_list(api):
    assert listed(api, Scope="SYSTEM", SearchPattern="regulator") == SYSTEM_LIST
    assert listed(api, Scope="SYSTEM", SearchPattern="13800000002") == ["13800000002"]


@pytest.mark.parametrize("name", ["PageNumber", "PageSize"])
@pytest.mark.parametrize(
    "value,code",
    [("0", "Parameter.Minimum"), ("101", "Parameter.Maximum"), ("-1", "Parameter.Minimum"), ("x", "InvalidParameter")],
)
def test_list_paging_limits_are_those_of_list_phone_numbers(api, name, value, code):
    assert_service_error(listing(api, **{name: value}), 400, code)


@pytest.mark.parametrize("name", ["InstanceId", "PageNumber", "PageSize"])
def test_list_required_parameters(api, name):
    params = {"InstanceId": DEMO, "PageNumber": "1", "PageSize": "10"}
    del params[name]
    assert_service_error(api.v3("ListDoNotCallNumbers", params), 400, "MissingParameter", [name])


@pytest.mark.parametrize("scope", ["INSTANCE", "SYSTEM"])
def test_unknown_instance_is_not_found_in_both_scopes(api, scope):
    assert_service_error(listing(api, InstanceId="ccc-nope", Scope=scope), 404, "NotExists.InstanceId", ["ccc-nope"])


@pytest.mark.parametrize("scope,seed_key", [("INSTANCE", "instance"), ("SYSTEM", "system")])
def test_ten_thousand_are_reachable_and_more_are_counted(api, scope, seed_key):
    generate = {"prefix": "1370000", "count": 20000, "remark": "bulk"}
    if seed_key == "system":
        seed = {"generate_system_do_not_call": generate, "instances": {DEMO: {}}}
    else:
        seed = {"instances": {DEMO: {"generate_do_not_call": generate}}}
    reset(api, seed)
    last = listing(api, Scope=scope, PageNumber="100").json()["Data"]
    assert last["TotalCount"] == 20000
    assert [i["Number"] for i in last["List"]] == [f"1370000{i:08d}" for i in range(9901, 10001)]
    # Past the 10,000th, a narrower SearchPattern reaches the rest.
    beyond = listing(api, Scope=scope, SearchPattern="137000000019", PageNumber="10").json()["Data"]
    assert beyond["TotalCount"] == 1000
    assert beyond["List"][-1]["Number"] == "137000000019999"


def test_pages_tile_the_list_without_gaps_or_repeats(api):
    reset(api, {"instances": {DEMO: {"generate_do_not_call": {"prefix": "139", "count": 250}}}})
    pages = [listed(api, PageNumber=str(n), PageSize="100") for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [100, 100, 50, 0]
    assert pages[0] + pages[1] + pages[2] == [f"139{i:08d}" for i in range(1, 251)]


# --- ImportDoNotCallNumbers ---------------------------------------------------------------------


def test_import_lists_new_numbers_first_with_the_remark_and_has_no_data(api):
    before = int(time.time() * 1000)
    reply = import_(api, ["13900000009", "13900000008"], Remark="Opted out by SMS")
    assert reply.status == 200 and "Data" not in reply.json()
    items = listing(api).json()["Data"]["List"]
    assert [i["Number"] for i in items] == ["13900000008", "13900000009", *DEMO_LIST]
    new = items[0]
    assert (new["Remark"], new["Scope"], new["Creator"]) == ("Opted out by SMS", "INSTANCE", "1234567890123456")
    assert new["CreatedTime"] == new["CreateTime"] >= before


def test_import_without_remark_lists_a_null_remark(api):
    import_(api, ["13900000009"])
    assert listing(api).json()["Data"]["List"][0]["Remark"] is None


def test_a_listed_number_keeps_its_remark_and_time(api):
    assert import_(api, ["13900000001", "13900000009"], Remark="Second import").status == 200
    items = {i["Number"]: i for i in listing(api).json()["Data"]["List"]}
    assert (items["13900000001"]["Remark"], items["13900000001"]["CreatedTime"]) == (
        "Asked not to be called",
        SEED_TIME,
    )
    assert items["13900000009"]["Remark"] == "Second import"


def test_import_touches_neither_the_account_list_nor_other_instances(api):
    import_(api, ["13800000009"])
    assert listed(api, Scope="SYSTEM") == SYSTEM_LIST
    assert listed(api, InstanceId="ccc-other") == []


def test_a_number_repeated_in_one_import_is_listed_once(api):
    import_(api, ["13900000009", "13900000009", 13900000009])
    assert listed(api).count("13900000009") == 1


def test_a_later_import_lists_before_an_earlier_one(api):
    import_(api, ["13900000009"])
    import_(api, ["13900000008"])
    assert listed(api)[:2] == ["13900000008", "13900000009"]


@pytest.mark.parametrize(
    "params,status,code,error_params",
    [
        ({"NumberList": '["13900000009"]'}, 400, "MissingParameter", ["InstanceId"]),
        ({"InstanceId": DEMO}, 400, "Parameter.Empty", ["NumberList"]),
        ({"InstanceId": DEMO, "NumberList": ""}, 400, "Parameter.Empty", ["NumberList"]),
        ({"InstanceId": DEMO, "NumberList": "[]"}, 400, "Parameter.Empty", ["NumberList"]),
        ({"InstanceId": DEMO, "NumberList": '["13900000009", " "]'}, 400, "Parameter.Blank", ["NumberList"]),
        ({"InstanceId": DEMO, "NumberList": "13900000009"}, 400, "InvalidParameter", None),
        ({"InstanceId": DEMO, "NumberList": '{"n": "13900000009"}'}, 400, "InvalidParameter", None),
        ({"InstanceId": DEMO, "NumberList": '["139-0000-0009"]'}, 400, "InvalidParameter", None),
        (
            {"InstanceId": DEMO, "NumberList": '["13900000009"]', "FilePath": "temp/dnc.xlsx"},
            400,
            "InvalidParameter",
            None,
        ),
        ({"InstanceId": "ccc-nope", "NumberList": '["13900000009"]'}, 404, "NotExists.InstanceId", ["ccc-nope"]),
    ],
)
def test_import_refusals_list_nothing(api, params, status, code, error_params):
    assert_service_error(api.v3("ImportDoNotCallNumbers", params), status, code, error_params)
    assert listed(api) == DEMO_LIST


def test_import_over_the_default_limit_of_100_is_refused_whole(api):
    numbers = [f"139{i:08d}" for i in range(101, 202)]
    assert_service_error(import_(api, numbers), 400, "Parameter.Maximum", ["NumberList", "100"])
    assert listed(api) == DEMO_LIST
    assert import_(api, numbers[:100]).status == 200
    assert listing(api).json()["Data"]["TotalCount"] == 103


def test_import_limit_is_a_seed_setting(api):
    reset(api, {"max_do_not_call_per_import": 2, "instances": {DEMO: {}}})
    assert_service_error(import_(api, ["1391", "1392", "1393"]), 400, "Parameter.Maximum", ["NumberList", "2"])
    assert import_(api, ["1391", "1392"]).status == 200
    assert state(api)["max_do_not_call_per_import"] == 2


def test_creator_of_imports_is_a_seed_setting(api):
    reset(api, {"do_not_call_creator": "agent@ccc-demo", "instances": {DEMO: {"do_not_call": ["13900000001"]}}})
    import_(api, ["13900000009"])
    assert {i["Creator"] for i in listing(api).json()["Data"]["List"]} == {"agent@ccc-demo"}


# --- RemoveDoNotCallNumbers ---------------------------------------------------------------------


def test_remove_unlists_numbers_passes_over_unlisted_ones_and_answers_an_empty_string(api):
    reply = remove(api, ["13900000001", "13900000777"])
    assert reply.status == 200 and reply.json()["Data"] == ""
    assert listed(api) == ["02100000009", "13900000002"]


def test_remove_never_touches_the_account_list(api):
    remove(api, SYSTEM_LIST)
    assert listed(api, Scope="SYSTEM") == SYSTEM_LIST


def test_removed_number_can_be_imported_again_with_a_new_remark(api):
    remove(api, ["13900000001"])
    import_(api, ["13900000001"], Remark="Back on the list")
    first = listing(api).json()["Data"]["List"][0]
    assert (first["Number"], first["Remark"]) == ("13900000001", "Back on the list")


@pytest.mark.parametrize(
    "params,status,code,error_params",
    [
        ({"NumberList": '["13900000001"]'}, 400, "MissingParameter", ["InstanceId"]),
        ({"InstanceId": DEMO}, 400, "Parameter.Minimum", ["NumberList", "1"]),
        ({"InstanceId": DEMO, "NumberList": "[]"}, 400, "Parameter.Minimum", ["NumberList", "1"]),
        (
            {"InstanceId": DEMO, "NumberList": json.dumps([f"139{i:08d}" for i in range(301)])},
            400,
            "Parameter.Maximum",
            ["NumberList", "300"],
        ),
        ({"InstanceId": DEMO, "NumberList": "13900000001"}, 400, "InvalidParameter", None),
        ({"InstanceId": "ccc-nope", "NumberList": '["13900000001"]'}, 404, "NotExists.InstanceId", ["ccc-nope"]),
    ],
)
def test_remove_refusals_remove_nothing(api, params, status, code, error_params):
    assert_service_error(api.v3("RemoveDoNotCallNumbers", params), status, code, error_params)
    assert listed(api) == DEMO_LIST


def test_remove_takes_300_numbers(api):
    reset(api, {"instances": {DEMO: {"generate_do_not_call": {"prefix": "139", "count": 400}}}})
    assert remove(api, [f"139{i:08d}" for i in range(1, 301)]).status == 200
    assert listing(api).json()["Data"]["TotalCount"] == 100


# --- seeds, state, counters ---------------------------------------------------------------------


def test_state_shows_both_lists_in_listing_order(api):
    import_(api, ["13900000009"], Remark="new")
    seen = state(api)
    assert [e["number"] for e in seen["instances"][DEMO]["do_not_call"]] == ["13900000009", *DEMO_LIST]
    assert seen["instances"][DEMO]["do_not_call"][1] == {
        "number": "02100000009",
        "remark": None,
        "creator": "1234567890123456",
        "created_time": SEED_TIME,
    }
    assert [e["number"] for e in seen["system_do_not_call"]] == SYSTEM_LIST
    assert seen["instances"]["ccc-other"]["do_not_call"] == []


def test_seeded_times_order_the_list_newest_first(api):
    entries = [
        {"number": "1391", "created_time": SEED_TIME},
        {"number": "1392", "created_time": SEED_TIME + 5, "remark": "r", "creator": "agent"},
        "1393",
    ]
    reset(api, {"instances": {DEMO: {"do_not_call": entries}}})
    items = listing(api).json()["Data"]["List"]
    assert [i["Number"] for i in items] == ["1392", "1391", "1393"]
    assert (items[0]["Creator"], items[0]["Remark"]) == ("agent", "r")


def test_generated_entries_skip_numbers_already_listed(api):
    seed = {
        "instances": {
            DEMO: {
                "do_not_call": [{"number": "13900000002", "remark": "kept"}],
                "generate_do_not_call": [{"prefix": "139", "count": 3}, {"prefix": "138", "count": 1, "remark": "x"}],
            }
        }
    }
    reset(api, seed)
    items = listing(api).json()["Data"]["List"]
    assert [(i["Number"], i["Remark"]) for i in items] == [
        ("13800000001", "x"),
        ("13900000001", None),
        ("13900000002", "kept"),
        ("13900000003", None),
    ]


@pytest.mark.parametrize(
    "seed,words",
    [
        ({"instances": {DEMO: {"do_not_call": ["1391", "1391"]}}}, "listed twice"),
        ({"instances": {DEMO: {"do_not_call": ["13x"]}}}, "not a phone number"),
        ({"instances": {DEMO: {"do_not_call": [{"number": "1391", "remark": 5}]}}}, "remark must be"),
        ({"instances": {DEMO: {"do_not_call": [{"number": "1391", "created_time": "today"}]}}}, "created_time"),
        ({"instances": {DEMO: {"do_not_call": [{"number": "1391", "scope": "SYSTEM"}]}}}, "unknown key"),
        ({"instances": {DEMO: {"do_not_call": "1391"}}}, "must be a list"),
        ({"instances": {DEMO: {"generate_do_not_call": {"prefix": "139", "count": -1}}}}, "generate_do_not_call"),
        ({"generate_system_do_not_call": {"prefix": 139, "count": 1}}, "generate_system_do_not_call"),
        ({"system_do_not_call": [{"number": "1391", "creator": 7}]}, "creator must be"),
        ({"max_do_not_call_per_import": 0}, "max_do_not_call_per_import"),
        ({"do_not_call_creator": 1}, "do_not_call_creator"),
    ],
)
def test_bad_do_not_call_seed_is_refused_and_state_is_kept(api, seed, words):
    reply = api.control("POST", "/_emulator/reset", seed)
    assert reply.status == 400 and words in reply.json()["error"]
    assert listed(api) == DEMO_LIST


def test_counters_count_the_do_not_call_calls_and_their_errors(api):
    listing(api)
    import_(api, ["13900000009"])
    import_(api, [])
    remove(api, ["13900000009"])
    snapshot = api.counters()
    assert snapshot["calls"] == {"ListDoNotCallNumbers": 1, "ImportDoNotCallNumbers": 2, "RemoveDoNotCallNumbers": 1}
    assert snapshot["errors"] == {"Parameter.Empty": 1}


# --- faults on the write calls --------------------------------------------------------------------

WRITES = {
    "ImportDoNotCallNumbers": ({"NumberList": '["13900000009"]'}, lambda numbers: "13900000009" in numbers),
    "RemoveDoNotCallNumbers": ({"NumberList": '["13900000001"]'}, lambda numbers: "13900000001" not in numbers),
}


@pytest.mark.parametrize("action", sorted(WRITES))
@pytest.mark.parametrize(
    "kind,status,code",
    [
        ("throttle", 400, "Throttling.User"),
        ("unavailable", 503, "ServiceUnavailable"),
        ("internal", 500, "InternalError"),
    ],
)
def test_error_faults_refuse_do_not_call_writes_and_apply_nothing(api, action, kind, status, code):
    params, applied = WRITES[action]
    api.control("POST", "/_emulator/faults", [{"action": action, "kind": kind, "count": 1}])
    reply = api.v3(action, {"InstanceId": DEMO, **params})
    assert (reply.status, reply.code) == (status, code)
    assert not applied(listed(api))
    assert api.v3(action, {"InstanceId": DEMO, **params}).status == 200
    assert applied(listed(api))
    assert api.counters()["faults"] == {kind: 1}


@pytest.mark.parametrize("action", sorted(WRITES))
def test_non_json_fault_on_do_not_call_writes_applies_nothing(api, action):
    params, applied = WRITES[action]
    api.control("POST", "/_emulator/faults", [{"action": action, "kind": "non_json", "count": 1}])
    reply = api.v3(action, {"InstanceId": DEMO, **params})
    assert reply.status == 502 and reply.headers["content-type"].startswith("text/html")
    assert not applied(listed(api))


@pytest.mark.parametrize("action", sorted(WRITES))
def test_lost_reply_on_do_not_call_writes_applies_the_change(api, action):
    params, applied = WRITES[action]
    api.control("POST", "/_emulator/faults", [{"action": action, "kind": "lost_reply", "count": 1}])
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        api.v3(action, {"InstanceId": DEMO, **params})
    assert applied(listed(api))
    assert api.counters()["calls"][action] == 1


@pytest.mark.parametrize("action", sorted(WRITES))
def test_slow_reply_on_do_not_call_writes_applies_before_the_client_gives_up(api, emulator_port, action):
    params, applied = WRITES[action]
    api.control("POST", "/_emulator/faults", [{"action": action, "kind": "slow", "delay_ms": 1500, "count": 1}])
    impatient = Caller(emulator_port, timeout=0.3)
    with pytest.raises(TimeoutError):
        impatient.v3(action, {"InstanceId": DEMO, **params})
    impatient.close()
    assert applied(listed(api))
