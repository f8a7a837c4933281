# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every API call the modules make, under every fault the emulator can inject, plus connection refused.

One scenario per module exercises all its calls in a single run: ccc_phone_numbers lists, adds two, modifies
one and purges two; ccc_do_not_call_numbers lists, imports two and removes two. Each case breaks one call.
Each case has one expected outcome (OUTCOMES): it converges, with the number of sends and re-reads that tell a
retry from a settling read, or it fails with a clear error and reports exactly what it did change. In every
case: never a removal the task did not ask for, never a change that the result keeps quiet about.
"""

from __future__ import annotations

from collections import namedtuple

import pytest
from _harness import INSTANCE, MODULE, RefusingProxy, connection, run_playbook, seed

A, KEEP, B, C, D, E = ("057100000001", "057100000002", "057100000003", "057100000004", "057100000005", "057100000006")
INITIAL = {A: ("Outbound", ""), KEEP: ("Inbound", ""), B: ("Inbound", ""), C: ("Inbound", "")}
DESIRED = {A: ("Inbound", ""), KEEP: ("Inbound", ""), D: ("Inbound", ""), E: ("Inbound", "")}
MAY_REMOVE = {B, C}
TASK = {"instance_id": "ccc-rel", "numbers": [A, KEEP, D, E], "usage": "Inbound", "purge": True}
SEED = seed(dict(INITIAL), pool=[D, E])
TIMEOUT = 2

ACTIONS = ("ListPhoneNumbers", "AddPhoneNumbers", "ModifyPhoneNumber", "RemovePhoneNumbers")
WRITES = ACTIONS[1:]

# The do-not-call list: number -> remark. A listed number keeps its remark; the two new ones get the task's.
LISTED, NOT_CALLED, GONE, GONE_TOO, NEW, NEW_TOO = (
    "13900000001",
    "13900000002",
    "13900000003",
    "13900000004",
    "13800000001",
    "13800000002",
)
DNC_INITIAL = {LISTED: "Complaint", NOT_CALLED: None, GONE: None, GONE_TOO: None}
DNC_DESIRED = {LISTED: "Complaint", NOT_CALLED: None, NEW: "CRM", NEW_TOO: "CRM"}


def _do_not_call_list(emulator) -> dict:
    entries = emulator.state()["instances"][INSTANCE]["do_not_call"]
    return {entry["number"]: entry["remark"] for entry in entries}


# What one module's scenario is: its task, seed and calls (the read first), and how to read its state.
Scenario = namedtuple(
    "Scenario", ["module", "task", "seed", "initial", "desired", "may_remove", "actions", "state", "modifies"]
)
SCENARIOS = (
    Scenario(MODULE, TASK, SEED, INITIAL, DESIRED, MAY_REMOVE, ACTIONS, lambda emu: emu.bound(), True),
    Scenario(
        "alibabacloud.ccc.ccc_do_not_call_numbers",
        {"instance_id": INSTANCE, "numbers": [LISTED, NOT_CALLED, NEW, NEW_TOO], "remark": "CRM", "purge": True},
        seed({}, do_not_call=[{"number": n, "remark": r} for n, r in DNC_INITIAL.items()]),
        DNC_INITIAL,
        DNC_DESIRED,
        {GONE, GONE_TOO},
        ("ListDoNotCallNumbers", "ImportDoNotCallNumbers", "RemoveDoNotCallNumbers"),
        _do_not_call_list,
        False,
    ),
)

# fault name -> (emulator rule without "action", code expected on failure, server sends a request id)
FAULTS = {
    "throttle-twice-retry-after": ({"kind": "throttle", "count": 2, "retry_after_ms": 100}, "Throttling", True),
    "throttle-twice": ({"kind": "throttle", "count": 2}, "Throttling", True),
    "throttle-exhausted": ({"kind": "throttle", "count": 100, "retry_after_ms": 50}, "Throttling", True),
    "503-once": ({"kind": "unavailable", "count": 1}, "ServiceUnavailable", True),
    "500-once": ({"kind": "internal", "count": 1}, "InternalError", True),
    "lost-reply": ({"kind": "lost_reply", "count": 1}, None, False),
    "slow-reply": ({"kind": "slow", "count": 1, "delay_ms": (TIMEOUT + 1.5) * 1000}, None, False),
    "non-json": ({"kind": "non_json", "count": 1}, None, False),
    "refused": (None, None, False),
}
CASES = [(scenario, action, fault) for scenario in SCENARIOS for action in scenario.actions for fault in FAULTS]

# fault -> (outcome, times the faulty write is sent, ListPhoneNumbers calls after the first) with
# max_retries=3. A read is simply asked again after any of the converging faults: 1 + the fault's count.
OUTCOMES = {
    "throttle-twice-retry-after": ("converges", 3, 0),  # refused, so retried; nothing to re-read
    "throttle-twice": ("converges", 3, 0),
    "throttle-exhausted": ("fails", None, None),
    "503-once": ("converges", 2, 0),  # a 503 was shed before processing: retried, not re-read
    "500-once": ("converges", 2, 1),  # a 500 may hide an applied write: re-read, then sent again
    "lost-reply": ("converges", 1, 1),  # applied, reply lost: the re-read settles it, never resent
    "slow-reply": ("converges", 1, 1),
    "non-json": ("converges", 2, 1),  # a 502 page: the re-read finds it not applied, sent again
    "refused": ("fails", None, None),
}
READ_SENDS = {
    "throttle-twice-retry-after": 3,
    "throttle-twice": 3,
    "503-once": 2,
    "500-once": 2,
    "lost-reply": 2,
    "slow-reply": 2,
    "non-json": 2,
}


def _numbers(items) -> set:
    return {item if isinstance(item, str) else item["number"] for item in items or ()}


def _diff(before: dict, after: dict):
    added = set(after) - set(before)
    removed = set(before) - set(after)
    modified = {n for n in set(before) & set(after) if before[n] != after[n]}
    return added, removed, modified


def call_sequence(emulator, workdir, scenario):
    """The order of calls in a clean run of the scenario, seen through a non-refusing proxy. Taken
    right before each refused case, so that it describes the module as it is at that moment."""
    emulator.reset(scenario.seed)
    proxy = RefusingProxy(emulator.port)
    try:
        run = run_playbook(dict(scenario.task, **connection(proxy.url)), workdir, module=scenario.module)
    finally:
        proxy.close()
    assert not run.failed, run.describe()
    assert scenario.state(emulator) == scenario.desired
    return list(proxy.actions)


@pytest.mark.parametrize("scenario,action,fault", CASES, ids=["%s-%s" % case[1:] for case in CASES])
def test_fault_converges_or_fails_truthfully(emulator, tmp_path, tmp_path_factory, scenario, action, fault):
    rule, expected_code, has_request_id = FAULTS[fault]
    # (the recording run uses the same emulator: take it before resetting)
    sequence = call_sequence(emulator, tmp_path_factory.mktemp("sequence"), scenario) if fault == "refused" else None
    emulator.reset(scenario.seed)
    proxy = None
    endpoint = emulator.url
    if fault == "refused":
        assert action in sequence, "a clean run never called %s: %s" % (action, sequence)
        proxy = RefusingProxy(emulator.port, serve_requests=sequence.index(action))
        endpoint = proxy.url
    else:
        emulator.add_faults([dict(rule, action=action)])
    try:
        args = dict(scenario.task, **connection(endpoint, timeout=TIMEOUT, max_retries=3))
        run = run_playbook(args, tmp_path, module=scenario.module)
    finally:
        if proxy:
            proxy.close()
    emulator.clear_faults()
    final = scenario.state(emulator)
    result = run.result
    why = "\n" + run.describe() + "\nfinal state: %s" % final
    if proxy:
        why += "\nclean run's calls: %s; calls through the proxy: %s" % (sequence, proxy.actions)

    # Safety, whatever the outcome: nothing removed that the task did not ask to remove, and every
    # number that is still there is either as it was or as the task wants it.
    added, removed, modified = _diff(scenario.initial, final)
    assert removed <= scenario.may_remove, "wrong removal: %s" % sorted(removed - scenario.may_remove) + why
    for number, binding in final.items():
        assert binding in (scenario.initial.get(number), scenario.desired.get(number)), (
            "unexpected state %s=%s" % (number, binding) + why
        )
    assert scenario.modifies or not modified, "a listed number was rewritten: %s" % sorted(modified) + why

    outcome, write_sends, rereads = OUTCOMES[fault]
    calls = emulator.counters()["calls"]
    read = scenario.actions[0]
    if outcome == "converges":
        assert not result.get("failed"), "expected to converge" + why
        assert final == scenario.desired, "reported success but did not converge" + why
        assert result.get("changed") is True, why
        if action == read:
            assert calls.get(action) == READ_SENDS[fault], "%s sent %s times" % (action, calls.get(action)) + why
        else:
            assert calls.get(action) == write_sends, "%s sent %s times" % (action, calls.get(action)) + why
            assert calls.get(read) == 1 + rereads, "%s reads" % calls.get(read) + why
        for other in set(scenario.actions[1:]) - {action}:
            assert calls.get(other) == 1, "%s sent %s times" % (other, calls.get(other)) + why
    else:
        assert result.get("failed"), "expected to fail" + why
        assert isinstance(result.get("msg"), str) and result["msg"].strip(), "failure without a message" + why
        error = result.get("error") or {}
        assert error.get("code"), "failure without an error code" + why
        if expected_code:
            assert expected_code in error["code"], "error code %r, expected %s" % (error["code"], expected_code) + why
        if has_request_id:
            assert error.get("request_id"), "the server sent a request id but the error lacks it" + why
        if fault == "refused":
            assert any(word in result["msg"].lower() for word in ("refused", "connect", "unreachable")), why
        assert result.get("changed") is bool(added or removed or modified), "changed does not match the state" + why
    assert (run.rc == 0) is not result["failed"], why

    # Reporting: exactly what happened, in success and in failure alike.
    assert _numbers(result.get("added")) == added, "reported added != actual" + why
    assert _numbers(result.get("removed")) == removed, "reported removed != actual" + why
    assert _numbers(result.get("modified")) == modified, "reported modified != actual" + why


PAGED = ["0571%08d" % i for i in range(1, 251)]  # three pages of 100
PAGED_KEEP, PAGED_STALE = PAGED[:240], set(PAGED[240:])
PAGED_FAULTS = {
    "throttle-3": {"kind": "throttle", "count": 3, "retry_after_ms": 50},
    "503-twice": {"kind": "unavailable", "count": 2},
    "500-twice": {"kind": "internal", "count": 2},
    "lost-reply": {"kind": "lost_reply", "count": 1},
    "slow-reply": {"kind": "slow", "count": 1, "delay_ms": (TIMEOUT + 1.5) * 1000},
    "non-json": {"kind": "non_json", "count": 1},
    "throttle-exhausted": {"kind": "throttle", "count": 100, "retry_after_ms": 50},
}


@pytest.mark.parametrize("fault", sorted(PAGED_FAULTS))
def test_fault_during_paged_read_never_purges_on_a_partial_view(emulator, tmp_path, fault):
    """Purge over three pages, read concurrently, with one read fault: a page that failed must never be
    mistaken for an empty one."""
    emulator.reset(seed(dict.fromkeys(PAGED, "Inbound")))
    emulator.add_faults([dict(PAGED_FAULTS[fault], action="ListPhoneNumbers")])
    args = dict(
        {"instance_id": "ccc-rel", "numbers": PAGED_KEEP, "usage": "Inbound", "purge": True},
        **connection(emulator.url, timeout=TIMEOUT, max_retries=3),
    )
    run = run_playbook(args, tmp_path)
    emulator.clear_faults()
    final, result = emulator.bound(), run.result
    calls = emulator.counters()["calls"]
    why = "\n" + run.describe()[:2500] + "\ncalls: %s" % calls
    assert calls.get("ListPhoneNumbers", 0) >= 3, "the read was not paged" + why
    removed = set(PAGED) - set(final)
    assert removed <= PAGED_STALE, "wrong removal: %s" % sorted(removed - PAGED_STALE)[:10] + why
    assert _numbers(result.get("removed")) == removed, why
    assert not _numbers(result.get("added")) and not _numbers(result.get("modified")), why
    if fault == "throttle-exhausted":
        assert result["failed"] and not removed, "purged although the read never completed" + why
        assert (result.get("error") or {}).get("code", "").startswith("Throttling"), why
        assert result.get("changed") is False, why
    else:
        # Every other read fault is asked again within max_retries=3, so the purge completes.
        assert not result["failed"], "expected to converge" + why
        assert set(final) == set(PAGED_KEEP) and result.get("changed") is True, why


def test_fault_retry_after_is_honoured(emulator, tmp_path):
    """A throttled reply that says when to come back is retried no earlier than that."""
    emulator.reset(SEED)
    emulator.add_faults([{"action": "ListPhoneNumbers", "kind": "throttle", "count": 1, "retry_after_ms": 2500}])
    proxy = RefusingProxy(emulator.port)
    try:
        run = run_playbook(dict(TASK, **connection(proxy.url, max_retries=1)), tmp_path)
    finally:
        proxy.close()
    assert not run.result["failed"], run.describe()
    assert emulator.bound() == DESIRED
    lists = [t for action, t in zip(proxy.actions, proxy.times, strict=True) if action == "ListPhoneNumbers"]
    assert len(lists) >= 2, proxy.actions
    assert lists[1] - lists[0] >= 2.5, "retried after %.2f s although the server asked for 2.5 s" % (
        lists[1] - lists[0]
    )


def test_fault_with_max_retries_zero_is_sent_once_and_reported(emulator, tmp_path):
    emulator.reset(SEED)
    emulator.add_faults([{"action": "ListPhoneNumbers", "kind": "unavailable", "count": 1}])
    run = run_playbook(dict(TASK, **connection(emulator.url, max_retries=0)), tmp_path)
    result, why = run.result, "\n" + run.describe()
    assert result["failed"] and run.rc != 0, why
    error = result.get("error") or {}
    assert error.get("code") == "ServiceUnavailable" and error.get("http_status") == 503, why
    assert error.get("request_id"), why
    assert emulator.counters()["total_calls"] == 1, "max_retries=0 still retried" + why
    assert emulator.bound() == INITIAL and result.get("changed") is False, why
