# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared by the unit tests: module options as AnsibleModule would hand them over, and a way to give
a module its arguments on every supported ansible-core."""

from __future__ import annotations

import contextlib
import json

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19 reads the arguments from basic._ANSIBLE_ARGS
    from unittest import mock

    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args=None):
        payload = json.dumps({"ANSIBLE_MODULE_ARGS": args or {}}).encode("utf-8")
        with mock.patch.object(basic, "_ANSIBLE_ARGS", payload):
            yield


from ansible_collections.alibabacloud.ccc.plugins.module_utils._applier import Applier
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import desired_from_params, make_plan
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._report import Report
from ansible_collections.alibabacloud.ccc.plugins.modules import ccc_phone_numbers

__all__ = ["module_options", "patch_module_args", "run_task"]


def module_options(**overrides):
    """ccc_phone_numbers' options with their declared defaults (None where there is none), as
    ``module.params`` holds them, for the test's instance ``ccc-test``."""
    options = {name: spec.get("default") for name, spec in ccc_phone_numbers.argument_spec().items()}
    options["instance_id"] = "ccc-test"
    options.update(overrides)
    return options


def run_task(account, check_mode=False, **overrides):
    """What ccc_phone_numbers' main() does, on ``account`` (the in-memory API), without AnsibleModule:
    returns (result with diff and bindings, report, outcome)."""
    options = module_options(**overrides)
    desired = desired_from_params(options)
    reader = Reader(account, "ccc-test", options["max_concurrency"])
    current = reader.read_scope(desired)
    plan = make_plan(desired, current.bindings)
    outcome = (
        None
        if check_mode
        else Applier(account, desired, options["batch_size"], options["max_concurrency"]).apply(plan, reader)
    )
    report = Report(desired, current.items, plan, outcome)
    return report.result(with_diff=True, with_bindings=True), report, outcome
