#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run the integration targets beside the emulator.
# Usage, as `make integration-<core>` runs it:
#   tests/emulator/run.py -- scripts/integration.sh VENV TREE PYTHON_VERSION [ansible-test integration arguments...]
#
# The emulator's variables (its address, its built-in keys) become the tree's
# tests/integration/integration_config.yml; then ansible-test runs from VENV inside TREE.
set -euo pipefail

venv=$1
tree=$2
python_version=$3
shift 3
: "${CCC_EMULATOR_VARS:?run it beside an emulator: tests/emulator/run.py -- scripts/integration.sh ...}"

shopt -s nullglob
targets=("$tree"/tests/integration/targets/*/)
shopt -u nullglob
if ((${#targets[@]} == 0)); then
    echo "integration: no targets under $tree/tests/integration/targets" >&2
    exit 1
fi

cp "$CCC_EMULATOR_VARS" "$tree/tests/integration/integration_config.yml"
cd "$tree"
exec "$venv/bin/ansible-test" integration --venv --python "$python_version" --color no "$@"
