# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: module results, diffs and error messages.

Rendered from the plan in check mode and from the verdict after a real run (``_plan.settle``), with the
state after the run from ``_plan.state_after``: nothing here re-decides what a number is or should be,
so check mode and a real run can never disagree in shape.
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import bindings_option
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import SHOWN_FAILURES, state_after


def phone_number(binding, details=None, flow_names=None, full=False):
    """A number as the modules return it.

    ccc_phone_numbers returns the binding itself (skill groups by id, as it takes them);
    ccc_phone_numbers_info adds the details the API holds about the number (``full=True``).
    Returning those for every number in a large instance would make a purge run's result several MB,
    which Ansible then scans and copies for seconds.
    """
    flow = binding.contact_flow_id or None
    item = {
        "number": binding.number,
        "usage": binding.usage,
        "contact_flow_id": flow,
        "contact_flow_name": (flow_names or {}).get(flow) if flow else None,
        "active": None if details is None else details.active,
        "skill_group_ids": list(binding.skill_group_ids),
    }
    if full:
        item.update(
            skill_groups=[
                {"skill_group_id": sg, "name": name, "display_name": display}
                for sg, name, display in details.skill_groups
            ],
            instance_id=details.instance_id,
            create_time=details.create_time,
            city=details.city,
            province=details.province,
            provider=details.provider,
            user_id=details.user_id,
            tags=details.tags,
        )
    return item


def info_result(listing, total, with_phone_numbers=True):
    """ccc_phone_numbers_info's result: the numbers the listing holds as the ``bindings`` option takes them
    and, unless left out, each with its details, in number order."""
    result = {"changed": False, "bindings": bindings_option(listing.bindings.values()), "total_count": total}
    if with_phone_numbers:
        names = listing.flow_names()
        result["phone_numbers"] = [
            phone_number(listing.bindings[n], listing.details(n), names, full=True) for n in sorted(listing.bindings)
        ]
    return result


def unassigned_result(total, numbers, with_phone_numbers=True):
    """ccc_phone_numbers_info's result for the account's unassigned numbers (number -> Unassigned)."""
    result = {"changed": False, "total_count": total}
    if with_phone_numbers:
        result["phone_numbers"] = [dict(numbers[n]._asdict()) for n in sorted(numbers)]
    return result


def _settings(binding):
    return {"usage": binding.usage, "contact_flow_id": binding.contact_flow_id or None}


