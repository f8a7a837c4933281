#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The design's ad-hoc form, exactly as a user types it from the repository root:
#   ansible localhost -m ccc_phone_numbers -a 'instance_id=... numbers=... usage=Inbound'
# against the emulator, with the installed collection ansible.cfg points at. The first run must
# report CHANGED, the second SUCCESS (no change), and the emulator must hold the binding.
# Usage: tests/emulator/run.py -- scripts/adhoc.sh VENV (the ansible-core to run it with), as
# `make adhoc-<core>` does: beside a fresh emulator with the default seed (instance ccc-demo).
set -euo pipefail

venv=$1
: "${CCC_EMULATOR_URL:?run it beside an emulator: tests/emulator/run.py -- scripts/adhoc.sh VENV}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Credentials come the way users keep them: from the environment, not the command line.
export ALIBABA_CLOUD_ACCESS_KEY_ID=$CCC_EMULATOR_ACCESS_KEY_ID
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=$CCC_EMULATOR_ACCESS_KEY_SECRET
number=057100000150
args="instance_id=ccc-demo numbers=$number usage=Inbound endpoint=$CCC_EMULATOR_URL"

expect() {
    local want=$1 output
    output=$("$venv/bin/ansible" localhost -m ccc_phone_numbers -a "$args" 2>&1) || true
    if ! grep -q "^localhost | $want" <<<"$output"; then
        echo "adhoc: expected 'localhost | $want', got:" >&2
        echo "$output" >&2
        return 1
    fi
    echo "adhoc: ansible localhost -m ccc_phone_numbers ... -> $want"
}
expect CHANGED
expect SUCCESS
usage=$(PYTHONPATH="$ROOT/tests/emulator" "$ROOT/.venv/bin/python" -c '
import os, sys
from ccc_emulator.launcher import Control
print(Control(os.environ["CCC_EMULATOR_URL"]).bindings("ccc-demo").get(sys.argv[1], {}).get("usage"))' "$number")
if [[ "$usage" != "Inbound" ]]; then
    echo "adhoc: the emulator does not hold $number as Inbound: $usage" >&2
    exit 1
fi
echo "adhoc: 2 passed, 0 failed"
