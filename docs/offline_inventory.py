# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a Sphinx inventory (objects.inv) for the few Ansible documentation labels that antsibull-docs'
generated pages refer to, so the site builds offline and those references still become links to
docs.ansible.com. A label missing here fails the build (sphinx-build -W); add it with its page."""

from __future__ import annotations

import sys
import zlib

BASE = "https://docs.ansible.com/projects/ansible/devel/"

# label -> (page#anchor relative to BASE, title)
LABELS = {
    "common_return_values": ("reference_appendices/common_return_values.html#common-return-values", "Return Values"),
    "ansible_configuration_settings": (
        "reference_appendices/config.html#ansible-configuration-settings",
        "Ansible Configuration Settings",
    ),
    "module_defaults": ("playbook_guide/playbooks_module_defaults.html#module-defaults", "Module defaults"),
}


def inventory() -> bytes:
    header = (
        b"# Sphinx inventory version 2\n"
        b"# Project: Ansible\n"
        b"# Version: devel\n"
        b"# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join("%s std:label -1 %s %s\n" % (name, uri, title) for name, (uri, title) in sorted(LABELS.items()))
    return header + zlib.compress(lines.encode())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: offline_inventory.py OUTPUT", file=sys.stderr)
        return 2
    with open(argv[1], "wb") as handle:
        handle.write(inventory())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
