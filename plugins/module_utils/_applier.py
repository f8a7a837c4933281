# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: sending a plan's writes.

``Applier`` sends the writes of a Plan (adds, then modifies, then skill-group membership, then
removes, each phase concurrently within ``max_concurrency``), then reads back the numbers whose
outcome is in doubt and lets the planner (``_plan.settle``) say which reached their goal and what is
still to send. It records what was confirmed; it decides nothing about numbers itself.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    AddGroup,
    Membership,
    Modify,
    settle,
    split_batches,
)

JOIN = "AddNumbersToSkillGroup"
LEAVE = "RemovePhoneNumbersFromSkillGroup"

NOT_ADDED = "AddPhoneNumbers reported it as not added"
NOT_REMOVED = "RemovePhoneNumbers reported it as not removed"
NEEDS_FORCE = " (a number tied to a skill group, contact flow or agent needs force=true)"
FLOW_KEPT = (
    "ModifyPhoneNumber was accepted with an empty ContactFlowId, but reading the number back shows it still "
    "answered by contact flow %s: the API did not clear the flow"
)
NOT_AS_READ = "the write was accepted, but reading the number back shows %s instead of usage=%s without a flow"


def _failed_numbers(data):
    """AddPhoneNumbers/RemovePhoneNumbers report the numbers that failed in ``Data`` (a list); before
    2023-11-17 RemovePhoneNumbers put them in ``FailureList`` and a string in ``Data``. Tolerate both,
    and the other shapes the docs show for "nothing failed" (null, "", a placeholder string)."""
    failed = []
    for value in (data.get("Data"), data.get("FailureList")):
        if isinstance(value, dict):
            value = value.get("Number") or value.get("FailureList") or [value]
        if isinstance(value, list):
            failed.extend(str(item.get("Number", item)) if isinstance(item, dict) else str(item) for item in value)
    return failed


class Outcome:
    """What the writes did, by number: ``confirmed`` reached their goal through this run's writes;
    ``pieces`` are the skill-group membership pieces ((number, skill_group_id, join)) confirmed;
    ``failed`` maps number -> reason; ``unknown`` were sent but not confirmed; ``error`` is the
    CCCError that stopped the run, if any; ``refreshed`` holds list items read back (None: not bound)."""

    def __init__(self):
        self.confirmed = set()
        self.pieces = set()
        self.failed = {}
        self.unknown = set()
        self.request_ids = []
        self.error = None
        self.refreshed = {}
        self._lock = threading.Lock()

    def record(self, action, reply):
        request_id = reply.get("RequestId")
        if request_id:
            with self._lock:
                self.request_ids.append({"action": action, "request_id": request_id})

    def confirm(self, numbers, failed=(), reason=""):
        with self._lock:
            for number in numbers:
                if number in failed:
                    self.failed[number] = reason
                else:
                    self.confirmed.add(number)
                    self.failed.pop(number, None)
                    self.unknown.discard(number)

    def confirm_pieces(self, pieces):
        with self._lock:
            self.pieces.update(pieces)


