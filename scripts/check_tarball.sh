#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Check that a built collection tarball holds what users need and nothing of our workbench.
# Usage: scripts/check_tarball.sh alibabacloud-ccc-X.Y.Z.tar.gz
set -euo pipefail

tarball=$1
listing=$(tar -tzf "$tarball" | sed 's#^\./##')

# Anything matching these would be a venv, a cache, test or build output, or a piece that is not shipped.
forbidden='(^|/)\.venv[^/]*/|(^|/)__pycache__/|\.py[cod]$|(^|/)\.(pytest_cache|ruff_cache|hypothesis|cache|build|git|github|ci|ansible)(/|$)'
forbidden+='|^tests/output/|^tests/emulator/|^tests/reliability/|^benchmarks/|^scripts/|^collections/'
forbidden+='|integration_config\.yml$|\.tar\.gz$|^docs/_build/|^demo/\.state|(^|/)\.pre-commit-config\.yaml$|^Makefile$'

status=0
if bad=$(grep -E "$forbidden" <<<"$listing"); then
    echo "$tarball holds files users must not get:" >&2
    while IFS= read -r line; do echo "  $line"; done <<<"$bad" >&2
    status=1
fi

for required in MANIFEST.json FILES.json meta/runtime.yml README.md requirements.txt meta/execution-environment.yml; do
    if ! grep -qx "$required" <<<"$listing"; then
        echo "$tarball lacks $required" >&2
        status=1
    fi
done
# Every module in the repository must be in the tarball.
for module in plugins/modules/*.py; do
    [[ -e "$module" ]] || continue
    if ! grep -qx "$module" <<<"$listing"; then
        echo "$tarball lacks $module" >&2
        status=1
    fi
done

if ((status == 0)); then
    echo "$tarball: $(grep -vc '/$' <<<"$listing") entries, no venvs, caches, test output, emulator or benchmarks"
fi
exit "$status"
