#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The design's ad-hoc form, exactly as a user types it from the repository root:
#   ansible localhost -m ccc_phone_numbers -a 'instance_id=... numbers=... usage=Inbound'
# against the emulator, with the installed collection ansible.cfg points at. The first run must
# report CHANGED, the second SUCCESS (no change), and the emulator must hold the binding.
# Usage: scripts/adhoc.sh VENV (the ansible-core to run it with)
set -euo pipefail

venv=$1
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EMULATOR_PYTHON="$ROOT/.venv/bin/python"
cd "$ROOT"

# shellcheck source=scripts/emulator.sh
source "$ROOT/scripts/emulator.sh"
# shellcheck disable=SC2119  # the default seed: instance ccc-demo, pool numbers 0571000000xx
start_emulator

# Credentials come the way users keep them: from the environment, not the command line.
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIEmulatorKey0001
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=EmulatorSecret0001
args="instance_id=ccc-demo numbers=057100000150 usage=Inbound endpoint=$EMULATOR_URL"

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
bound=$("$EMULATOR_PYTHON" -c '
import json, sys, urllib.request
with urllib.request.urlopen(sys.argv[1] + "/_emulator/state") as reply:
    state = json.load(reply)["instances"]["ccc-demo"]["numbers"]
print([n["usage"] for n in state if n["number"] == "057100000150"])' "$EMULATOR_URL")
if [[ "$bound" != "['Inbound']" ]]; then
    echo "adhoc: the emulator does not hold 057100000150 as Inbound: $bound" >&2
    exit 1
fi
echo "adhoc: 2 passed, 0 failed"
