# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""One emulator process per test session, started by the launcher (run.py, port 0, port file); each test
gets a fresh seed."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
EMULATOR_DIR = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(EMULATOR_DIR))

from acs_signer import Caller  # noqa: E402
from ccc_emulator.launcher import EmulatorProcess  # noqa: E402

RUN = EMULATOR_DIR / "run.py"


@pytest.fixture
def loopback_only(monkeypatch):
    """Any connection to an address that is not loopback fails the test instead of leaving the machine: the
    official libraries' fallbacks (the real metadata address among them) are caught, not merely unreachable."""
    original = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not ipaddress.ip_address(host).is_loopback:
            raise AssertionError(f"connection to {host} attempted; tests talk to loopback only")
        return original(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    with EmulatorProcess(tmp_path_factory.mktemp("emulator")) as running:
        yield running


@pytest.fixture(scope="session")
def emulator_port(emulator):
    return emulator.port


@pytest.fixture
def api(emulator):
    """A caller against a freshly reset emulator: default seed, no faults, zero counters."""
    caller = Caller(emulator.port)
    deadline = time.monotonic() + 10
    while emulator.counters()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.05)  # an earlier test's deliberately slow reply is still being served
    emulator.reset()  # the startup seed: seeds/default.json
    yield caller
    caller.close()


@pytest.fixture
def env_without_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return os.environ
