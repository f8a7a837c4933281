# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Mirrors removal_options() in plugins/module_utils/_desired.py; the rule is _plan.limit_removals.
    DOCUMENTATION = r"""
options:
  max_removals:
    description:
      - The most numbers one run of the task may remove (with O(purge=true) or O(state=absent)). When the plan
        would remove more, the task fails with C(TooManyRemovals) before any write, naming how many it would
        remove, this limit and the first few numbers; check mode reports the same refusal.
      - The guard to set in production, where a purge runs unattended. A mistake upstream (a variable left
        empty, a filter that matches nothing, an inventory read from the wrong place) then stops the task
        instead of emptying the instance. Set it a little above the largest removal you expect in one run.
      - V(0) allows no removal at all. Unset, there is no limit.
    type: int
"""
