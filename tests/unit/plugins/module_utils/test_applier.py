# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sending: what the applier sends for a plan, and the facts it records; it judges nothing."""

from __future__ import annotations

import json

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._applier import Applier, failed_numbers
from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import Pace, desired_from_params
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import make_plan
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import INSTANCE, Emulated
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import task_input

SALES, SUPPORT = "sales@ccc-test", "support@ccc-test"
A, B = "057100000001", "057100000002"


def numbers(count, start=1):
    return ["0571%08d" % i for i in range(start, start + count)]


def send(api, batch_size=100, max_concurrency=8, **task):
    """Plan ``task`` against what ``api`` holds, then send it: the Facts, and the writes sent."""
    desired = desired_from_params(task_input(**task))
    plan = make_plan(desired, Reader(api, INSTANCE, 8).read_scope(desired).bindings)
    api.calls.clear()
    facts = Applier(api, INSTANCE, desired.force, Pace(batch_size, max_concurrency)).send(plan)
    return facts, api.calls


def test_adds_and_removes_go_in_batches_of_batch_size():
    api = Emulated(pool=numbers(250))
    facts, sent = send(api, numbers=numbers(250), usage="Outbound")
    assert sorted(len(json.loads(p["NumberList"])) for _a, p in sent) == [50, 100, 100]  # sent side by side
    assert facts.answered == set(numbers(250)) and not facts.refused and not facts.lost
    facts, sent = send(api, numbers=[], purge=True, batch_size=90)
    assert sorted((a, len(json.loads(p["NumberList"]))) for a, p in sent) == [
        ("RemovePhoneNumbers", 70),
        ("RemovePhoneNumbers", 90),
        ("RemovePhoneNumbers", 90),
    ]
    assert not api.bound


def test_an_api_error_stops_further_writes_and_what_was_answered_is_recorded():
    api = Emulated(pool=numbers(300)).fault("AddPhoneNumbers", "error", code="Parameter.Maximum", after=1, count=1)
    facts, sent = send(api, max_concurrency=1, numbers=numbers(300), usage="Inbound")
    assert facts.error.code == "Parameter.Maximum" and facts.error.request_id
    assert facts.answered == set(numbers(100)) and len(sent) == 2


def test_numbers_a_reply_lists_as_failed_are_recorded_as_refused_by_that_action():
    api = Emulated(pool=[A])  # B is not the account's
    facts, _sent = send(api, numbers=[A, B], usage="Inbound")
    assert facts.answered == {A} and facts.refused == {B: "AddPhoneNumbers"}


@pytest.mark.parametrize("kind", ["lost_reply", "lost_request"])
def test_a_write_whose_reply_is_lost_is_recorded_as_lost_and_never_resent_here(kind):
    api = Emulated(pool=numbers(3)).fault("AddPhoneNumbers", kind, count=1)
    facts, sent = send(api, numbers=numbers(3), usage="Inbound")
    assert facts.lost == set(numbers(3)) and not facts.answered and len(sent) == 1 and facts.error is None


def test_clearing_a_flow_sends_an_empty_contact_flow_and_keeping_one_sends_none():
    api = Emulated(bound=[(A, "Inbound", "flow-a"), (B, "Inbound", "flow-a")])
    _facts, sent = send(api, bindings=[{"numbers": [A], "usage": "Outbound"}, {"numbers": [B], "usage": "Bidirection"}])
    assert sorted(p.items() for _a, p in sent) == sorted(
        [
            {"InstanceId": INSTANCE, "Number": A, "Usage": "Outbound", "ContactFlowId": ""}.items(),
            {"InstanceId": INSTANCE, "Number": B, "Usage": "Bidirection", "ContactFlowId": "flow-a"}.items(),
        ]
    )


def test_membership_calls_respect_batch_size_and_max_concurrency():
    many = numbers(7)
    api = Emulated(bound=[(n, "Inbound", "") for n in many], skill_groups=[SALES, SUPPORT])
    facts, _sent = send(api, batch_size=3, max_concurrency=1, numbers=many, skill_group_ids=[SALES, SUPPORT])
    assert sorted(len(ns) for _g, ns in api.sent("AddNumbersToSkillGroup")) == [1, 1, 3, 3, 3, 3]
    assert api.emulator.counters.snapshot()["max_concurrent"] == 1
    assert facts.pieces == {(n, sg, True) for n in many for sg in (SALES, SUPPORT)}


def test_an_added_number_the_api_refused_is_left_out_of_the_membership_calls():
    api = Emulated(pool=[A], skill_groups=[SALES])  # B is not the account's
    facts, _sent = send(api, numbers=[A, B], usage="Inbound", skill_group_ids=[SALES])
    assert api.sent("AddNumbersToSkillGroup") == [(SALES, [A])] and facts.error is None


def test_request_ids_are_kept_for_every_write():
    api = Emulated(pool=numbers(2))
    facts, _sent = send(api, batch_size=1, numbers=numbers(2), usage="Inbound")
    assert [r["action"] for r in facts.request_ids] == ["AddPhoneNumbers"] * 2
    assert all(r["request_id"] for r in facts.request_ids)


@pytest.mark.parametrize(
    "reply, failed",
    [
        ({"Data": ["0571001"]}, ["0571001"]),
        ({"Data": []}, []),
        ({"Data": None}, []),
        ({"Data": ""}, []),
        ({"Data": "Success", "FailureList": ["0571001"]}, ["0571001"]),
        ({"Data": [{"Number": "0571001"}]}, ["0571001"]),
        ({"Data": {"FailureList": ["0571001"]}}, ["0571001"]),
    ],
    ids=["list", "none-failed", "null", "empty-string", "failure-list", "objects", "wrapped"],
)
def test_failed_numbers_are_read_from_every_shape_the_docs_show(reply, failed):
    assert failed_numbers(reply) == failed
