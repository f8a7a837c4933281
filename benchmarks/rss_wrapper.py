# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in Python interpreter for module tasks that records the module process's peak memory.

Ansible runs `<interpreter> AnsiballZ_<module>.py`. The benchmark points `ansible_python_interpreter`
at a two-line shell script that runs this file as `python -I -S rss_wrapper.py OUT_FILE ARGS...`.
It forks, execs the real interpreter with ARGS in the child (stdin/stdout/stderr untouched, so Ansible
sees exactly what the module prints), then appends one JSON line to OUT_FILE with the child's peak
resident set size as the kernel reports it to `wait4`. Every task of a benchmark play goes through it,
the `ping` reference tasks too, so its small start-up cost is on both sides of the subtraction.
"""

import json
import os
import sys
import time


def main() -> int:
    out_file, args = sys.argv[1], sys.argv[2:]
    started = time.monotonic()
    child = os.fork()
    if child == 0:
        try:
            os.execv(sys.executable, [sys.executable] + args)
        finally:
            os._exit(127)
    _pid, status, usage = os.wait4(child, 0)
    record = {
        "script": os.path.basename(args[0]) if args else "<stdin>",
        "maxrss_kib": usage.ru_maxrss,  # Linux reports kibibytes
        "seconds": round(time.monotonic() - started, 4),
        "exit_status": os.waitstatus_to_exitcode(status),
    }
    with open(out_file, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    # a child killed by a signal has a negative status; report it as a plain failure
    return record["exit_status"] if record["exit_status"] >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
