# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: sending a plan's writes and recording their answers.

``Applier.send`` sends the writes of a Plan (adds, then modifies, then skill-group membership, then
removes, each phase concurrently within ``max_concurrency``) and records what each call was answered
in a ``_plan.Facts``. It judges nothing: whether a number reached its goal is ``_plan.settle``'s to say.
"""

from __future__ import annotations

import json
import threading

from ansible_collections.alibabacloud.ccc.plugins.module_utils._concurrency import run_all
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import (
    AddGroup,
    Facts,
    Membership,
    Modify,
    split_batches,
)

JOIN = "AddNumbersToSkillGroup"
LEAVE = "RemovePhoneNumbersFromSkillGroup"


def failed_numbers(reply):
    """AddPhoneNumbers/RemovePhoneNumbers list the numbers that failed in ``Data`` (a list); before
    2023-11-17 RemovePhoneNumbers put them in ``FailureList`` and a string in ``Data``. Tolerate both,
    and the other shapes the docs show for "nothing failed" (null, "", a placeholder string)."""
    failed = []
    for value in (reply.get("Data"), reply.get("FailureList")):
        if isinstance(value, dict):
            value = value.get("Number") or value.get("FailureList") or [value]
        if isinstance(value, list):
            failed.extend(str(item.get("Number", item)) if isinstance(item, dict) else str(item) for item in value)
    return failed


class Applier:
    def __init__(self, client, instance_id, force, pace):
        self.client = client
        self.instance_id = instance_id
        self.force = force
        self.pace = pace
        self._lock = threading.Lock()

    # Adds first and removes last: when purge swaps numbers, a failure part-way leaves the instance
    # with extra numbers rather than missing ones. Membership follows the adds, so new numbers can join.
    def send(self, plan):
        """Send the writes of ``plan``, stopping at the first error; returns the Facts."""
        facts = Facts()
        size = self.pace.batch_size
        phases = (
            lambda: [(self._add, batch) for group in plan.adds for batch in _batches(group, size)],
            lambda: [(self._modify, change) for change in plan.modifies if change.resets],
            lambda: [
                (self._regroup, batch)
                for membership in plan.memberships_after(facts)
                for batch in _batches(membership, size)
            ],
            lambda: [(self._remove, batch) for batch in split_batches(plan.removes, size)],
        )
        for units in phases:
            if facts.error is not None:
                break
            self._send_all(units(), facts)
        return facts

    def _send_all(self, units, facts):
        stop = threading.Event()

        def send(unit):
            if stop.is_set():
                return
            write, arg = unit
            try:
                write(arg, facts)
            except CCCWriteOutcomeUnknown:
                with self._lock:
                    facts.lost.update(_numbers_of(arg))
            except CCCError as exc:
                with self._lock:
                    facts.error = facts.error or exc
                stop.set()

        run_all(send, units, self.pace.max_concurrency)

    def _call(self, action, params, facts):
        reply = self.client.call(action, params, write=True)
        request_id = reply.get("RequestId")
        if request_id:
            with self._lock:
                facts.request_ids.append({"action": action, "request_id": request_id})
        return reply

    def _answered(self, facts, numbers, reply=None, action=None):
        refused = set(failed_numbers(reply)) if reply is not None else set()
        with self._lock:
            for number in numbers:
                if number in refused:
                    facts.refused[number] = action
                else:
                    facts.answered.add(number)

    def _add(self, group, facts):
        params = {"InstanceId": self.instance_id, "Usage": group.usage, "NumberList": json.dumps(list(group.numbers))}
        if group.contact_flow_id:
            params["ContactFlowId"] = group.contact_flow_id
        if group.number_group_id:
            params["NumberGroupId"] = group.number_group_id
        reply = self._call("AddPhoneNumbers", params, facts)
        self._answered(facts, group.numbers, reply, "AddPhoneNumbers")

    def _modify(self, change, facts):
        after = change.after
        params = {"InstanceId": self.instance_id, "Number": after.number, "Usage": after.usage}
        # Without ContactFlowId the API keeps the flow; an empty one is how the plan clears it.
        if after.contact_flow_id or change.clears_flow:
            params["ContactFlowId"] = after.contact_flow_id
        self._call("ModifyPhoneNumber", params, facts)
        self._answered(facts, [after.number])

    def _regroup(self, membership, facts):
        action = JOIN if membership.join else LEAVE
        params = {
            "InstanceId": self.instance_id,
            "SkillGroupId": membership.skill_group_id,
            "NumberList": json.dumps(list(membership.numbers)),
        }
        # Neither call carries Data: a reply is the whole call done.
        self._call(action, params, facts)
        with self._lock:
            facts.pieces.update((n, membership.skill_group_id, membership.join) for n in membership.numbers)

    def _remove(self, batch, facts):
        numbers = [b.number for b in batch]
        params = {"InstanceId": self.instance_id, "NumberList": json.dumps(numbers)}
        if self.force:
            params["Force"] = "true"
        reply = self._call("RemovePhoneNumbers", params, facts)
        self._answered(facts, numbers, reply, "RemovePhoneNumbers")


def _batches(group, size):
    return [group._replace(numbers=batch) for batch in split_batches(group.numbers, size)]


def _numbers_of(arg):
    if isinstance(arg, (AddGroup, Membership)):
        return list(arg.numbers)
    if isinstance(arg, Modify):
        return [arg.after.number]
    return [b.number for b in arg]
