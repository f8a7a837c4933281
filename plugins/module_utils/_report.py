# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: module results and diffs, rendered from the plan
(check mode) or from what the writes did (real run), so the two can never disagree in shape."""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import as_list, skill_group_ids

UNCONFIRMED = "the write was sent but its outcome could not be confirmed"


def phone_number(item, details=False):
    """A ListPhoneNumbers item with the snake_case keys the modules return.

    ccc_phone_numbers returns the binding itself (skill groups by id, as it takes them);
    ccc_phone_numbers_info adds the details the API holds about the number (``details=True``).
    Returning those for every number in a large instance would make a purge run's result several MB,
    which Ansible then scans and copies for seconds.
    """
    binding = {
        "number": item.get("Number"),
        "usage": item.get("Usage"),
        "contact_flow_id": item.get("ContactFlowId") or None,
        "contact_flow_name": item.get("ContactFlowName") or None,
        "active": _bool(item.get("Active")),
        "skill_group_ids": list(skill_group_ids(item)),
    }
    if details:
        binding.update(
            skill_groups=[
                {
                    "skill_group_id": group.get("SkillGroupId"),
                    "name": group.get("Name"),
                    "display_name": group.get("DisplayName"),
                }
                for group in as_list(item.get("SkillGroups"))
                if isinstance(group, dict)
            ],
            instance_id=item.get("InstanceId"),
            create_time=item.get("CreateTime"),
            city=item.get("City"),
            province=item.get("Province"),
            provider=item.get("Provider"),
            user_id=item.get("UserId"),
            tags=item.get("Tags"),
        )
    return binding


def _bool(value):
    if isinstance(value, str):
        return value.lower() == "true"
    return None if value is None else bool(value)


def _settings(binding):
    return {"usage": binding.usage, "contact_flow_id": binding.contact_flow_id or None}


def _line(number, item):
    if item is None:
        return None
    flow = item.get("ContactFlowId") or "-"
    name = item.get("ContactFlowName")
    if name and flow != "-":
        flow = "%s (%s)" % (flow, name)
    line = "%-20s usage=%-11s contact_flow=%s" % (number, item.get("Usage"), flow)
    groups = skill_group_ids(item)
    return line + " skill_groups=" + ",".join(groups) if groups else line


class Report:
    """Turns (desired, items read before, plan, outcome) into the module's result.

    What changed is the plan itself in check mode (``outcome`` None) and, after a real run, the part
    of the plan the writes confirmed (``plan.only(outcome.confirmed, outcome.pieces)``); the after-state
    is that part applied to what was read. Nothing here re-decides what a number should be."""

    def __init__(self, desired, before_items, plan, outcome=None):
        self.desired = desired
        self.before = before_items
        self.plan = plan
        self.outcome = outcome
        self.done = plan if outcome is None else plan.only(outcome.confirmed, outcome.pieces)
        self.flow_names = {
            item.get("ContactFlowId"): item.get("ContactFlowName")
            for item in before_items.values()
            if item.get("ContactFlowId")
        }

    # Concurrent writes finish in any order, so changes are listed in the order the task named the
    # numbers, then by number.
    def _changes(self):
        position = {n: i for i, n in enumerate(self.desired.numbers)}

        def order(number):
            return (position.get(number, len(position)), number)

        changes = sorted(self.done.modifies, key=lambda m: order(m.after.number))
        return (
            sorted(self.done.added_numbers, key=order),
            [c for c in changes if c.resets],
            sorted((b.number for b in self.done.removes), key=order),
            [c for c in changes if c.joined or c.left],
        )

    def _after_items(self):
        after = dict(self.before)
        if self.outcome is not None:
            for number, item in self.outcome.refreshed.items():
                if item is None:
                    after.pop(number, None)
                else:
                    after[number] = item
        for number, goal in self.done.goals().items():
            if goal is None:
                after.pop(number, None)
            else:
                after[number] = self._item(goal, after.get(number))
        return after

    def _item(self, binding, known):
        item = dict(known or {"Number": binding.number, "InstanceId": self.desired.instance_id})
        item["Usage"] = binding.usage
        if item.get("ContactFlowId", "") != binding.contact_flow_id:
            item["ContactFlowName"] = self.flow_names.get(binding.contact_flow_id)
        item["ContactFlowId"] = binding.contact_flow_id or ""
        item["SkillGroups"] = [{"SkillGroupId": sg} for sg in binding.skill_group_ids]
        return item

    def _scope(self, after):
        """The numbers the task is about: all of the instance's with purge, else the named ones."""
        if self.desired.purge:
            return sorted(set(self.before) | set(after))
        return list(self.desired.numbers)

    @property
    def failures(self):
        """number -> why it did not converge (empty in check mode)."""
        if self.outcome is None:
            return {}
        failed = dict(self.outcome.failed)
        failed.update((n, UNCONFIRMED) for n in self.outcome.unknown)
        return failed

    def failure_message(self):
        failures = self.failures
        shown = "; ".join("%s: %s" % item for item in sorted(failures.items())[:10])
        more = " (and %d more)" % (len(failures) - 10) if len(failures) > 10 else ""
        return "%d number(s) did not converge: %s%s. Everything else was applied (%s)." % (
            len(failures),
            shown,
            more,
            self.applied(),
        )

    def applied(self):
        """What the run changed, counted: for messages of runs that stopped part-way."""
        added, modified, removed, regrouped = self._changes()
        return "added %d, modified %d, removed %d, changed skill groups of %d" % (
            len(added),
            len(modified),
            len(removed),
            len(regrouped),
        )

    def result(self, *, with_diff, with_bindings):
        added, modified, removed, regrouped = self._changes()
        result = {
            "changed": bool(added or modified or removed or regrouped),
            "added": list(added),
            "modified": [
                {"number": c.after.number, "before": _settings(c.before), "after": _settings(c.after)} for c in modified
            ],
            "removed": list(removed),
            "skill_group_changes": [
                {"number": c.after.number, "joined": list(c.joined), "left": list(c.left)} for c in regrouped
            ],
            "failed_numbers": sorted(self.failures),
            "request_ids": [] if self.outcome is None else list(self.outcome.request_ids),
        }
        if not (with_bindings or with_diff):
            return result
        after = self._after_items()
        scope = self._scope(after)
        if with_bindings:
            result["phone_numbers"] = [phone_number(after[n]) for n in scope if n in after]
        if with_diff:
            header = "%s: bound numbers in scope" % self.desired.instance_id
            result["diff"] = {
                "before_header": header,
                "after_header": header,
                "before": "".join(_line(n, self.before.get(n)) + "\n" for n in scope if n in self.before),
                "after": "".join(_line(n, after.get(n)) + "\n" for n in scope if n in after),
            }
        return result
