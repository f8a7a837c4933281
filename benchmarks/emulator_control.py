# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start, seed, fault and read the local CCC emulator for the benchmark (stdlib only)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

INSTANCE_ID = "ccc-bench"
NUMBER_PREFIX = "0571"
ACCESS_KEY_ID = "LTAIEmulatorKey0001"
ACCESS_KEY_SECRET = "EmulatorSecret0001"


def pool_numbers(count: int) -> list[str]:
    """The numbers `generate_pool` creates: prefix + 8-digit index, index from 1."""
    return [f"{NUMBER_PREFIX}{index:08d}" for index in range(1, count + 1)]


USAGES = ("Inbound", "Outbound", "Bidirection")


def seed(pool_size: int, bound: int, usage: str = "Bidirection", spread: bool = False) -> dict:
    """``spread``: number i (from 0) gets usage i mod 3 and activity i mod 2, filling all six slices."""
    instance: dict = {"contact_flows": {"flow-bench": "Bench IVR"}, "skill_groups": {}, "numbers": []}
    if bound:
        instance["generate_bound"] = {"count": bound, "usage": usage, "contact_flow_id": None}
        if spread:
            instance["generate_bound"].update(usage=list(USAGES), active=[True, False])
    return {
        "generate_pool": {"prefix": NUMBER_PREFIX, "count": pool_size},
        "instances": {INSTANCE_ID: instance},
    }


class Emulator:
    """The emulator as a child process on a free loopback port; always stopped on exit."""

    def __init__(self, repo: Path, workdir: Path):
        self.repo = repo
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.log_path = workdir / "emulator.log"

    def __enter__(self) -> Emulator:
        port_file = self.workdir / "emulator.port"
        port_file.unlink(missing_ok=True)
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(self.repo / "tests" / "emulator" / "run.py"),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--port-file",
                str(port_file),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=self.repo,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"emulator exited with {self.process.returncode}; see {self.log_path}")
            text = port_file.read_text().strip() if port_file.exists() else ""
            if text.isdigit():
                self.port = int(text)
                return self
            time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError(f"emulator did not write its port within 30 s; see {self.log_path}")

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _control(self, method: str, path: str, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=120) as reply:
            raw = reply.read()
        return json.loads(raw) if raw.strip() else None

    def prepare(self, seed_document: dict, latency_ms: int) -> None:
        """Fresh state, one latency rule on every action, zeroed counters."""
        self._control("POST", "/_emulator/reset", seed_document)
        self._control("DELETE", "/_emulator/faults")
        if latency_ms:
            self._control("POST", "/_emulator/faults", [{"action": "*", "kind": "latency", "delay_ms": latency_ms}])
        self._control("POST", "/_emulator/counters/reset")

    def counters(self) -> dict:
        return self._control("GET", "/_emulator/counters")

    def state(self) -> dict:
        return self._control("GET", "/_emulator/state")


def bound_usages(state: dict) -> dict[str, str]:
    """number -> usage of every number bound to the benchmark instance, from GET /_emulator/state."""
    instance = state.get("instances", {}).get(INSTANCE_ID, {})
    return {binding["number"]: binding["usage"] for binding in instance.get("numbers", [])}
