# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""An in-memory account that answers the four calls like the API (paging limits, Data lists of the
numbers that failed), and the two skill-group membership calls, for unit tests of the reader, the
applier and the modules' main(). Faults are queued per action: "lost" applies the change and loses the
reply; a CCCError is raised instead."""

from __future__ import annotations

import json
import threading

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown


def skill_group(skill_group_id):
    return {"SkillGroupId": skill_group_id, "Name": skill_group_id.split("@")[0], "DisplayName": skill_group_id}


class Account:
    """``bound`` holds (number, usage, flow) or (number, usage, flow, skill group ids); ``skill_groups``
    are the instance's skill groups (others are refused as the emulator refuses them)."""

    def __init__(self, bound=(), pool=(), skill_groups=()):
        self.bound = {}
        for number, usage, flow, *groups in bound:
            self.bound[number] = {
                "Number": number,
                "Usage": usage,
                "ContactFlowId": flow,
                "Active": True,
                "InstanceId": "ccc-test",
            }
            self.bound[number]["SkillGroups"] = [skill_group(g) for g in (groups[0] if groups else ())]
        self.pool = set(pool) | set(self.bound)
        self.skill_groups = set(skill_groups)
        self.calls = []
        self.faults = {}  # action -> list of "lost" | CCCError, consumed in order
        self.lock = threading.Lock()

    def call(self, action, params, write):
        with self.lock:
            self.calls.append((action, dict(params)))
            fault = self.faults[action].pop(0) if self.faults.get(action) else None
        if isinstance(fault, CCCError):
            raise fault
        reply = getattr(self, action)(params)
        if fault == "lost":  # the change is applied, the reply never arrives
            raise CCCWriteOutcomeUnknown(code=None, message="reply lost", request_id=None, http_status=None)
        return dict(reply, RequestId="req-%d" % len(self.calls))

    def ListPhoneNumbers(self, p):
        page, size = int(p["PageNumber"]), int(p["PageSize"])
        assert 1 <= page <= 100 and 1 <= size <= 100
        items = [
            dict(self.bound[n])
            for n in sorted(self.bound)
            if p.get("SearchPattern", "") in n
            and p.get("Usage", self.bound[n]["Usage"]) == self.bound[n]["Usage"]
            and p.get("Active", "true") == "true"
        ]
        return {"Data": {"TotalCount": len(items), "List": items[(page - 1) * size : page * size]}}

    def AddPhoneNumbers(self, p):
        failed = []
        for n in json.loads(p["NumberList"]):
            if n in self.pool and n not in self.bound:
                self.bound[n] = {
                    "Number": n,
                    "Usage": p["Usage"],
                    "ContactFlowId": p.get("ContactFlowId", ""),
                    "SkillGroups": [],
                    "Active": True,
                }
            else:
                failed.append(n)
        return {"Data": failed}

    def ModifyPhoneNumber(self, p):
        self.bound[p["Number"]].update(Usage=p["Usage"], ContactFlowId=p.get("ContactFlowId", ""))
        return {"Data": None}

    def RemovePhoneNumbers(self, p):
        failed = [n for n in json.loads(p["NumberList"]) if self.bound.pop(n, None) is None]
        return {"Data": failed}

    def _members(self, p):
        if p["SkillGroupId"] not in self.skill_groups:
            raise CCCError("NotExists.SkillGroupId", "no such skill group", request_id="req-bad", http_status=404)
        numbers = json.loads(p["NumberList"])
        if any(n not in self.bound for n in numbers):
            raise CCCError("NotExists.Number", "no such number", request_id="req-bad", http_status=404)
        return numbers

    # Membership calls run concurrently, several on the same number: each changes it under the lock.
    def AddNumbersToSkillGroup(self, p):
        with self.lock:
            for n in self._members(p):
                if p["SkillGroupId"] not in self.memberships(n):
                    self.bound[n]["SkillGroups"] = self.bound[n]["SkillGroups"] + [skill_group(p["SkillGroupId"])]
        return {}

    def RemovePhoneNumbersFromSkillGroup(self, p):
        with self.lock:
            for n in self._members(p):
                groups = self.bound[n]["SkillGroups"]
                self.bound[n]["SkillGroups"] = [g for g in groups if g["SkillGroupId"] != p["SkillGroupId"]]
        return {}

    def memberships(self, number):
        return sorted(g["SkillGroupId"] for g in self.bound[number]["SkillGroups"])

    def sent(self, action):
        """(skill group, numbers) of each membership call of ``action``."""
        return [(p["SkillGroupId"], json.loads(p["NumberList"])) for called, p in self.calls if called == action]

    def count(self, action):
        return sum(1 for called, _params in self.calls if called == action)
