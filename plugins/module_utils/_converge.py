# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: one run of ccc_phone_numbers, from a validated request
to its report. The module's ``main()`` and the unit tests both go through ``converge``.

Read what the task is about, plan, and unless in check mode send the plan, read back what is in doubt,
let the planner judge it, and send once more what it says to; when AddPhoneNumbers refused numbers, look
them up among the account's unassigned numbers so the failure says why. Check mode is decided here, once.
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._applier import Applier
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import in_doubt, make_plan, settle
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader, UnassignedReader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._report import Report


def converge(client, desired, pace, check_mode):
    """Returns the Report of the run. Raises CCCError for what stops it before any write (bad input
    that needs the instance's state, an instance that cannot be read); errors after the first write are
    in the report, with what had been done."""
    reader = Reader(client, desired.instance_id, pace.max_concurrency)
    listing = reader.read_scope(desired)
    plan = make_plan(desired, listing.bindings)
    if check_mode or not plan:
        return Report(desired, listing, plan)
    applier = Applier(client, desired.instance_id, desired.force, pace)
    facts = applier.send(plan)
    doubtful = sorted(in_doubt(plan, facts))
    read, found = {}, None
    if doubtful:
        try:
            read, found = reader.read_back(doubtful)
        except CCCError as exc:
            facts.error = facts.error or exc
            read = None
    verdict = settle(plan, facts, read, desired.force)
    if verdict.resend:
        verdict = verdict.after(plan, applier.send(verdict.resend))
    verdict = _explain(verdict, UnassignedReader(client, pace.max_concurrency))
    return Report(desired, listing, plan, verdict, read_back=found)


def _explain(verdict, unassigned):
    """The verdict with the refused adds it names looked up among the account's unassigned numbers; when that
    look-up fails, the failure keeps naming both likely causes."""
    numbers = verdict.unexplained()
    if not numbers:
        return verdict
    try:
        return verdict.explained(unassigned.among(numbers))
    except CCCError:
        return verdict