class RunReport:
    """What the reports of every resource share. Turns (desired, the listing read before, plan, verdict or None
    in check mode) into the module's result and, when the run did not converge, its error; ``read_back`` is
    the listing of numbers read again after the writes. A subclass says what its changes are (``changes``: label
    -> numbers or changes, in the task's order, whose counts say what a run applied) and renders its result."""

    def __init__(self, desired, before, plan, verdict=None, read_back=None):
        self.desired = desired
        self.before = before
        self.plan = plan
        self.verdict = verdict
        self.read_back = read_back
        self.done = plan if verdict is None else verdict.done

    def changes(self):
        """[(label, what changed)] in the order a summary names them, e.g. [("added", numbers), ...]. Each
        resource's report says what its changes are (``Report``, ``DoNotCallReport``)."""
        raise NotImplementedError

    # Concurrent writes finish in any order, so changes are listed in the order the task named the
    # numbers, then by number.
    def in_task_order(self, items, number=lambda item: item):
        position = {n: i for i, n in enumerate(self.desired.numbers)}
        return sorted(items, key=lambda item: (position.get(number(item), len(position)), number(item)))

    @property
    def failures(self):
        """number -> why it did not converge (empty in check mode)."""
        return {} if self.verdict is None else dict(self.verdict.failed)

    def applied(self):
        """What the run changed, counted ("added 1, removed 2"), or None when it changed nothing."""
        counts = [(label, len(changed)) for label, changed in self.changes()]
        if not any(count for _label, count in counts):
            return None
        return ", ".join("%s %d" % count for count in counts)

    def error(self):
        """(the CCCError the run ends with, the context to put in front of its message), or None when
        the run converged. An error that stopped the run comes with what had been applied before it."""
        if self.verdict is not None and self.verdict.error is not None:
            applied = self.applied()
            return self.verdict.error, ("stopped part-way, having %s" % applied if applied else None)
        failures = self.failures
        if not failures:
            return None
        listed = "; ".join("%s: %s" % item for item in sorted(failures.items())[:SHOWN_FAILURES])
        more = " (and %d more)" % (len(failures) - SHOWN_FAILURES) if len(failures) > SHOWN_FAILURES else ""
        applied = self.applied()
        message = "%d number(s) did not converge: %s%s." % (len(failures), listed, more)
        if applied:
            message += " Everything else was applied (%s)." % applied
        return CCCError("NotConverged", message), None

    def outcome(self):
        """The keys every result has: whether anything changed, the numbers that failed, the writes' request ids."""
        return {
            "changed": any(changed for _label, changed in self.changes()),
            "failed_numbers": sorted(self.failures),
            "request_ids": [] if self.verdict is None else list(self.verdict.request_ids),
        }

    def after(self):
        """(before, after): number -> record, the state before the run and after it (or after the plan)."""
        before = self.before.records
        return before, state_after(before, self.done, None if self.verdict is None else self.verdict.read)

    def scope(self, before, after):
        """The numbers the task is about: all of the list's with purge, else the named ones, in that order."""
        return sorted(set(before) | set(after)) if self.desired.purge else list(self.desired.numbers)

    def diff(self, header, scope, before, after, line):
        """The diff of the numbers in ``scope``, one ``line(record)`` each, before and after."""
        return {
            "before_header": header,
            "after_header": header,
            "before": "".join(line(before[n]) + "\n" for n in scope if n in before),
            "after": "".join(line(after[n]) + "\n" for n in scope if n in after),
        }


class Report(RunReport):
    """The report of a ccc_phone_numbers run."""

    def changes(self):
        changes = self.in_task_order(self.done.modifies, lambda m: m.after.number)
        return [
            ("added", self.in_task_order(self.done.added_numbers)),
            ("modified", [c for c in changes if c.resets]),
            ("removed", self.in_task_order(b.number for b in self.done.removes)),
            ("changed skill groups of", [c for c in changes if c.joined or c.left]),
        ]

    def _flow_names(self):
        names = self.before.flow_names()
        if self.read_back is not None:
            names.update(self.read_back.flow_names())
        return names

    def _details(self, number):
        details = self.read_back.details(number) if self.read_back is not None else None
        return details or self.before.details(number)

    def _line(self, binding, names):
        flow = binding.contact_flow_id or "-"
        if names.get(binding.contact_flow_id):
            flow = "%s (%s)" % (flow, names[binding.contact_flow_id])
        line = "%-20s usage=%-11s contact_flow=%s" % (binding.number, binding.usage, flow)
        groups = binding.skill_group_ids
        return line + " skill_groups=" + ",".join(groups) if groups else line

    def result(self, *, with_diff, with_bindings):
        (_a, added), (_m, modified), (_r, removed), (_g, regrouped) = self.changes()
        result = dict(
            self.outcome(),
            added=list(added),
            modified=[
                {"number": c.after.number, "before": _settings(c.before), "after": _settings(c.after)} for c in modified
            ],
            removed=list(removed),
            skill_group_changes=[
                {"number": c.after.number, "joined": list(c.joined), "left": list(c.left)} for c in regrouped
            ],
        )
        if not (with_bindings or with_diff):
            return result
        # The after-state is only worked out when asked for: on a purge of 10,000 numbers it is not free.
        before, after = self.after()
        scope = self.scope(before, after)
        names = self._flow_names()
        if with_bindings:
            result["phone_numbers"] = [phone_number(after[n], self._details(n), names) for n in scope if n in after]
        if with_diff:
            header = "%s: bound numbers in scope" % self.desired.instance_id
            result["diff"] = self.diff(header, scope, before, after, lambda binding: self._line(binding, names))
        return result
