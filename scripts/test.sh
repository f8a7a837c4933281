#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `make test`: every check, in order, stopping at the first failure. Each phase's full output also
# goes to .build/logs/<phase>.log; the end prints how long each phase took and its closing line.
# PHASES="lint units-2.21" make test runs only those phases (names as below); KEEP_GOING=1 runs every
# phase even after a failure (to see them all at once) and still exits non-zero.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
logs=.build/logs
# A full run starts with no logs, so none of them is left over from an earlier run.
[[ -z "${PHASES:-}" ]] && rm -rf "$logs"
mkdir -p "$logs"

# The core matrix (Makefile KNOWN_CORES), newest first; CORES="2.21 2.16" make test runs fewer.
read -r -a cores <<<"${CORES:-2.21 2.20 2.16}"
matrix_phases() { local core; for core in "${cores[@]}"; do printf '%s-%s ' "$1" "$core"; done; }
# shellcheck disable=SC2207  # the phase names have no spaces
all_phases=(
    venvs browser lint $(matrix_phases sanity) $(matrix_phases units) changelog-lint docs-lint build
    lint-bare install emulator-tests $(matrix_phases integration) $(matrix_phases adhoc) docs docs-check
    docs-tests bench-smoke reliability
)
read -r -a phases <<<"${PHASES:-${all_phases[*]}}"

summary=()
failed=0
# The lines test runners close with: pytest's "N passed in Xs", ansible-test's "FATAL", our "skipped:".
closing_line() {
    grep -E '^=* ?[0-9]+ (passed|failed|errors?)\b.* in [0-9.]+s|no tests ran|^(FATAL|ERROR):|^skipped: ' "$1" |
        grep -v '^FATAL: Command' | tail -n 1 | cut -c1-160 || true
}
# shellcheck disable=SC2329  # called by the EXIT trap below
report() {
    echo
    echo "== make test summary"
    printf '%s\n' "${summary[@]}"
}
trap report EXIT

for phase in "${phases[@]}"; do
    log="$logs/$phase.log"
    echo
    echo "==== make $phase"
    start=$SECONDS
    set +e
    # pip on some machines warns about index locations it cannot find; the log keeps them, the screen not.
    make --no-print-directory "$phase" 2>&1 | tee "$log" | grep --line-buffered -v "is ignored: it is neither a file nor a directory"
    status=${PIPESTATUS[0]}
    set -e
    seconds=$((SECONDS - start))
    line=$(closing_line "$log")
    if ((status != 0)); then
        summary+=("$(printf '%-18s %5ss  FAILED  %s' "$phase" "$seconds" "$line")")
        echo "make test: phase '$phase' failed (exit $status); full output in $log" >&2
        if [[ -z "${KEEP_GOING:-}" ]]; then
            exit "$status"
        fi
        failed=$status
        continue
    fi
    summary+=("$(printf '%-18s %5ss  ok      %s' "$phase" "$seconds" "$line")")
done
exit "$failed"
