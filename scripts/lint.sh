#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The style checks of `make lint`: ruff (format check, then lint), yamllint, ansible-lint.
# .pre-commit-config.yaml runs the same tools at the same versions (scripts/check_precommit.py checks).
# Usage: scripts/lint.sh VENV
set -euo pipefail

venv=$1
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python_dirs=()
for dir in plugins tests benchmarks scripts; do
    [[ -d "$dir" ]] && python_dirs+=("$dir")
done

# Every tool runs even when an earlier one failed, so one pass shows all there is to fix.
status=0
step() {
    local name=$1
    shift
    echo "== $name"
    "$@" || { status=1; echo "lint: $name failed" >&2; }
}

step "pre-commit hook versions match requirements-dev.txt" "$venv/bin/python" scripts/check_precommit.py
step "ruff format --check" "$venv/bin/ruff" format --check "${python_dirs[@]}"
step "ruff check" "$venv/bin/ruff" check "${python_dirs[@]}"
step "yamllint" "$venv/bin/yamllint" --strict .
# As bare `ansible-lint` runs it (.ansible-lint): it installs this checkout into its cache, .ansible/.
# `make lint-bare` also runs it in a fresh copy and on the built tarball.
step "ansible-lint --profile production" env PATH="$venv/bin:$PATH" \
    "$venv/bin/ansible-lint" --profile production --nocolor
exit "$status"
