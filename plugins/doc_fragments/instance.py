# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    # Mirrors _instance_options() in plugins/module_utils/_desired.py.
    DOCUMENTATION = r"""
options:
  instance_id:
    description:
      - The CCC instance, for example C(ccc-test).
    type: str
    required: true
    aliases: [instance]
"""
