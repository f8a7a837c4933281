# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: one run of a module that converges a list of numbers, from a
validated request to its report. The modules' ``main()`` and the unit tests both go through ``converge``.

Read what the task is about, plan, and unless in check mode send the plan, read back what is in doubt,
let the planner judge it, and send once more what it says to; when AddPhoneNumbers refused numbers, look
them up among the account's unassigned numbers so the failure says why. Check mode is decided here, once. The
run is the same for every resource; a ``Kind`` names the pieces that know one: ``PHONE_NUMBERS``
(ccc_phone_numbers) and ``DO_NOT_CALL`` (ccc_do_not_call_numbers).
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils import _dnc_plan
from ansible_collections.alibabacloud.ccc.plugins.module_utils._applier import Applier
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_applier import DoNotCallApplier
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_reader import DoNotCallReader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_report import DoNotCallReport
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import in_doubt, make_plan, settle
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader, UnassignedReader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._report import Report

# ``reader(client, desired, pace)``: a ``_reader.ListReader``; ``make_plan(desired, current)``; ``sender(client,
# desired, pace)``: has ``send(plan) -> Facts``; ``settle(plan, facts, read, desired)``; ``report(desired, before,
# plan, verdict=None, read_back=None)``: a ``_report.RunReport``; ``explain(client, pace, verdict)``: the verdict
# with what reading more can say about its failures.
Kind = namedtuple("Kind", ["reader", "make_plan", "sender", "settle", "report", "explain"])

PHONE_NUMBERS = Kind(
    reader=lambda client, desired, pace: Reader(client, desired.instance_id, pace.max_concurrency),
    make_plan=make_plan,
    sender=lambda client, desired, pace: Applier(client, desired.instance_id, desired.force, pace),
    settle=lambda plan, facts, read, desired: settle(plan, facts, read, desired.force),
    report=Report,
    explain=lambda client, pace, verdict: _explain(verdict, UnassignedReader(client, pace.max_concurrency)),
)

DO_NOT_CALL = Kind(
    reader=lambda client, desired, pace: DoNotCallReader(client, desired.instance_id, pace.max_concurrency),
    make_plan=_dnc_plan.make_plan,
    sender=lambda client, desired, pace: DoNotCallApplier(client, desired.instance_id, pace),
    settle=lambda plan, facts, read, desired: settle(plan, facts, read),
    report=DoNotCallReport,
    # Neither do-not-call write refuses a number of its own: a failure is a write not confirmed, said as such.
    explain=lambda client, pace, verdict: verdict,
)


def converge(client, desired, pace, check_mode, kind=PHONE_NUMBERS):
    """Returns the Report of the run. Raises CCCError for what stops it before any write (bad input
    that needs the instance's state, an instance that cannot be read); errors after the first write are
    in the report, with what had been done."""
    reader = kind.reader(client, desired, pace)
    listing = reader.read_scope(desired)
    plan = kind.make_plan(desired, listing.records)
    if check_mode or not plan:
        return kind.report(desired, listing, plan)
    sender = kind.sender(client, desired, pace)
    facts = sender.send(plan)
    doubtful = sorted(in_doubt(plan, facts))
    read, found = {}, None
    if doubtful:
        try:
            read, found = reader.read_back(doubtful)
        except CCCError as exc:
            facts.error = facts.error or exc
            read = None
    verdict = kind.settle(plan, facts, read, desired)
    if verdict.resend:
        verdict = verdict.after(plan, sender.send(verdict.resend))
    verdict = kind.explain(client, pace, verdict)
    return kind.report(desired, listing, plan, verdict, read_back=found)


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
