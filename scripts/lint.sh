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

echo "== pre-commit hook versions match requirements-dev.txt"
"$venv/bin/python" scripts/check_precommit.py

echo "== ruff format --check"
"$venv/bin/ruff" format --check "${python_dirs[@]}"

echo "== ruff check"
"$venv/bin/ruff" check "${python_dirs[@]}"

echo "== yamllint"
"$venv/bin/yamllint" --strict .

echo "== ansible-lint --profile production"
# --offline: the collection has no dependencies to fetch, and only PyPI is reachable here.
PATH="$venv/bin:$PATH" "$venv/bin/ansible-lint" --profile production --offline --nocolor
