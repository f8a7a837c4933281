# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault injection and counters, as the contract in docs/architecture.md describes them."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
from acs_signer import KEY, Caller

LIST = {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "10"}


def faults(api, *rules):
    reply = api.control("POST", "/_emulator/faults", list(rules))
    assert reply.status == 200, reply.body


def add_one(api, number="057100000010"):
    return api.v3(
        "AddPhoneNumbers", {"InstanceId": "ccc-demo", "Usage": "Outbound", "NumberList": json.dumps([number])}
    )


@pytest.mark.parametrize(
    "kind,status,code",
    [
        ("throttle", 400, "Throttling.User"),
        ("unavailable", 503, "ServiceUnavailable"),
        ("internal", 500, "InternalError"),
    ],
)
def test_error_faults_hit_the_first_n_calls_and_apply_nothing(api, kind, status, code):
    faults(api, {"action": "AddPhoneNumbers", "kind": kind, "count": 2})
    first, second = add_one(api), add_one(api)
    assert [(r.status, r.code) for r in (first, second)] == [(status, code)] * 2
    assert set(first.json()) == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert "057100000010" not in api.bound()
    assert add_one(api).status == 200
    assert "057100000010" in api.bound()
    assert api.counters()["errors"][code] == 2


def test_throttle_with_and_without_retry_after(api):
    faults(
        api,
        {"action": "*", "kind": "throttle", "count": 1, "retry_after_ms": 250},
        {"action": "*", "kind": "throttle", "count": 1},
    )
    with_header, without_header = api.v3("ListPhoneNumbers", LIST), api.v3("ListPhoneNumbers", LIST)
    assert with_header.headers["x-acs-retry-after"] == "250"
    assert without_header.code == "Throttling.User" and "x-acs-retry-after" not in without_header.headers
    assert api.v3("ListPhoneNumbers", LIST).status == 200


def test_fault_only_matches_its_action(api):
    faults(api, {"action": "RemovePhoneNumbers", "kind": "internal"})
    assert api.v3("ListPhoneNumbers", LIST).status == 200
    assert api.v3("RemovePhoneNumbers", {"InstanceId": "ccc-demo", "NumberList": "[]"}).code == "InternalError"


def test_fraction_without_seed_is_spread_evenly(api):
    faults(api, {"action": "ListPhoneNumbers", "kind": "unavailable", "fraction": 0.25})
    statuses = [api.v3("ListPhoneNumbers", LIST).status for _n in range(8)]
    assert statuses == [200, 200, 200, 503, 200, 200, 200, 503]


def test_fraction_with_seed_repeats_exactly(api):
    runs = []
    for _n in range(2):
        api.control("DELETE", "/_emulator/faults")
        faults(api, {"action": "*", "kind": "internal", "fraction": 0.5, "seed": 7})
        runs.append([api.v3("ListPhoneNumbers", LIST).status for _n in range(20)])
    assert runs[0] == runs[1] and 500 in runs[0] and 200 in runs[0]


def test_lost_reply_applies_the_change_then_drops_the_connection(api):
    faults(api, {"action": "AddPhoneNumbers", "kind": "lost_reply", "count": 1})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        add_one(api)
    assert "057100000010" in api.bound()
    assert api.counters()["faults"] == {"lost_reply": 1}


def test_slow_reply_applies_the_change_before_the_client_times_out(api, emulator_port):
    faults(api, {"action": "AddPhoneNumbers", "kind": "slow", "delay_ms": 1500, "count": 1})
    impatient = Caller(emulator_port, timeout=0.3)
    with pytest.raises(TimeoutError):
        impatient.v3(
            "AddPhoneNumbers", {"InstanceId": "ccc-demo", "Usage": "Outbound", "NumberList": '["057100000010"]'}
        )
    assert "057100000010" in api.bound()


def test_slow_reply_arrives_late_but_whole(api):
    faults(api, {"action": "ListPhoneNumbers", "kind": "slow", "delay_ms": 300, "count": 1})
    started = time.monotonic()
    assert api.v3("ListPhoneNumbers", LIST).status == 200
    assert time.monotonic() - started >= 0.3


