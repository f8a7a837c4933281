# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""One emulator process per test session, started exactly as users start it; each test gets a fresh seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
EMULATOR_DIR = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(EMULATOR_DIR))

from acs_signer import Caller  # noqa: E402

RUN = EMULATOR_DIR / "run.py"
DEFAULT_SEED = json.loads((EMULATOR_DIR / "seeds" / "default.json").read_text())


def start_emulator(tmp_path: Path, *args: str, timeout: float = 15):
    """Starts run.py on port 0 and returns (process, port); the caller stops it."""
    port_file = tmp_path / "port"
    process = subprocess.Popen(
        [sys.executable, str(RUN), "--port", "0", "--port-file", str(port_file), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    while not port_file.exists():
        if process.poll() is not None:
            raise RuntimeError(f"emulator exited early: {process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("emulator did not write its port file in time")
        time.sleep(0.05)
    return process, int(port_file.read_text())


def stop_emulator(process) -> int:
    process.terminate()
    try:
        return process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()


@pytest.fixture(scope="session")
def emulator_port(tmp_path_factory):
    process, port = start_emulator(tmp_path_factory.mktemp("emulator"))
    yield port
    stop_emulator(process)


@pytest.fixture
def api(emulator_port):
    """A caller against a freshly reset emulator: default seed, no faults, zero counters."""
    caller = Caller(emulator_port)
    deadline = time.monotonic() + 10
    while caller.counters()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.05)  # an earlier test's deliberately slow reply is still being served
    assert caller.control("POST", "/_emulator/reset", DEFAULT_SEED).status == 200
    assert caller.control("DELETE", "/_emulator/faults").status == 200
    assert caller.control("POST", "/_emulator/counters/reset").status == 200
    yield caller
    caller.close()


@pytest.fixture
def env_without_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return os.environ
