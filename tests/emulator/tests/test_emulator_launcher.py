# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The launcher: run.py -- COMMAND runs a command beside a fresh emulator and passes on its status,
--detach/--stop keep one in the background, and EmulatorProcess never leaves one running."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time

import pytest
import yaml
from acs_signer import KEY, STS, Caller
from ccc_emulator.launcher import EmulatorError, EmulatorProcess
from conftest import RUN

LIST = {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "10"}
# The command run beside the emulator: records what it was given, then exits with argv[1].
REPORTER = """
import json, os, sys, urllib.request
env = {name: value for name, value in os.environ.items() if name.startswith("CCC_EMULATOR_")}
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open(env["CCC_EMULATOR_URL"] + "/_emulator/health") as reply:
    health = json.load(reply)
with open(env["CCC_EMULATOR_VARS"]) as handle:
    variables = handle.read()
print(json.dumps({"env": env, "health": health, "vars": variables}))
sys.exit(int(sys.argv[1]))
"""


def launch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), *args], capture_output=True, text=True, timeout=120, check=False)


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.mark.parametrize("status", [0, 1, 3])
def test_command_runs_beside_the_emulator_and_its_status_is_passed_on(status):
    result = launch("--", sys.executable, "-c", REPORTER, str(status))
    assert result.returncode == status, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    env = seen["env"]
    port = int(env["CCC_EMULATOR_PORT"])
    assert env["CCC_EMULATOR_URL"] == f"http://127.0.0.1:{port}"
    assert seen["health"] == {"ok": True}
    assert (env["CCC_EMULATOR_ACCESS_KEY_ID"], env["CCC_EMULATOR_ACCESS_KEY_SECRET"]) == KEY[:2]
    assert yaml.safe_load(seen["vars"]) == {
        "ccc_endpoint": env["CCC_EMULATOR_URL"],
        "ccc_emulator_url": env["CCC_EMULATOR_URL"],
        "ccc_access_key_id": KEY[0],
        "ccc_access_key_secret": KEY[1],
        "ccc_sts_access_key_id": STS[0],
        "ccc_sts_access_key_secret": STS[1],
        "ccc_sts_security_token": STS[2],
    }
    assert refuses_connections(port)
    # A failed command is followed by the emulator's log, which is what a failing script needs to show.
    assert ("the emulator's log ends with:" in result.stderr) == (status != 0)


def test_command_that_cannot_start_exits_127():
    result = launch("--", "no-such-command-here")
    assert result.returncode == 127
    assert "cannot run no-such-command-here" in result.stderr


def test_sigterm_reaches_the_command_and_the_emulator_is_stopped(tmp_path):
    ready = tmp_path / "port"
    waiter = "import os, sys, time; open(sys.argv[1], 'w').write(os.environ['CCC_EMULATOR_PORT']); time.sleep(120)"
    wrapper = subprocess.Popen([sys.executable, str(RUN), "--", sys.executable, "-c", waiter, str(ready)])
    try:
        deadline = time.monotonic() + 60
        while not (ready.exists() and ready.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        wrapper.send_signal(signal.SIGTERM)
        assert wrapper.wait(timeout=30) == 128 + signal.SIGTERM
        assert refuses_connections(int(ready.read_text()))
    finally:
        if wrapper.poll() is None:
            wrapper.kill()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--"], "nothing to run after --"),
        (["--port", "8080", "--", "true"], "chosen by the launcher"),
        (["--port-file", "p", "--detach", "d"], "chosen by the launcher"),
        (["--detach", "d", "--", "true"], "not with --detach or --stop"),
        (["--detach", "d", "--stop", "d"], "not allowed with argument"),
    ],
)
def test_launcher_options_that_do_not_fit_are_refused(args, message):
    result = launch(*args)
    assert result.returncode == 2 and message in result.stderr


def test_detached_emulator_runs_until_stopped(tmp_path):
    workdir = tmp_path / "background"
    started = launch("--detach", str(workdir))
    assert started.returncode == 0, started.stderr
    try:
        url = (workdir / "url").read_text().strip()
        pid = int((workdir / "pid").read_text())
        assert started.stdout.strip() == f"emulator listening on {url} in the background (pid {pid})"
        port = int(url.rsplit(":", 1)[1])
        assert Caller(port).v3("ListPhoneNumbers", LIST).status == 200

        again = launch("--detach", str(workdir))
        assert again.returncode == 1 and f"already running on {url} (pid {pid})" in again.stderr
    finally:
        stopped = launch("--stop", str(workdir))
    assert stopped.returncode == 0 and stopped.stdout.strip() == f"stopped the emulator (pid {pid})"
    assert refuses_connections(port)
    assert (workdir / "emulator.log").read_text().splitlines()[-1] == "stopped"  # SIGTERM, not killed
    assert not (workdir / "url").exists() and not (workdir / "pid").exists()

    nothing = launch("--stop", str(workdir))
    assert nothing.returncode == 0 and nothing.stdout.strip() == f"no emulator was running from {workdir}"


def test_emulator_that_cannot_start_raises_with_its_log(tmp_path):
    emulator = EmulatorProcess(tmp_path, seed={"instances": {"a": {"numbers": [{"number": "abc"}]}}})
    with pytest.raises(EmulatorError, match="exited with 1 before it answered; its log ends with:\n.*invalid seed"):
        emulator.start()
    assert emulator.process.poll() is not None


def test_control_client_reads_state_and_refusals_name_the_request(emulator):
    emulator.reset()
    assert emulator.bindings("ccc-demo")["057100000003"]["usage"] == "Outbound"
    emulator.reset(faults=[{"action": "ListPhoneNumbers", "kind": "throttle"}])
    assert [rule["kind"] for rule in emulator.faults()] == ["throttle"]
    with pytest.raises(EmulatorError, match="POST /_emulator/faults: HTTP 400"):
        emulator.add_faults([{"kind": "no-such-kind"}])
    emulator.reset()
    assert emulator.faults() == [] and emulator.counters()["total_calls"] == 0