def test_latency_adds_to_every_matching_call_and_stacks_with_other_faults(api):
    faults(api, {"action": "*", "kind": "latency", "delay_ms": 200}, {"action": "*", "kind": "internal", "count": 1})
    started = time.monotonic()
    first, second = api.v3("ListPhoneNumbers", LIST), api.v3("ListPhoneNumbers", LIST)
    assert time.monotonic() - started >= 0.4
    assert (first.code, second.status) == ("InternalError", 200)


@pytest.mark.parametrize("extra, status", [({}, 502), ({"status": 200}, 200)])
def test_non_json_reply_is_an_html_page_and_applies_nothing(api, extra, status):
    faults(api, {"action": "AddPhoneNumbers", "kind": "non_json", "count": 1, **extra})
    reply = add_one(api)
    assert reply.status == status and reply.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError):
        json.loads(reply.body)
    assert "057100000010" not in api.bound()


def test_first_decisive_rule_wins_and_later_counts_are_not_used_up(api):
    faults(api, {"action": "*", "kind": "throttle", "count": 1}, {"action": "*", "kind": "internal", "count": 1})
    codes = [api.v3("ListPhoneNumbers", LIST) for _n in range(3)]
    assert [r.status for r in codes] == [400, 500, 200]


def test_faults_do_not_touch_unsigned_or_refused_requests(api):
    faults(api, {"action": "*", "kind": "internal"})
    assert api.control("GET", "/_emulator/state").status == 200
    assert api.v3("ListPhoneNumbers", LIST, ("LTAINobody", "x", None)).code == "InvalidAccessKeyId.NotFound"
    listed = api.control("GET", "/_emulator/faults").json()
    assert listed[0]["matched"] == 0


def test_clearing_faults(api):
    faults(api, {"action": "*", "kind": "internal"})
    api.control("DELETE", "/_emulator/faults")
    assert api.v3("ListPhoneNumbers", LIST).status == 200
    assert api.control("GET", "/_emulator/faults").json() == []


@pytest.mark.parametrize(
    "rule,words",
    [
        ({"kind": "explode"}, "kind must be one of"),
        ({"kind": "latency"}, "needs delay_ms"),
        ({"kind": "throttle", "count": 1, "fraction": 0.5}, "not both"),
        ({"kind": "throttle", "fraction": 2}, "fraction"),
        ({"kind": "throttle", "count": -1}, "count"),
        ({"kind": "throttle", "cuont": 1}, "unknown key"),
    ],
)
def test_bad_fault_rule_is_refused(api, rule, words):
    reply = api.control("POST", "/_emulator/faults", [rule])
    assert reply.status == 400 and words in reply.json()["error"]
    assert api.control("GET", "/_emulator/faults").json() == []


# --- counters -----------------------------------------------------------------------------------


def test_counters_count_calls_per_action_errors_and_signature_failures(api):
    api.v3("ListPhoneNumbers", LIST)
    api.v1("ListPhoneNumbers", LIST)
    add_one(api)
    api.v3("ListPhoneNumbers", {**LIST, "InstanceId": "ccc-nope"})
    api.v3("ListPhoneNumbers", LIST, (KEY[0], "wrong", None))
    api.control("GET", "/_emulator/state")
    snapshot = api.counters()
    assert snapshot["calls"] == {"ListPhoneNumbers": 4, "AddPhoneNumbers": 1}
    assert snapshot["total_calls"] == 5
    assert snapshot["signature_failures"] == 1
    assert snapshot["errors"] == {"NotExists.InstanceId": 1, "SignatureDoesNotMatch": 1}
    assert snapshot["max_concurrent"] == 1 and snapshot["in_flight"] == 0


def test_counters_reset(api):
    api.v3("ListPhoneNumbers", LIST)
    api.control("POST", "/_emulator/counters/reset")
    assert api.counters() == {
        "calls": {},
        "total_calls": 0,
        "max_concurrent": 0,
        "in_flight": 0,
        "signature_failures": 0,
        "errors": {},
        "faults": {},
    }


