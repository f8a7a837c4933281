# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only callback: append every task result, as JSON lines, to $RELIABILITY_RESULTS_FILE.

The reliability suite reads module results from here instead of scraping the human output, and the
secrets tests search this file too: it is one more thing a run writes.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: reliability_results
type: aggregate
short_description: write task results as JSON lines for the reliability suite
description: Test-only. Appends one JSON object per task result to the file named by RELIABILITY_RESULTS_FILE.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "reliability_results"
    CALLBACK_NEEDS_ENABLED = True

    def _write(self, status, result):
        path = os.environ.get("RELIABILITY_RESULTS_FILE")
        if not path:
            return
        record = {"task": result.task_name, "status": status, "result": result._result}
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, default=str) + "\n")

    def v2_runner_on_ok(self, result):
        self._write("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write("failed", result)

    def v2_runner_on_unreachable(self, result):
        self._write("unreachable", result)

    def v2_runner_on_skipped(self, result):
        self._write("skipped", result)
