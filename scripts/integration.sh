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
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

shopt -s nullglob
targets=("$tree"/tests/integration/targets/*/)
shopt -u nullglob
if ((${#targets[@]} == 0)); then
    echo "skipped: tests/integration/targets has no targets yet"
    exit 0
fi
if [[ ! -f "$root/tests/emulator/run.py" ]]; then
    echo "integration: tests/emulator/run.py is missing; the targets need the emulator" >&2
    exit 1
fi

workdir=$(mktemp -d)
emulator_pid=
# shellcheck disable=SC2329  # called by the EXIT trap below
stop_emulator() {
    if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        kill -TERM "$emulator_pid" 2>/dev/null || true
        wait "$emulator_pid" 2>/dev/null || true
    fi
    rm -rf "$workdir"
}
trap stop_emulator EXIT

"$root/.venv/bin/python" "$root/tests/emulator/run.py" --host 127.0.0.1 --port 0 \
    --port-file "$workdir/port" >"$workdir/emulator.log" 2>&1 &
emulator_pid=$!

for _ in $(seq 100); do
    [[ -s "$workdir/port" ]] && break
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        echo "integration: the emulator exited before listening:" >&2
        cat "$workdir/emulator.log" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ ! -s "$workdir/port" ]]; then
    echo "integration: the emulator did not write its port within 10 s" >&2
    cat "$workdir/emulator.log" >&2
    exit 1
fi
port=$(cat "$workdir/port")
url="http://127.0.0.1:$port"
echo "emulator listening on $url"

cat >"$tree/tests/integration/integration_config.yml" <<CONFIG
# Written by scripts/integration.sh for this run; the emulator's built-in test credentials.
ccc_endpoint: $url
ccc_access_key_id: LTAIEmulatorKey0001
ccc_access_key_secret: EmulatorSecret0001
ccc_emulator_url: $url
CONFIG

status=0
(cd "$tree" && "$venv/bin/ansible-test" integration --venv --python "$python_version" --color no "$@") || status=$?
if ((status != 0)); then
    echo "integration: ansible-test failed (exit $status); the emulator's log ends with:" >&2
    tail -n 40 "$workdir/emulator.log" >&2
fi
exit "$status"
