# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mirror the repository into an ansible_collections/<namespace>/<name> tree for ansible-test.

ansible-test only runs inside such a tree. The mirror holds what git would: tracked files plus
untracked files that are not ignored, so venvs, caches and build output never reach it. Changed files
are copied, files that disappeared from the repository disappear from the mirror, and ansible-test's
own output (tests/output) and the generated integration_config.yml are left alone.

Usage: python scripts/sync_tree.py SOURCE_DIR DEST_DIR
"""

from __future__ import annotations

import filecmp
import os
import pathlib
import shutil
import subprocess
import sys

KEEP = ("tests/output/", "tests/integration/integration_config.yml")
# The mirror is its own (empty) git repository: ansible-test lists content with git from the nearest
# .git upwards, and without one here it would find the outer repository, where .build is ignored.
OWN_GIT = ".git"


def repository_files(source: pathlib.Path) -> set[str]:
    listing = subprocess.run(
        ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.decode()
    # A tracked file deleted in the work tree is still listed by --cached.
    return {name for name in listing.split("\0") if name and os.path.lexists(source / name)}


def kept(relative: str) -> bool:
    return any(relative == keep or relative.startswith(keep) for keep in KEEP)


def copy(source: pathlib.Path, dest: pathlib.Path) -> bool:
    if source.is_symlink():
        target = os.readlink(source)
        if dest.is_symlink() and os.readlink(dest) == target:
            return False
        if dest.exists() or dest.is_symlink():
            dest.unlink()
        dest.symlink_to(target)
        return True
    if dest.is_file() and not dest.is_symlink() and filecmp.cmp(source, dest, shallow=False):
        return False
    if dest.is_symlink():
        dest.unlink()
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, dest)
    return True


def sync(source: pathlib.Path, dest: pathlib.Path) -> tuple[int, int]:
    wanted = repository_files(source)
    dest.mkdir(parents=True, exist_ok=True)
    copied = sum(copy(source / name, dest / name) for name in sorted(wanted))
    removed = 0
    if not (dest / OWN_GIT).exists():
        subprocess.run(["git", "init", "--quiet", str(dest)], check=True)
    own_git = str(dest / OWN_GIT)
    for root, dirs, files in os.walk(dest, topdown=False):
        if root == own_git or root.startswith(own_git + os.sep):
            continue
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            path = pathlib.Path(root, name)
            relative = path.relative_to(dest).as_posix()
            if relative == OWN_GIT:
                continue
            if relative not in wanted and not kept(relative):
                path.unlink()
                removed += 1
        if (
            root != str(dest)
            and not os.listdir(root)
            and not kept(pathlib.Path(root).relative_to(dest).as_posix() + "/")
        ):
            os.rmdir(root)
    return copied, removed


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    source, dest = pathlib.Path(argv[0]).resolve(), pathlib.Path(argv[1])
    copied, removed = sync(source, dest)
    print(f"{dest}: {copied} file(s) updated, {removed} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
