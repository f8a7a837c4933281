# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark-only module: takes a list of numbers as ccc_phone_numbers does and returns nothing.

What its task costs over a ping is what Ansible itself spends carrying that list into a module and
back out in the result's `invocation`: the floor under any module that is given the numbers.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec={"numbers": {"type": "list", "elements": "str"}})
    module.exit_json(changed=False)


if __name__ == "__main__":
    main()
