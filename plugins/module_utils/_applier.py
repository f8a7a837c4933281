# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: sending a plan's writes.

``Applier`` sends the writes of a Plan (adds, then modifies, then removes, each phase concurrently
within ``max_concurrency``) and settles writes whose reply was lost by reading again, never by
resending blindly.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import AddGroup, Modify, Plan, split_batches


def _failed_numbers(data):
    """AddPhoneNumbers/RemovePhoneNumbers report the numbers that failed in Data (a list); tolerate
    the other shapes the docs show for "nothing failed" (null, "", a placeholder string)."""
    if isinstance(data, list):
        return [str(item.get("Number", item)) if isinstance(item, dict) else str(item) for item in data]
    return []


def _bool_param(value):
    return "true" if value else "false"


class Outcome:
    """What the writes did. ``failed`` maps number -> reason; ``unknown`` holds numbers whose write
    was sent but not confirmed; ``error`` is the CCCError that stopped the run, if any."""

    def __init__(self):
        self.added = []
        self.modified = []
        self.removed = []
        self.failed = {}
        self.unknown = set()
        self.request_ids = []
        self.error = None
        self.refreshed = {}  # number -> list item read while settling (None: not bound)
        self._lock = threading.Lock()

    @property
    def changed(self):
        return bool(self.added or self.modified or self.removed)

    def record(self, action, reply):
        request_id = reply.get("RequestId")
        if request_id:
            with self._lock:
                self.request_ids.append({"action": action, "request_id": request_id})


class Applier:
    def __init__(self, client, desired, batch_size=100, max_concurrency=8):
        self.client = client
        self.desired = desired
        self.batch_size = max(1, batch_size)
        self.max_concurrency = max(1, max_concurrency)

    def apply(self, plan, reader):
        """Send the writes of ``plan``; settle lost replies by re-reading. Returns an Outcome."""
        outcome = Outcome()
        self._run(plan, outcome)
        doubtful = set(outcome.unknown) | set(outcome.failed)
        if doubtful:
            try:
                self._settle(plan, reader, outcome, doubtful)
            except CCCError as exc:
                outcome.error = outcome.error or exc
        return outcome

    # Adds first and removes last: when purge swaps numbers, a failure part-way leaves the instance
    # with extra numbers rather than missing ones.
    def _run(self, plan, outcome):
        phases = (
            [(self._add, batch) for group in plan.adds for batch in _group_batches(group, self.batch_size)],
            [(self._modify, change) for change in plan.modifies],
            [(self._remove, batch) for batch in split_batches(plan.removes, self.batch_size)],
        )
        for units in phases:
            if outcome.error is not None:
                break
            self._run_units(units, outcome)

    def _run_units(self, units, outcome):
        stop = threading.Event()

        def run(unit):
            if stop.is_set():
                return
            write, arg = unit
            try:
                write(arg, outcome)
            except CCCWriteOutcomeUnknown:
                with outcome._lock:
                    outcome.unknown.update(_numbers_of(arg))
            except CCCError as exc:
                with outcome._lock:
                    if outcome.error is None:
                        outcome.error = exc
                stop.set()

        if len(units) > 1 and self.max_concurrency > 1:
            with ThreadPoolExecutor(max_workers=min(self.max_concurrency, len(units))) as pool:
                list(pool.map(run, units))
        else:
            for unit in units:
                run(unit)

    def _add(self, group, outcome):
        params = {
            "InstanceId": self.desired.instance_id,
            "Usage": group.usage,
            "NumberList": json.dumps(list(group.numbers)),
        }
        if group.contact_flow_id:
            params["ContactFlowId"] = group.contact_flow_id
        if group.number_group_id:
            params["NumberGroupId"] = group.number_group_id
        reply = self.client.call("AddPhoneNumbers", params, write=True)
        outcome.record("AddPhoneNumbers", reply)
        failed = set(_failed_numbers(reply.get("Data")))
        with outcome._lock:
            for number in group.numbers:
                if number in failed:
                    outcome.failed[number] = "AddPhoneNumbers reported it as not added"
                else:
                    outcome.added.append(number)

    def _modify(self, change, outcome):
        after = change.after
        params = {"InstanceId": self.desired.instance_id, "Number": after.number, "Usage": after.usage}
        if after.contact_flow_id or change.before.contact_flow_id:
            params["ContactFlowId"] = after.contact_flow_id
        reply = self.client.call("ModifyPhoneNumber", params, write=True)
        outcome.record("ModifyPhoneNumber", reply)
        with outcome._lock:
            outcome.modified.append(change)

    def _remove(self, batch, outcome):
        numbers = [b.number for b in batch]
        params = {"InstanceId": self.desired.instance_id, "NumberList": json.dumps(numbers)}
        if self.desired.force:
            params["Force"] = _bool_param(True)
        reply = self.client.call("RemovePhoneNumbers", params, write=True)
        outcome.record("RemovePhoneNumbers", reply)
        failed = set(_failed_numbers(reply.get("Data")))
        with outcome._lock:
            for number in numbers:
                if number in failed:
                    outcome.failed[number] = "RemovePhoneNumbers reported it as not removed" + (
                        ""
                        if self.desired.force
                        else " (a number tied to a skill group, contact flow or agent needs force=true)"
                    )
                else:
                    outcome.removed.append(number)

    def _settle(self, plan, reader, outcome, doubtful):
        """Re-read the numbers whose write is in doubt. A number already as the plan wanted counts as
        done; a write whose reply was lost and that is still needed is planned again from what was
        read, and sent once more. Reported failures are not retried."""
        goals = plan.goals()
        listing = reader.find(sorted(doubtful))
        now = listing.bindings
        outcome.refreshed.update((n, listing.items.get(n)) for n in doubtful)
        for number in sorted(doubtful):
            if now.get(number) != goals[number]:
                continue
            if number in outcome.unknown:
                _mark_done(number, plan, outcome)
            else:
                # Reported as failed, yet already as wanted (say, bound by a concurrent run): success,
                # but not a change this run made.
                outcome.failed.pop(number, None)
        retry = sorted(outcome.unknown)
        if retry and outcome.error is None:
            outcome.unknown.clear()
            self._run(_replan(retry, goals, now, plan), outcome)


