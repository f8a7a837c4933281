# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the results of the do-not-call modules.

What every run's report shares (``changed``, the failures, the error a run ends with, the after-state, the
diff) is ``_report.RunReport``'s; here is only what a do-not-call entry looks like in a result and a diff.
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._report import RunReport


def do_not_call_number(entry):
    """An entry as the modules return it."""
    return {
        "number": entry.number,
        "remark": entry.remark,
        "scope": entry.scope,
        "creator": entry.creator,
        "created_time": entry.created_time,
    }


def info_result(listing, total):
    """ccc_do_not_call_numbers_info's result: every entry the listing holds, in number order."""
    entries = listing.entries
    return {
        "changed": False,
        "do_not_call_numbers": [do_not_call_number(entries[n]) for n in sorted(entries)],
        "total_count": total,
    }


def _line(entry):
    return "%-20s remark=%s" % (entry.number, entry.remark or "-")


class DoNotCallReport(RunReport):
    """The report of a ccc_do_not_call_numbers run."""

    def changes(self):
        return [
            ("added", self.in_task_order(self.done.adds)),
            ("removed", self.in_task_order(entry.number for entry in self.done.removes)),
        ]

    def result(self, *, with_diff):
        (_a, added), (_r, removed) = self.changes()
        result = dict(self.outcome(), added=list(added), removed=list(removed))
        if with_diff:
            before, after = self.after()
            header = "%s: do-not-call numbers in scope" % self.desired.instance_id
            result["diff"] = self.diff(header, self.scope(before, after), before, after, _line)
        return result
