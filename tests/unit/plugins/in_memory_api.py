# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""An in-memory account that answers the four calls like the API (paging limits, Data lists of the
numbers that failed), for unit tests of the reader, the applier and the modules' main(). Faults are
queued per action: "lost" applies the change and loses the reply; a CCCError is raised instead."""

from __future__ import annotations

import json
import threading

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError, CCCWriteOutcomeUnknown


class Account:
    def __init__(self, bound=(), pool=()):
        self.bound = {n: {"Number": n, "Usage": u, "ContactFlowId": f, "InstanceId": "ccc-test"} for n, u, f in bound}
        self.pool = set(pool) | set(self.bound)
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
            if p.get("SearchPattern", "") in n and p.get("Usage", self.bound[n]["Usage"]) == self.bound[n]["Usage"]
        ]
        return {"Data": {"TotalCount": len(items), "List": items[(page - 1) * size : page * size]}}

    def AddPhoneNumbers(self, p):
        failed = []
        for n in json.loads(p["NumberList"]):
            if n in self.pool and n not in self.bound:
                self.bound[n] = {"Number": n, "Usage": p["Usage"], "ContactFlowId": p.get("ContactFlowId", "")}
            else:
                failed.append(n)
        return {"Data": failed}

    def ModifyPhoneNumber(self, p):
        self.bound[p["Number"]].update(Usage=p["Usage"], ContactFlowId=p.get("ContactFlowId", ""))
        return {"Data": None}

    def RemovePhoneNumbers(self, p):
        failed = [n for n in json.loads(p["NumberList"]) if self.bound.pop(n, None) is None]
        return {"Data": failed}

    def count(self, action):
        return sum(1 for called, _params in self.calls if called == action)
