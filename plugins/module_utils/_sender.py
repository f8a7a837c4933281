# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: sending a plan's writes and recording their answers.

``Sender.send`` runs the writes of a plan phase by phase, each phase side by side within
``max_concurrency`` (``_concurrency.run_all``), and stops at the first error; it records in a ``_plan.Facts``
what each call was answered: the numbers answered (or refused by the reply), the numbers of calls whose reply
was lost, the error that stopped the run, every request id. Each resource says what its writes are (the
phone-number ``_applier.Applier``, the do-not-call ``_dnc_applier.DoNotCallApplier``); nothing here judges
whether a number reached its goal: that is ``_plan.settle``'s to say.
"""

from __future__ import annotations

import threading
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._concurrency import run_all
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Facts

# One call to make: ``send(arg, facts)`` makes it and records its answer; ``numbers`` are the numbers whose
# outcome is unknown when its reply is lost.
Write = namedtuple("Write", ["send", "arg", "numbers"])


class Sender:
    def __init__(self, client, pace):
        self.client = client
        self.pace = pace
        self._lock = threading.Lock()

    def send(self, phases):
        """Send ``phases`` in order, each a function of the Facts so far that returns its Writes, stopping at
        the first error; returns the Facts."""
        facts = Facts()
        for phase in phases:
            if facts.error is not None:
                break
            self._send_all(phase(facts), facts)
        return facts

    def _send_all(self, writes, facts):
        stop = threading.Event()

        def send(write):
            if stop.is_set():
                return
            try:
                write.send(write.arg, facts)
            except CCCWriteOutcomeUnknown:
                with self._lock:
                    facts.lost.update(write.numbers)
            except CCCError as exc:
                with self._lock:
                    facts.error = facts.error or exc
                stop.set()

        run_all(send, writes, self.pace.max_concurrency)

    def call(self, action, params, facts):
        """One write; its request id is recorded. Raises CCCError, CCCWriteOutcomeUnknown when the reply was lost."""
        reply = self.client.call(action, params, write=True)
        request_id = reply.get("RequestId")
        if request_id:
            with self._lock:
                facts.request_ids.append({"action": action, "request_id": request_id})
        return reply

    def answered(self, facts, numbers, refused=(), action=None):
        """The call of ``action`` for ``numbers`` was answered, and its reply listed ``refused`` as failed."""
        refused = frozenset(refused)
        with self._lock:
            for number in numbers:
                if number in refused:
                    facts.refused[number] = action
                else:
                    facts.answered.add(number)

    def answered_pieces(self, facts, pieces):
        """A membership call was answered: its ``pieces`` ((number, skill_group_id, join)) are done."""
        with self._lock:
            facts.pieces.update(pieces)
