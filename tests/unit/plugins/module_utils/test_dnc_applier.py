# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The do-not-call writes: imports within batch_size carrying the remark, removals 300 a call, imports first."""

from __future__ import annotations

import json

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import Pace
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_applier import DoNotCallApplier
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_plan import DoNotCallPlan, Entry
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.emulated import INSTANCE, Emulated


def numbers(count, start=1, prefix="139"):
    return tuple("%s%08d" % (prefix, i) for i in range(start, start + count))


def send(api, plan, batch_size=100, max_concurrency=8):
    return DoNotCallApplier(api, INSTANCE, Pace(batch_size, max_concurrency)).send(plan)


def test_imports_go_in_batches_of_batch_size_each_with_the_remark_and_before_any_removal():
    api = Emulated(listed=numbers(650, 1000))
    removes = tuple(Entry(n, None, "INSTANCE", None, None) for n in numbers(650, 1000))
    facts = send(api, DoNotCallPlan(numbers(250), removes, "CRM"), batch_size=90, max_concurrency=1)
    calls = [(a, len(json.loads(p["NumberList"])), p.get("Remark")) for a, p in api.calls]
    assert calls == [("ImportDoNotCallNumbers", n, "CRM") for n in (90, 90, 70)] + [
        ("RemoveDoNotCallNumbers", n, None) for n in (300, 300, 50)
    ]
    assert facts.answered == set(numbers(250)) | set(numbers(650, 1000)) and not api.listed.keys() - set(numbers(250))


def test_an_import_without_a_remark_sends_none():
    api = Emulated()
    send(api, DoNotCallPlan(numbers(1), (), None))
    assert api.calls == [("ImportDoNotCallNumbers", {"InstanceId": INSTANCE, "NumberList": json.dumps(numbers(1))})]
