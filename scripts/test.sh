#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The runner of `make test`: runs `make PHASE` for each PHASE given (the Makefile's PHASES, in order),
# stopping at the first failure. Each phase's full output also goes to .build/logs/<phase>.log; the end
# prints how long each phase took and its runner's closing line, and the total time. KEEP_GOING=1 runs
# every phase even after a failure (to see them all at once) and still exits non-zero.
# Usage: scripts/test.sh PHASE...
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
logs=.build/logs
mkdir -p "$logs"
started=$SECONDS

summary=()
failed=0
# The line a phase's runner closes with: pytest's "N passed in Xs", ansible-test's "FATAL", our
# "skipped:"; else the phase's last line (make's own complaint, for one).
closing_line() {
    local line
    line=$(grep -E '^=* ?[0-9]+ (passed|failed|errors?)\b.* in [0-9.]+s|no tests ran|^(FATAL|ERROR):|^skipped: ' "$1" |
        grep -v '^FATAL: Command' | tail -n 1 || true)
    [[ -n "$line" ]] || line=$(grep -v '^\s*$' "$1" | tail -n 1 || true)
    cut -c1-160 <<<"$line"
}
# shellcheck disable=SC2329  # called by the EXIT trap below
report() {
    echo
    echo "== make test summary"
    printf '%s\n' "${summary[@]}"
    echo "total: $((SECONDS - started)) s"
}
trap report EXIT

for phase in "$@"; do
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
