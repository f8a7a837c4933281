# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the local CCC emulator.

    python tests/emulator/run.py --port 0 --port-file PATH     serve until SIGTERM or SIGINT
    python tests/emulator/run.py [--seed F] -- COMMAND ARGS...  run COMMAND beside a fresh emulator
    python tests/emulator/run.py [--seed F] --detach DIR        start one in the background (DIR/url)
    python tests/emulator/run.py --stop DIR                     stop the one started with --detach DIR

See tests/emulator/README.md for the seed, fault and counter reference.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ccc_emulator import launcher
from ccc_emulator.faults import FaultError
from ccc_emulator.server import Emulator, EmulatorServer, tls_context, write_atomically
from ccc_emulator.state import SeedError

DEFAULT_SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds", "default.json")


def parse_args(argv: list[str], command: list[str] | None = None) -> argparse.Namespace:
    """``command``: what followed ``--`` (None when there was no ``--``)."""
    parser = argparse.ArgumentParser(description="Local emulator of the CCC 2020-07-01 phone-number API.")
    parser.add_argument("--host", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port to bind; 0 picks a free one (default)")
    parser.add_argument("--port-file", help="write the bound port here (atomically, once listening)")
    parser.add_argument("--seed", default=DEFAULT_SEED, help="seed document (default: seeds/default.json)")
    parser.add_argument("--faults", help="JSON list of fault rules active from the start")
    parser.add_argument("--tls-dir", help="serve HTTPS with DIR/cert.pem + DIR/key.pem (made if absent)")
    parser.add_argument("--verbose", action="store_true", help="log each API call's action and result code")
    background = parser.add_mutually_exclusive_group()
    background.add_argument("--detach", metavar="DIR", help="start in the background: DIR gets url, pid, log")
    background.add_argument("--stop", metavar="DIR", help="stop the emulator started with --detach DIR")
    args = parser.parse_args(argv)
    if command == []:
        parser.error("nothing to run after --")
    launched = args.detach or args.stop or command is not None
    if launched and (args.host, args.port, args.port_file) != (None, None, None):
        parser.error("--host, --port and --port-file are chosen by the launcher with --, --detach and --stop")
    if command is not None and (args.detach or args.stop):
        parser.error("-- COMMAND runs beside an emulator of its own: not with --detach or --stop")
    return args


def _load(path: str, what: str):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise SystemExit(f"cannot read {what} {path}: {exc}") from None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = None
    if "--" in argv:
        split = argv.index("--")
        argv, command = argv[:split], argv[split + 1 :]
    args = parse_args(argv, command)
    if args.stop:
        stopped = launcher.stop_detached(args.stop)
        print(f"stopped the emulator (pid {stopped})" if stopped else f"no emulator was running from {args.stop}")
        return 0
    options = {"seed": args.seed, "faults": args.faults, "tls_dir": args.tls_dir, "verbose": args.verbose}
    try:
        if command is not None:
            return launcher.run_with_emulator(command, **options)
        if args.detach:
            emulator = launcher.start_detached(args.detach, **options)
            print(f"emulator listening on {emulator.url} in the background (pid {emulator.pid})")
            return 0
    except launcher.EmulatorError as exc:
        raise SystemExit(str(exc)) from None
    return serve(args)


def serve(args: argparse.Namespace) -> int:
    args.host = args.host or "127.0.0.1"
    args.port = args.port or 0
    if args.host == "localhost":
        args.host = "127.0.0.1"
    try:
        if not ipaddress.ip_address(args.host).is_loopback:
            raise SystemExit(f"refusing to bind {args.host}: the emulator listens on loopback only")
    except ValueError:
        raise SystemExit(f"--host must be a loopback IP address, not {args.host!r}") from None
    if args.port_file and os.path.exists(args.port_file):
        os.unlink(args.port_file)  # a stale file must not be mistaken for this run's port

    try:
        emulator = Emulator(_load(args.seed, "seed"), _load(args.faults, "faults") if args.faults else None)
    except (SeedError, FaultError) as exc:
        raise SystemExit(f"invalid {'faults' if isinstance(exc, FaultError) else 'seed'}: {exc}") from None
    context = tls_context(args.tls_dir) if args.tls_dir else None
    server = EmulatorServer((args.host, args.port), emulator, ssl_context=context, verbose=args.verbose)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    serving.start()

    host = f"[{args.host}]" if ":" in args.host else args.host
    if args.port_file:
        write_atomically(args.port_file, f"{server.port}\n".encode())
    print(f"listening on {'https' if context else 'http'}://{host}:{server.port}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
        if args.port_file and os.path.exists(args.port_file):
            os.unlink(args.port_file)
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
