# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fail when .pre-commit-config.yaml pins a tool at another version than requirements-dev.txt.

pre-commit and `make lint` must run the same tools at the same versions, or a commit that passed its
hooks can fail CI (and the other way round).
"""

from __future__ import annotations

import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")
# Tools that make lint runs; each must have a hook.
REQUIRED = ("ruff", "yamllint", "ansible-lint")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_pins(path: pathlib.Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def hook_pins(path: pathlib.Path) -> dict[str, str]:
    config = yaml.safe_load(path.read_text())
    pins = {}
    for repo in config.get("repos", []):
        for hook in repo.get("hooks", []):
            for dependency in hook.get("additional_dependencies", []):
                match = PIN.match(dependency)
                if not match:
                    raise SystemExit(f"{path.name}: hook {hook['id']}: {dependency!r} is not pinned with ==")
                pins[canonical(match.group(1))] = match.group(2)
    return pins


def main() -> int:
    wanted = requirement_pins(ROOT / "requirements-dev.txt")
    hooks = hook_pins(ROOT / ".pre-commit-config.yaml")
    problems = [f"no pre-commit hook installs {tool}" for tool in REQUIRED if tool not in hooks]
    for name, version in sorted(hooks.items()):
        if name not in wanted:
            problems.append(f"{name}=={version} is used by a hook but not pinned in requirements-dev.txt")
        elif wanted[name] != version:
            problems.append(f"{name}: pre-commit has {version}, requirements-dev.txt has {wanted[name]}")
    for problem in problems:
        print(f".pre-commit-config.yaml: {problem}", file=sys.stderr)
    if not problems:
        print(f"pre-commit pins match requirements-dev.txt: {', '.join(f'{n}=={v}' for n, v in sorted(hooks.items()))}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
