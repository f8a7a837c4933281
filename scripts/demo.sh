#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run demo/demo.yml against a local CCC emulator, with the collection `make install` put in
# .build/collections (ansible.cfg points there). Usage: scripts/demo.sh VENV
set -euo pipefail

venv=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EMULATOR_PYTHON="$venv/bin/python"
cd "$ROOT"

missing=()
for needed in demo/demo.yml plugins/modules/ccc_phone_numbers.py tests/emulator/run.py; do
    [[ -e "$needed" ]] || missing+=("$needed")
done
if ((${#missing[@]} > 0)); then
    echo "make demo: cannot run yet, missing: ${missing[*]}" >&2
    exit 1
fi

seed=()
[[ -f demo/seed.json ]] && seed=(--seed demo/seed.json)

# shellcheck source=scripts/emulator.sh
source "$ROOT/scripts/emulator.sh"
start_emulator "${seed[@]}"

inventory=()
[[ -f demo/inventory.yml ]] && inventory=(-i demo/inventory.yml)
status=0
"$venv/bin/ansible-playbook" "${inventory[@]}" demo/demo.yml \
    -e "ccc_endpoint=$EMULATOR_URL" -e "ccc_emulator_url=$EMULATOR_URL" || status=$?
if ((status != 0)); then
    echo "make demo: the playbook failed (exit $status); the emulator's log ends with:" >&2
    emulator_log_tail
fi
exit "$status"