def _replan(numbers, goals, now, plan):
    """A Plan that takes the numbers from ``now`` to their ``goals``."""
    group_of = {n: g.number_group_id for g in plan.adds for n in g.numbers}
    adds, modifies, removes = {}, [], []
    for number in numbers:
        goal, bound = goals[number], now.get(number)
        if goal is None:
            if bound is not None:
                removes.append(bound)
        elif bound is None:
            key = (goal.usage, goal.contact_flow_id, group_of.get(number, ""))
            adds.setdefault(key, []).append(number)
        elif bound != goal:
            modifies.append(Modify(bound, goal))
    return Plan(tuple(AddGroup(u, f, g, tuple(ns)) for (u, f, g), ns in adds.items()), tuple(modifies), tuple(removes))


def _group_batches(group, size):
    return [
        AddGroup(group.usage, group.contact_flow_id, group.number_group_id, batch)
        for batch in split_batches(group.numbers, size)
    ]


def _numbers_of(arg):
    if isinstance(arg, AddGroup):
        return list(arg.numbers)
    if isinstance(arg, Modify):
        return [arg.after.number]
    return [b.number for b in arg]


def _mark_done(number, plan, outcome):
    outcome.unknown.discard(number)
    if number in (n for group in plan.adds for n in group.numbers):
        if number not in outcome.added:
            outcome.added.append(number)
        return
    for change in plan.modifies:
        if change.after.number == number:
            if change not in outcome.modified:
                outcome.modified.append(change)
            return
    if number not in outcome.removed:
        outcome.removed.append(number)
