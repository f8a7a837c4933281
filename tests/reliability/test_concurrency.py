# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two playbooks on one instance at the same time, with per-call latency so that their reads and
writes interleave."""

from __future__ import annotations

import pytest
from _harness import bump, connection, seed, start_playbook

LATENCY = [{"action": "*", "kind": "latency", "delay_ms": 400}]
ROUNDS = range(3)


def _numbers(items) -> set:
    return {item if isinstance(item, str) else item["number"] for item in items or ()}


def _run_together(emulator, tmp_path, first: dict, second: dict):
    started = [
        start_playbook(dict(args, **connection(emulator.url, timeout=5)), tmp_path / name)
        for name, args in (("first", first), ("second", second))
    ]
    runs = [finish() for _proc, finish in started]
    bump("concurrent_playbooks", len(runs))
    # Without overlapping calls this would be two runs in a row, not a race.
    assert emulator.counters()["max_concurrent"] >= 2, "the two runs never overlapped"
    return runs


@pytest.mark.parametrize("round_", ROUNDS)
def test_overlapping_adds_both_succeed_and_the_result_is_the_union(emulator, tmp_path, round_):
    existing = "057100000001"
    mine, shared, theirs = (
        ["057100000011", "057100000012"],
        ["057100000013", "057100000014"],
        ["057100000015", "057100000016"],
    )
    emulator.reset(seed({existing: "Inbound"}, pool=mine + shared + theirs))
    emulator.add_faults(LATENCY)
    first, second = _run_together(
        emulator,
        tmp_path,
        {"instance_id": "ccc-rel", "numbers": mine + shared, "usage": "Inbound"},
        {"instance_id": "ccc-rel", "numbers": shared + theirs, "usage": "Inbound"},
    )
    for run in (first, second):
        assert run.rc == 0 and not run.result["failed"], run.describe()
    everything = {existing} | set(mine + shared + theirs)
    assert emulator.bound() == dict.fromkeys(everything, ("Inbound", ""))
    reported = _numbers(first.result.get("added")) | _numbers(second.result.get("added"))
    assert reported == set(mine + shared + theirs), "added reports %s" % sorted(reported)
    assert _numbers(first.result.get("added")) <= set(mine + shared)
    assert _numbers(second.result.get("added")) <= set(shared + theirs)


@pytest.mark.parametrize("round_", ROUNDS)
def test_purge_racing_an_add_never_removes_what_it_was_told_to_keep(emulator, tmp_path, round_):
    keep, extra, added = (
        ["057100000001", "057100000002"],
        ["057100000003", "057100000004"],
        ["057100000021", "057100000022"],
    )
    new_keep = "057100000009"
    emulator.reset(seed(dict.fromkeys(keep + extra, "Inbound"), pool=added + [new_keep]))
    emulator.add_faults(LATENCY)
    purge, adder = _run_together(
        emulator,
        tmp_path,
        {"instance_id": "ccc-rel", "numbers": keep + [new_keep], "usage": "Inbound", "purge": True},
        {"instance_id": "ccc-rel", "numbers": added, "usage": "Inbound"},
    )
    for run in (purge, adder):
        assert run.rc == 0 and not run.result["failed"], run.describe()
    final = emulator.bound()
    told_to_keep = set(keep) | {new_keep}
    removed = _numbers(purge.result.get("removed"))
    assert told_to_keep <= set(final), "purge lost %s" % sorted(told_to_keep - set(final))
    assert not removed & told_to_keep
    assert removed <= set(extra + added)
    assert not set(extra) & set(final), "purge left %s bound" % sorted(set(extra) & set(final))
    for number in added:
        assert (number in final) != (number in removed), "%s: bound=%s, purge reports removing it=%s" % (
            number,
            number in final,
            number in removed,
        )
