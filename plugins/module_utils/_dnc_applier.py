# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the writes of a do-not-call plan.

Imports in batches of ``batch_size`` first, then removals in batches of at most 300 (the most
RemoveDoNotCallNumbers takes), each phase side by side within ``max_concurrency``, through the shared
``_sender.Sender``: it stops at the first error and records answered, lost and error in a ``_plan.Facts``.
Neither call says which numbers it took (Import's reply has no ``Data``, Remove's is a string): a reply is the
whole call done, and a lost one is judged by reading the list back (``_plan.settle``).
"""

from __future__ import annotations

import json
from functools import partial

from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import split_batches
from ansible_collections.alibabacloud.ccc.plugins.module_utils._sender import Sender, Write

IMPORT = "ImportDoNotCallNumbers"
REMOVE = "RemoveDoNotCallNumbers"
REMOVE_LIMIT = 300  # RemoveDoNotCallNumbers takes 1 to 300 numbers


class DoNotCallApplier:
    def __init__(self, client, instance_id, pace):
        self.instance_id = instance_id
        self.pace = pace
        self.sender = Sender(client, pace)

    # Imports first and removals last: a purge stopped part-way leaves the list holding more numbers, never
    # fewer, and a number wrongly listed costs a call not made, one wrongly unlisted a call that should not be.
    def send(self, plan):
        """Send the writes of a ``_dnc_plan.DoNotCallPlan``, stopping at the first error; returns the Facts."""
        send_import = partial(self._import, remark=plan.remark)
        removes = [entry.number for entry in plan.removes]
        return self.sender.send(
            (
                lambda facts: [
                    Write(send_import, batch, batch) for batch in split_batches(plan.adds, self.pace.batch_size)
                ],
                lambda facts: [Write(self._remove, batch, batch) for batch in split_batches(removes, REMOVE_LIMIT)],
            )
        )

    def _import(self, numbers, facts, remark=None):
        params = {"InstanceId": self.instance_id, "NumberList": json.dumps(list(numbers))}
        if remark:
            params["Remark"] = remark
        self.sender.call(IMPORT, params, facts)
        self.sender.answered(facts, numbers)

    def _remove(self, numbers, facts):
        self.sender.call(REMOVE, {"InstanceId": self.instance_id, "NumberList": json.dumps(list(numbers))}, facts)
        self.sender.answered(facts, numbers)
