#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run the integration targets against a local CCC emulator.
# Usage: scripts/integration.sh VENV TREE PYTHON_VERSION [ansible-test integration arguments...]
#
# Starts tests/emulator/run.py on a free loopback port, writes the tree's
# tests/integration/integration_config.yml for it, runs ansible-test from VENV inside TREE and always
# stops the emulator, whatever happened.
set -euo pipefail

venv=$1
tree=$2
python_version=$3
shift 3
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EMULATOR_PYTHON="$ROOT/.venv/bin/python"

shopt -s nullglob
targets=("$tree"/tests/integration/targets/*/)
shopt -u nullglob
if ((${#targets[@]} == 0)); then
    echo "integration: no targets under $tree/tests/integration/targets" >&2
    exit 1
fi
if [[ ! -f "$ROOT/tests/emulator/run.py" ]]; then
    echo "integration: tests/emulator/run.py is missing; the targets need the emulator" >&2
    exit 1
fi

# shellcheck source=scripts/emulator.sh
source "$ROOT/scripts/emulator.sh"
# shellcheck disable=SC2119  # no extra emulator arguments here
start_emulator

cat >"$tree/tests/integration/integration_config.yml" <<CONFIG
# Written by scripts/integration.sh for this run; the emulator's built-in test credentials.
ccc_endpoint: $EMULATOR_URL
ccc_access_key_id: LTAIEmulatorKey0001
ccc_access_key_secret: EmulatorSecret0001
ccc_emulator_url: $EMULATOR_URL
CONFIG

status=0
(cd "$tree" && "$venv/bin/ansible-test" integration --venv --python "$python_version" --color no "$@") || status=$?
if ((status != 0)); then
    echo "integration: ansible-test failed (exit $status); the emulator's log ends with:" >&2
    emulator_log_tail
fi
exit "$status"
