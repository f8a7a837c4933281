# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the writes of a phone-number plan.

``Applier.send`` sends the writes of a Plan (adds, then modifies, then skill-group membership, then
removes, each phase concurrently within ``max_concurrency``) through the shared ``_sender.Sender``, which
records what each call was answered in a ``_plan.Facts``. It judges nothing: whether a number reached its goal
is ``_plan.settle``'s to say.
"""

from __future__ import annotations

import json

from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import split_batches
from ansible_collections.alibabacloud.ccc.plugins.module_utils._sender import Sender, Write

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
        self.instance_id = instance_id
        self.force = force
        self.pace = pace
        self.sender = Sender(client, pace)

    # Adds first and removes last: when purge swaps numbers, a failure part-way leaves the instance
    # with extra numbers rather than missing ones. Membership follows the adds, so new numbers can join.
    def send(self, plan):
        """Send the writes of ``plan``, stopping at the first error; returns the Facts."""
        size = self.pace.batch_size
        return self.sender.send(
            (
                lambda facts: [
                    Write(self._add, batch, batch.numbers) for group in plan.adds for batch in _batches(group, size)
                ],
                lambda facts: [
                    Write(self._modify, change, (change.after.number,)) for change in plan.modifies if change.resets
                ],
                lambda facts: [
                    Write(self._regroup, batch, batch.numbers)
                    for membership in plan.memberships_after(facts)
                    for batch in _batches(membership, size)
                ],
                lambda facts: [
                    Write(self._remove, batch, [b.number for b in batch]) for batch in split_batches(plan.removes, size)
                ],
            )
        )

    def _add(self, group, facts):
        params = {"InstanceId": self.instance_id, "Usage": group.usage, "NumberList": json.dumps(list(group.numbers))}
        if group.contact_flow_id:
            params["ContactFlowId"] = group.contact_flow_id
        if group.number_group_id:
            params["NumberGroupId"] = group.number_group_id
        reply = self.sender.call("AddPhoneNumbers", params, facts)
        self.sender.answered(facts, group.numbers, failed_numbers(reply), "AddPhoneNumbers")

    def _modify(self, change, facts):
        after = change.after
        params = {"InstanceId": self.instance_id, "Number": after.number, "Usage": after.usage}
        # Without ContactFlowId the API keeps the flow; an empty one is how the plan clears it.
        if after.contact_flow_id or change.clears_flow:
            params["ContactFlowId"] = after.contact_flow_id
        self.sender.call("ModifyPhoneNumber", params, facts)
        self.sender.answered(facts, [after.number])

    def _regroup(self, membership, facts):
        action = JOIN if membership.join else LEAVE
        params = {
            "InstanceId": self.instance_id,
            "SkillGroupId": membership.skill_group_id,
            "NumberList": json.dumps(list(membership.numbers)),
        }
        # Neither call carries Data: a reply is the whole call done.
        self.sender.call(action, params, facts)
        self.sender.answered_pieces(
            facts, [(n, membership.skill_group_id, membership.join) for n in membership.numbers]
        )

    def _remove(self, batch, facts):
        numbers = [b.number for b in batch]
        params = {"InstanceId": self.instance_id, "NumberList": json.dumps(numbers)}
        if self.force:
            params["Force"] = "true"
        reply = self.sender.call("RemovePhoneNumbers", params, facts)
        self.sender.answered(facts, numbers, failed_numbers(reply), "RemovePhoneNumbers")


def _batches(group, size):
    return [group._replace(numbers=batch) for batch in split_batches(group.numbers, size)]
