# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""How fast the emulator serves a 10,000-number list: pages 1..100 of 100, V3-signed.

    python tests/emulator/measure.py [--rounds 5] [--clients 4] [--list phone|unassigned|do-not-call]

Starts its own emulator with seeds/bench.json (or uses --port of a running one seeded the same way) and
prints calls/s for one client and for several in parallel. The lists: ccc-bench's 10,000 bound numbers
(ListPhoneNumbers), the account's 10,000 unbound ones (ListUnassignedNumbers), ccc-bench's 10,000-number
do-not-call list (ListDoNotCallNumbers).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "tests"))

from acs_signer import Caller  # noqa: E402
from ccc_emulator.launcher import EmulatorProcess  # noqa: E402

INSTANCE = "ccc-bench"
# --list name: (action, parameters besides paging, a SearchPattern every number of the list holds)
LISTS = {
    "phone": ("ListPhoneNumbers", {"InstanceId": INSTANCE}, "0571"),
    "unassigned": ("ListUnassignedNumbers", {}, "0571"),
    "do-not-call": ("ListDoNotCallNumbers", {"InstanceId": INSTANCE}, "139"),
}


def walk_pages(port: int, rounds: int, errors: list[str], search: str | None = None, listed: str = "phone") -> int:
    action, base, _pattern = LISTS[listed]
    caller = Caller(port)
    calls = 0
    try:
        for _n in range(rounds):
            for page in range(1, 101):
                params = {**base, "PageNumber": str(page), "PageSize": "100"}
                if search:
                    params["SearchPattern"] = search
                reply = caller.v3(action, params)
                calls += 1
                if reply.status != 200:
                    errors.append(reply.body.decode()[:200])
                    return calls
                if not search and len(reply.json()["Data"]["List"]) != 100:
                    errors.append(f"page {page} is short: is the emulator seeded with seeds/bench.json?")
                    return calls
    finally:
        caller.close()
    return calls


def rate(port: int, rounds: int, clients: int, search: str | None = None, listed: str = "phone") -> float:
    errors: list[str] = []
    counts = [0] * clients

    def run(index: int) -> None:
        counts[index] = walk_pages(port, rounds, errors, search, listed)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"measurement failed: {errors[0]}")
    return sum(counts) / elapsed


def cpu_seconds(pid: int) -> float | None:
    """The emulator process's user+system CPU time (Linux /proc), to tell its cost from the machine's load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / 100  # utime, stime in clock ticks of 1/100 s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, help="a running emulator seeded with seeds/bench.json")
    parser.add_argument("--rounds", type=int, default=5, help="walks over pages 1..100 per client")
    parser.add_argument("--clients", type=int, default=4, help="parallel clients for the second figure")
    parser.add_argument("--list", choices=sorted(LISTS), default="phone", help="which list to walk (default phone)")
    args = parser.parse_args()

    emulator = None
    port = args.port
    if port is None:
        started = time.perf_counter()
        emulator = EmulatorProcess(seed=HERE / "seeds" / "bench.json").start()
        port = emulator.port
        print(
            "startup with 20,000 pool numbers, 10,000 bound and 10,000 on a do-not-call list: "
            f"{time.perf_counter() - started:.2f} s"
        )
    try:
        cpu_before = cpu_seconds(emulator.pid) if emulator else None
        pattern = LISTS[args.list][2]
        results = {
            "sequential_calls_per_s": rate(port, args.rounds, 1, listed=args.list),
            f"parallel_{args.clients}_clients_calls_per_s": rate(port, args.rounds, args.clients, listed=args.list),
            "sequential_search_calls_per_s": rate(port, 1, 1, search=pattern, listed=args.list),
        }
        if cpu_before is not None:
            calls = 100 * args.rounds * (1 + args.clients) + 100
            results["server_cpu_ms_per_call"] = (cpu_seconds(emulator.pid) - cpu_before) * 1000 / calls
        print(json.dumps({k: round(v, 2) for k, v in results.items()}, indent=2))
    finally:
        if emulator is not None:
            emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
