#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fill DIR with one working `python3.X` launcher per Python version this machine has, so the venvs and
# ansible-test (which looks interpreters up on PATH by name) find real interpreters.
# Usage: scripts/pythons.sh DIR VERSION...
#
# A name on PATH is not always usable: a pyenv shim for a version that is not selected fails when run,
# and a distribution's python may lack venv/ensurepip, which ansible-test needs to build its venvs. Each
# candidate is run before it is chosen: first every python3.X on PATH, then pyenv's installed versions.
# Versions with no usable interpreter are left out; ansible-test reports them as skipped.
set -euo pipefail

dir=$1
shift
mkdir -p "$dir"
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}

usable() {
    local candidate=$1 version=$2
    [[ -x "$candidate" ]] || return 1
    [[ "$("$candidate" -c 'import ensurepip, ssl, venv, sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" == "$version" ]]
}

found=()
for version in "$@"; do
    launcher="$dir/python$version"
    chosen=""
    shopt -s nullglob
    mapfile -t candidates < <(type -ap "python$version" || true)
    candidates+=("$pyenv_root"/versions/"$version".*/bin/"python$version")
    shopt -u nullglob
    for candidate in "${candidates[@]}"; do
        [[ "$candidate" == "$launcher" ]] && continue
        # A launcher written by an earlier run: take what it points at, if that still works.
        if [[ "$(head -c 2 "$candidate" 2>/dev/null)" == "#!" ]] && grep -q '^# written by scripts/pythons.sh' "$candidate"; then
            continue
        fi
        if usable "$candidate" "$version"; then
            # The real interpreter, so that sys.executable and venvs name it and not a shim.
            chosen=$("$candidate" -c 'import sys; print(sys.executable)')
            break
        fi
    done
    if [[ -z "$chosen" ]]; then
        rm -f "$launcher"
        continue
    fi
    printf '#!/bin/sh\n# written by scripts/pythons.sh\nexec %q "$@"\n' "$chosen" >"$launcher.tmp"
    chmod +x "$launcher.tmp"
    mv "$launcher.tmp" "$launcher"
    found+=("$version")
done
echo "$dir: python ${found[*]:-(none)}"
