# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The command line contract: loopback only, port 0 + port file, clean stop, TLS, startup seed and faults
(TLS, seed and faults through the launcher, which passes them on the same command line)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest
from acs_signer import Caller
from ccc_emulator.launcher import EmulatorProcess
from conftest import RUN

LIST = {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "10"}


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.com", "::"])
def test_non_loopback_host_is_refused(tmp_path, host):
    result = subprocess.run(
        [sys.executable, str(RUN), "--host", host, "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode != 0
    assert "loopback" in result.stderr


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_port_file_announcement_and_clean_stop(tmp_path, stop_signal):
    port_file = tmp_path / "port"
    port_file.write_text("1\n")  # a stale file from an earlier run must not survive into this one
    process = subprocess.Popen(
        [sys.executable, str(RUN), "--port", "0", "--port-file", str(port_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline().strip()
        port = int(port_file.read_text())
        assert line == f"listening on http://127.0.0.1:{port}" and port > 1
        assert Caller(port).v3("ListPhoneNumbers", LIST).status == 200
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
        assert "stopped" in process.stdout.read()
        assert not port_file.exists()
    finally:
        if process.poll() is None:
            process.kill()


def test_tls_dir_serves_https_with_a_self_signed_certificate(tmp_path):
    emulator = EmulatorProcess(tmp_path, tls_dir=tmp_path / "tls").start()
    try:
        assert f"listening on https://127.0.0.1:{emulator.port}" in emulator.log_tail().splitlines()
        assert (tmp_path / "tls" / "key.pem").exists()
        caller = Caller(emulator.port, tls_ca=str(tmp_path / "tls" / "cert.pem"))
        assert caller.v3("ListPhoneNumbers", LIST).status == 200
        assert caller.control("GET", "/_emulator/health").json() == {"ok": True}
    finally:
        assert emulator.stop() == 0


def test_startup_seed_and_faults_files(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps(
            {
                "pool": ["02100000001"],
                "instances": {"ccc-x": {"numbers": [{"number": "02100000001", "usage": "Outbound"}]}},
            }
        )
    )
    rules = tmp_path / "faults.json"
    rules.write_text(json.dumps([{"action": "ListPhoneNumbers", "kind": "throttle", "count": 1}]))
    with EmulatorProcess(tmp_path, seed=seed, faults=rules) as emulator:
        caller = Caller(emulator.port)
        params = {"InstanceId": "ccc-x", "PageNumber": "1", "PageSize": "10"}
        assert caller.v3("ListPhoneNumbers", params).code == "Throttling.User"
        assert caller.v3("ListPhoneNumbers", params).json()["Data"]["TotalCount"] == 1


def test_invalid_seed_file_stops_startup(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"instances": {"a": {"numbers": [{"number": "abc"}]}}}))
    result = subprocess.run(
        [sys.executable, str(RUN), "--port", "0", "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode != 0 and "invalid seed" in result.stderr
