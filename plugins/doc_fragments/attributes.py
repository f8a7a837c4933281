# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

# Every module runs on the controller against the API, and is in the action group of meta/runtime.yml.
_EVERY_MODULE = r"""
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - alibabacloud.ccc.ccc
"""


class ModuleDocFragment:
    # What the modules support. Use with ansible.builtin.action_common_attributes and
    # ansible.builtin.action_common_attributes.actiongroups, which describe the attributes. DOCUMENTATION is
    # for the modules that change an instance, INFO (alibabacloud.ccc.attributes.info) for the info modules.
    DOCUMENTATION = (
        r"""
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
"""
        + _EVERY_MODULE
    )

    INFO = (
        r"""
attributes:
  check_mode:
    support: full
    details: The module only reads.
  diff_mode:
    support: N/A
    details: The module changes nothing.
"""
        + _EVERY_MODULE
    )
