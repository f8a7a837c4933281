# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# Sourced by scripts that need the CCC emulator: start_emulator [--seed FILE] starts
# tests/emulator/run.py on a free loopback port and sets EMULATOR_URL; the EXIT trap it installs
# always stops it. Needs $ROOT (the repository) and $EMULATOR_PYTHON.

# Whatever runs against the emulator talks to loopback only: never the real ECS metadata address.
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true

EMULATOR_WORKDIR=$(mktemp -d)
EMULATOR_PID=
EMULATOR_URL=

# shellcheck disable=SC2329  # called by the EXIT trap below
stop_emulator() {
    if [[ -n "$EMULATOR_PID" ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
        kill -TERM "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
    rm -rf "$EMULATOR_WORKDIR"
}
trap stop_emulator EXIT

emulator_log_tail() {
    tail -n 40 "$EMULATOR_WORKDIR/emulator.log" >&2 || true
}

start_emulator() {
    "$EMULATOR_PYTHON" "$ROOT/tests/emulator/run.py" --host 127.0.0.1 --port 0 \
        --port-file "$EMULATOR_WORKDIR/port" "$@" >"$EMULATOR_WORKDIR/emulator.log" 2>&1 &
    EMULATOR_PID=$!
    local _attempt
    for _attempt in $(seq 100); do
        [[ -s "$EMULATOR_WORKDIR/port" ]] && break
        if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
            echo "the emulator exited before listening:" >&2
            emulator_log_tail
            return 1
        fi
        sleep 0.1
    done
    if [[ ! -s "$EMULATOR_WORKDIR/port" ]]; then
        echo "the emulator did not write its port within 10 s:" >&2
        emulator_log_tail
        return 1
    fi
    EMULATOR_URL="http://127.0.0.1:$(cat "$EMULATOR_WORKDIR/port")"
    echo "emulator listening on $EMULATOR_URL"
}