class Applier:
    def __init__(self, client, desired, batch_size=100, max_concurrency=8):
        self.client = client
        self.desired = desired
        self.batch_size = max(1, batch_size)
        self.max_concurrency = max(1, max_concurrency)

    def apply(self, plan, reader):
        """Send the writes of ``plan``; settle what is in doubt by reading back. Returns an Outcome."""
        outcome = Outcome()
        self._run(plan, outcome)
        try:
            self._settle(plan, reader, outcome)
        except CCCError as exc:
            outcome.error = outcome.error or exc
        return outcome

    # Adds first and removes last: when purge swaps numbers, a failure part-way leaves the instance
    # with extra numbers rather than missing ones. Membership follows the adds, so new numbers can join,
    # and leaves out added numbers not confirmed bound: the API refuses a whole call for one unknown number.
    def _run(self, plan, outcome):
        phases = (
            lambda: [(self._add, batch) for group in plan.adds for batch in _group_batches(group, self.batch_size)],
            lambda: [(self._modify, change) for change in plan.modifies if change.resets],
            lambda: [
                (self._regroup, batch)
                for membership in plan.memberships(skip=set(plan.added_numbers) - outcome.confirmed)
                for batch in _group_batches(membership, self.batch_size)
            ],
            lambda: [(self._remove, batch) for batch in split_batches(plan.removes, self.batch_size)],
        )
        for units in phases:
            if outcome.error is not None:
                break
            self._run_units(units(), outcome)

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
        outcome.confirm(group.numbers, set(_failed_numbers(reply)), NOT_ADDED)

    def _modify(self, change, outcome):
        after = change.after
        params = {"InstanceId": self.desired.instance_id, "Number": after.number, "Usage": after.usage}
        # Without ContactFlowId the API keeps the flow; an empty one is how the plan clears it.
        if after.contact_flow_id or change.clears_flow:
            params["ContactFlowId"] = after.contact_flow_id
        reply = self.client.call("ModifyPhoneNumber", params, write=True)
        outcome.record("ModifyPhoneNumber", reply)
        outcome.confirm([after.number])

    def _regroup(self, membership, outcome):
        action = JOIN if membership.join else LEAVE
        params = {
            "InstanceId": self.desired.instance_id,
            "SkillGroupId": membership.skill_group_id,
            "NumberList": json.dumps(list(membership.numbers)),
        }
        # Neither call carries Data: a reply is the whole call done.
        reply = self.client.call(action, params, write=True)
        outcome.record(action, reply)
        outcome.confirm_pieces((number, membership.skill_group_id, membership.join) for number in membership.numbers)

    def _remove(self, batch, outcome):
        numbers = [b.number for b in batch]
        params = {"InstanceId": self.desired.instance_id, "NumberList": json.dumps(numbers)}
        if self.desired.force:
            params["Force"] = "true"
        reply = self.client.call("RemovePhoneNumbers", params, write=True)
        outcome.record("RemovePhoneNumbers", reply)
        outcome.confirm(numbers, set(_failed_numbers(reply)), NOT_REMOVED + ("" if self.desired.force else NEEDS_FORCE))

    def _settle(self, plan, reader, outcome):
        """Read back the numbers in doubt: writes whose reply was lost, writes reported as failed, and
        confirmed writes the plan says to verify. The planner judges them against their goals; a lost
        write still needed is sent once more, a reported failure is never retried."""
        verify = plan.read_back() & outcome.confirmed
        doubtful = set(outcome.unknown) | set(outcome.failed) | verify
        if not doubtful:
            return
        listing = reader.find(sorted(doubtful))
        now = listing.bindings
        outcome.refreshed.update((n, listing.items.get(n)) for n in doubtful)
        judged = settle(plan, sorted(doubtful), now)
        unknown = set(outcome.unknown)
        # Membership calls whose reply was lost count where the numbers read back show them.
        outcome.confirm_pieces(piece for piece in judged.pieces if piece[0] in outcome.unknown)
        for number in sorted(doubtful):
            if number in judged.reached:
                if number in outcome.unknown:
                    outcome.confirm([number])
                else:
                    # Reported as failed, yet already as wanted (say, bound by a concurrent run):
                    # success, but not a change this run made.
                    outcome.failed.pop(number, None)
            elif number in outcome.unknown and number in judged.settled:
                # Its add or modify applied; what membership still lacks is sent below.
                with outcome._lock:
                    outcome.confirmed.add(number)
            elif number in verify and number not in judged.settled:
                outcome.confirmed.discard(number)
                read = now.get(number)
                goal = plan.goals()[number]
                outcome.failed[number] = (
                    FLOW_KEPT % read.contact_flow_id
                    if read is not None and read.contact_flow_id
                    else NOT_AS_READ % (_described(read), goal.usage)
                )
        # (a number whose flow the API kept has failed above: it is not sent again)
        lost = sorted(unknown - judged.reached - set(outcome.failed))
        if lost and outcome.error is None:
            outcome.unknown.clear()
            self._run(judged.retry.only(lost), outcome)


def _described(binding):
    if binding is None:
        return "it is no longer bound"
    return "usage=%s" % binding.usage


def _group_batches(group, size):
    return [group._replace(numbers=batch) for batch in split_batches(group.numbers, size)]


def _numbers_of(arg):
    if isinstance(arg, (AddGroup, Membership)):
        return list(arg.numbers)
    if isinstance(arg, Modify):
        return [arg.after.number]
    return [b.number for b in arg]