def test_max_concurrent_sees_parallel_requests(api, emulator_port):
    faults(api, {"action": "ListPhoneNumbers", "kind": "latency", "delay_ms": 400})
    callers = [Caller(emulator_port) for _n in range(5)]
    threads = [threading.Thread(target=c.v3, args=("ListPhoneNumbers", LIST)) for c in callers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for caller in callers:
        caller.close()
    assert api.counters()["max_concurrent"] == 5


def test_unknown_control_endpoint(api):
    assert api.control("GET", "/_emulator/nothing").status == 404


# --- faults that change what a reader sees ---------------------------------------------------------


def test_after_lets_the_first_matching_calls_through(api):
    faults(api, {"action": "ListPhoneNumbers", "kind": "unavailable", "count": 1, "after": 2})
    codes = [api.v3("ListPhoneNumbers", LIST).status for _call in range(4)]
    assert codes == [200, 200, 503, 200]


def test_move_number_changes_slice_before_the_call_is_answered(api):
    number = "057100000001"  # Inbound and active in the default seed
    faults(
        api,
        {
            "action": "ListPhoneNumbers",
            "kind": "move_number",
            "count": 1,
            "after": 1,
            "number": number,
            "active": False,
        },
    )
    inactive = dict(LIST, Active="false")
    assert api.v3("ListPhoneNumbers", inactive).json()["Data"]["TotalCount"] == 0
    moved = api.v3("ListPhoneNumbers", inactive).json()["Data"]
    assert [item["Number"] for item in moved["List"]] == [number]
    assert moved["List"][0]["Usage"] == "Inbound" and api.bound()[number]["active"] is False
    assert api.counters()["faults"] == {"move_number": 1}


def test_ignore_filter_answers_as_if_the_filter_was_not_sent(api):
    faults(api, {"action": "ListPhoneNumbers", "kind": "ignore_filter", "filter": "Active", "count": 1})
    inactive = dict(LIST, Active="false")
    assert api.v3("ListPhoneNumbers", inactive).json()["Data"]["TotalCount"] > 0
    assert api.v3("ListPhoneNumbers", inactive).json()["Data"]["TotalCount"] == 0


@pytest.mark.parametrize(
    "rule,words",
    [
        ({"kind": "move_number", "active": False}, "needs the number"),
        ({"kind": "move_number", "number": "057100000001"}, "needs usage, active or both"),
        ({"kind": "move_number", "number": "057100000001", "usage": "Both"}, "usage must be one of"),
        ({"kind": "move_number", "number": "057100000001", "active": "no"}, "active must be true or false"),
        ({"kind": "ignore_filter", "filter": "PageSize"}, "ignore_filter needs filter"),
        ({"kind": "throttle", "number": "057100000001"}, "number only goes with move_number, insert_number or"),
        ({"kind": "throttle", "after": -1}, "after must be"),
    ],
)
def test_bad_reader_fault_rule_is_refused(api, rule, words):
    reply = api.control("POST", "/_emulator/faults", [rule])
    assert reply.status == 400 and words in reply.json()["error"]


# --- faults the collection's unit tests drive in-process ---------------------------------------------


def test_error_answers_with_the_code_status_and_message_given_and_applies_nothing(api):
    faults(api, {"action": "AddPhoneNumbers", "kind": "error", "code": "Parameter.Maximum", "count": 1})
    faults(
        api,
        {
            "action": "AddPhoneNumbers",
            "kind": "error",
            "code": "Forbidden.RAM",
            "status": 403,
            "count": 1,
            "message": "You are not authorized to do this action.",
        },
    )
    first, second = add_one(api), add_one(api)
    assert (first.status, first.code) == (400, "Parameter.Maximum")
    assert (second.status, second.code, second.json()["Message"]) == (
        403,
        "Forbidden.RAM",
        "You are not authorized to do this action.",
    )
    assert "057100000010" not in api.bound()
    assert add_one(api).status == 200


@pytest.mark.parametrize(
    "rule, status, body",
    [
        (
            {
                "code": "NotExists.InstanceId",
                "status": 404,
                "message": "The instance %s does not exist.",
                "params": ["x"],
            },
            404,
            {
                "Code": "NotExists.InstanceId",
                "Message": "The instance %s does not exist.",
                "HttpStatusCode": 404,
                "Params": ["x"],
            },
        ),
        (
            {"code": "Parameter.Invalid", "http_status": 200, "message": "bad"},
            200,
            {"Code": "Parameter.Invalid", "Message": "bad", "HttpStatusCode": 400, "Params": []},
        ),
        ({"shape": "message", "status": 404, "message": "missing"}, 404, {"Message": "missing"}),
    ],
)
def test_error_answers_in_the_shape_and_status_asked_for_and_applies_nothing(api, rule, status, body):
    faults(api, {"action": "AddPhoneNumbers", "kind": "error", "count": 1, **rule})
    reply = add_one(api)
    answered, header = reply.json(), reply.headers["x-acs-request-id"]
    # The service shape carries the request id in the body too; the message shape only in the header.
    assert header and answered.pop("RequestId", header) == header
    assert (reply.status, answered) == (status, body)
    assert "057100000010" not in api.bound()
    assert api.counters()["errors"] == ({body["Code"]: 1} if "Code" in body else {})


def test_lost_request_drops_the_connection_and_applies_nothing(api):
    faults(api, {"action": "AddPhoneNumbers", "kind": "lost_request", "count": 1})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        add_one(api)
    assert "057100000010" not in api.bound()
    assert api.counters()["faults"] == {"lost_request": 1}


def test_keep_flow_ignores_an_empty_contact_flow_but_not_a_new_one(api):
    faults(api, {"action": "ModifyPhoneNumber", "kind": "keep_flow"})
    number = {"InstanceId": "ccc-demo", "Number": "057100000001", "Usage": "Inbound"}
    assert api.v3("ModifyPhoneNumber", dict(number, ContactFlowId="")).status == 200
    assert api.bound()["057100000001"]["contact_flow_id"] == "flow-main"
    assert api.v3("ModifyPhoneNumber", dict(number, ContactFlowId="flow-after-hours")).status == 200
    assert api.bound()["057100000001"]["contact_flow_id"] == "flow-after-hours"


def test_old_shapes_answer_as_older_api_pages_show(api):
    faults(api, {"action": "*", "kind": "old_shapes"})
    one = api.v3("ListPhoneNumbers", dict(LIST, SearchPattern="057100000001")).json()["Data"]["List"]
    assert one["Number"] == "057100000001" and one["SkillGroups"]["SkillGroupId"] == "sg-sales"
    many = api.v3("ListPhoneNumbers", LIST).json()["Data"]["List"]
    assert [item["Number"] for item in many["PhoneNumber"]][:2] == ["057100000001", "057100000002"]
    removed = api.v3("RemovePhoneNumbers", {"InstanceId": "ccc-demo", "NumberList": '["057100000001","057100000003"]'})
    assert removed.json()["Data"] == "Success" and removed.json()["FailureList"] == ["057100000001"]
    assert "057100000003" not in api.bound() and "057100000001" in api.bound()


@pytest.mark.parametrize(
    "rule,words",
    [
        ({"kind": "error"}, "needs the code"),
        ({"kind": "error", "code": "X", "status": 200}, "HTTP error status"),
        ({"kind": "throttle", "code": "X"}, "code only goes with error"),
        ({"kind": "error", "code": "X", "params": "x"}, "params must be a list of strings"),
        ({"kind": "error", "code": "X", "http_status": 100}, "http_status must be an HTTP status"),
        ({"kind": "error", "code": "X", "shape": "gateway"}, "shape must be one of service, message"),
        ({"kind": "error", "shape": "message", "code": "X"}, "only a message and a status, not code"),
        ({"kind": "non_json", "status": 100}, "status must be an HTTP status (200 to 599)"),
        ({"kind": "throttle", "status": 503}, "status only goes with error or non_json"),
    ],
)
def test_bad_error_fault_rule_is_refused(api, rule, words):
    reply = api.control("POST", "/_emulator/faults", [rule])
    assert reply.status == 400 and words in reply.json()["error"]
