# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark-only callback: writes each task's wall time and outcome to $BENCH_TIMER_FILE as JSON."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: bench_timer
type: aggregate
short_description: record task durations for the alibabacloud.ccc benchmark
description:
  - Not shipped with the collection; used by C(benchmarks/run.py) only.
  - Measures from task start to the host's result, the same span for every task.
"""

# Result keys kept for the harness; everything else (e.g. a 10,000-line diff) is left out.
KEPT_KEYS = ("changed", "failed", "msg", "error", "skipped", "unreachable")
LISTS = ("bindings", "phone_numbers")


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tasks: list[dict] = []
        self._started: dict[str, float] = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._started[task._uuid] = time.monotonic()

    def _record(self, result, status: str) -> None:
        ended = time.monotonic()
        task = result.task
        data = result.result
        self._tasks.append(
            {
                "name": task.get_name(),
                "action": task.action,
                "status": status,
                "seconds": ended - self._started.get(task._uuid, ended),
                # size of what the module returned, measured after the clock stopped
                "result_bytes": len(json.dumps(data, default=str)),
                # and of each list the info module returns (the export's bindings against phone_numbers)
                "key_bytes": {key: len(json.dumps(data[key])) for key in LISTS if key in data},
                **{key: data[key] for key in KEPT_KEYS if key in data},
            }
        )

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("BENCH_TIMER_FILE")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"tasks": self._tasks}, handle, indent=1)
