# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # What the modules support. Use with ansible.builtin.action_common_attributes and
    # ansible.builtin.action_common_attributes.actiongroups, which describe the attributes. DOCUMENTATION is
    # for the modules that change an instance, INFO (alibabacloud.ccc.attributes.info) for the info modules.
    # Both are literals: ansible-test reads doc fragments without running them.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - alibabacloud.ccc.ccc
"""

    INFO = r"""
attributes:
  check_mode:
    support: full
    details: The module only reads.
  diff_mode:
    support: N/A
    details: The module changes nothing.
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - alibabacloud.ccc.ccc
"""
