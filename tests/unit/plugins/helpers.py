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


from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.alibabacloud.ccc.plugins.module_utils._converge import DO_NOT_CALL, converge
from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import (
    desired_from_params,
    do_not_call_from_params,
    do_not_call_module,
    pace_from_params,
    phone_numbers_module,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import ValidationError

__all__ = ["do_not_call_input", "module_options", "patch_module_args", "run_do_not_call", "run_task", "task_input"]


def module_options(**overrides):
    """ccc_phone_numbers' options with their declared defaults (None where there is none), as
    ``module.params`` holds them, for the test's instance ``ccc-test``; not checked against the spec."""
    options = {name: spec.get("default") for name, spec in phone_numbers_module()["argument_spec"].items()}
    options["instance_id"] = "ccc-test"
    options.update(overrides)
    return options


def task_input(module=None, **overrides):
    """ccc_phone_numbers' options (or those of ``module``, its AnsibleModule arguments) as AnsibleModule hands
    them over: checked against the module's argument spec (types, choices, mutually exclusive options, binding
    keys), whose refusals raise ValidationError with Ansible's message, as the module would fail."""
    module = module or phone_numbers_module()
    given = {"instance_id": "ccc-test", **overrides}
    validator = ArgumentSpecValidator(module["argument_spec"], mutually_exclusive=module.get("mutually_exclusive"))
    checked = validator.validate({k: v for k, v in given.items() if v is not None})
    if checked.error_messages:
        raise ValidationError("; ".join(checked.error_messages))
    return checked.validated_parameters


def run_task(api, check_mode=False, **overrides):
    """ccc_phone_numbers on ``api`` (anything with the Client's ``call``), the way main() runs it:
    returns (result with diff and bindings, report)."""
    options = task_input(**overrides)
    report = converge(api, desired_from_params(options), pace_from_params(options), check_mode)
    return report.result(with_diff=True, with_bindings=True), report


def do_not_call_input(**overrides):
    """ccc_do_not_call_numbers' options as AnsibleModule hands them over (see ``task_input``)."""
    return task_input(do_not_call_module(), **overrides)


def run_do_not_call(api, check_mode=False, **overrides):
    """ccc_do_not_call_numbers on ``api``, the way main() runs it: returns (result with diff, report)."""
    options = do_not_call_input(**overrides)
    report = converge(api, do_not_call_from_params(options), pace_from_params(options), check_mode, DO_NOT_CALL)
    return report.result(with_diff=True), report
