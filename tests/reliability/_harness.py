# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Harness for the reliability suite: the emulator as a subprocess, a playbook runner, a state reader
and a small TCP proxy that can start refusing connections part-way through a run."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from ccc_emulator.launcher import DEMO_KEY, EmulatorProcess  # noqa: E402

PYTHON = sys.executable
BIN = Path(sys.executable).parent
MODULE = "alibabacloud.ccc.ccc_phone_numbers"
INSTANCE = "ccc-rel"

# Figures the tests record; conftest prints them at the end of the run.
FIGURES: dict[str, int] = {}


def bump(name: str, by: int = 1) -> None:
    FIGURES[name] = FIGURES.get(name, 0) + by


# ---------------------------------------------------------------------------------------------------
# emulator


class Emulator(EmulatorProcess):
    """The launcher's emulator (session-wide, see conftest), read back in the suite's terms."""

    def bound(self, instance: str = INSTANCE) -> dict:
        """number -> (usage, contact_flow_id or "") of the numbers bound to ``instance``."""
        return {number: (b["usage"], b["contact_flow_id"] or "") for number, b in self.bindings(instance).items()}


def seed(bound: dict, pool: list[str] | None = None, credentials: list | None = None, **instance_extra) -> dict:
    """A seed document with one instance ``INSTANCE`` holding ``bound`` (number -> usage or (usage, flow)),
    and a pool holding every bound number plus ``pool``."""
    numbers = []
    for number, spec in bound.items():
        usage, flow = (spec, None) if isinstance(spec, str) else spec
        numbers.append(
            {"number": number, "usage": usage, "contact_flow_id": flow or None, "skill_groups": [], "active": True}
        )
    doc = {
        "pool": sorted(set(bound) | set(pool or [])),
        "instances": {
            INSTANCE: dict(
                {
                    "contact_flows": {"flow-main": "Main IVR", "flow-night": "Night"},
                    "skill_groups": {},
                    "numbers": numbers,
                },
                **instance_extra,
            )
        },
    }
    if credentials is not None:
        doc["credentials"] = credentials
    return doc


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------------------
# a proxy that refuses connections from a given request on


class RefusingProxy:
    """Forwards HTTP requests to the emulator one connection per request, records the action of each,
    and once ``serve_requests`` requests have been answered closes its listening socket, so that every
    later connection attempt is refused (ECONNREFUSED), as when the service goes away mid-run."""

    def __init__(self, upstream_port: int, serve_requests: int | None = None):
        self.upstream_port = upstream_port
        self.serve_requests = serve_requests
        self.actions: list[str] = []
        self.times: list[float] = []  # when each request arrived, parallel to actions
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = self._listener.getsockname()[1]
        self._closed = False
        if serve_requests == 0:
            self._close_listener()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def _close_listener(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                # shutdown() first: a bare close() leaves the socket listening while the accept
                # thread is blocked on it, and the next connection would still be accepted.
                try:
                    self._listener.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                self._listener.close()

    def close(self) -> None:
        self._close_listener()

    def _accept_loop(self) -> None:
        while True:
            try:
                client = self._listener.accept()[0]
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            head, body = _read_request(client)
            if head is None:
                return
            with self._lock:
                if self._closed:
                    return  # raced in before the listener went away: drop it unanswered
                self.actions.append(_action_of(head))
                self.times.append(time.monotonic())
                answered = len(self.actions)
            if self.serve_requests is not None and answered >= self.serve_requests:
                # Close before replying: the client cannot start its next request before it has this reply.
                self._close_listener()
            head = _force_close(head)
            reply = b""
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as upstream:
                upstream.sendall(head + body)
                while True:
                    chunk = upstream.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
            # This connection ends here, so the reply must say so: without "Connection: close" the
            # client may send its next request on this socket before it sees it closed, and that
            # request is lost on the way (a race that made the recorded call order vary).
            reply_head, _sep, reply_body = reply.partition(b"\r\n\r\n")
            client.sendall(_force_close(reply_head + b"\r\n\r\n") + reply_body)
        except OSError:
            pass
        finally:
            client.close()


def _read_request(sock: socket.socket):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _sep, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n", body


def _action_of(head: bytes) -> str:
    lines = head.decode("latin-1").split("\r\n")
    for line in lines[1:]:
        name, _sep, value = line.partition(":")
        if name.strip().lower() == "x-acs-action":
            return value.strip()
    target = lines[0].split(" ")[1] if " " in lines[0] else ""
    for pair in target.partition("?")[2].split("&"):
        if pair.startswith("Action="):
            return pair[len("Action=") :]
    return "?"


def _force_close(head: bytes) -> bytes:
    # "Connection" is not a signed header, so changing it leaves the signature valid.
    lines = [line for line in head.split(b"\r\n") if line and not line.lower().startswith(b"connection:")]
    return b"\r\n".join(lines + [b"Connection: close"]) + b"\r\n\r\n"


# ---------------------------------------------------------------------------------------------------
# running playbooks


_COLLECTIONS_DIR: Path | None = None


def collections_dir() -> Path:
    """A directory holding ansible_collections/alibabacloud/ccc -> the repository root."""
    global _COLLECTIONS_DIR
    if _COLLECTIONS_DIR is None:
        root = Path(tempfile.mkdtemp(prefix="rel-collections-"))
        (root / "ansible_collections" / "alibabacloud").mkdir(parents=True)
        (root / "ansible_collections" / "alibabacloud" / "ccc").symlink_to(REPO)
        _COLLECTIONS_DIR = root
    return _COLLECTIONS_DIR


_SCRUBBED_PREFIXES = ("ALIBABA_CLOUD_", "ALICLOUD_", "ANSIBLE_")


def base_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_PREFIXES)}
    env.update(
        {
            "HOME": str(home),
            "ANSIBLE_COLLECTIONS_PATH": str(collections_dir()),
            "ANSIBLE_CALLBACK_PLUGINS": str(HERE / "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "reliability_results",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            # Loopback only: a run with no credentials must never try the real ECS metadata address.
            # Tests of the metadata path point ALIBABACLOUD_CCC_METADATA_ENDPOINT at the emulator instead.
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
            # And STS, when a run names no sts_endpoint, is a loopback port nobody listens on, never sts.aliyuncs.com.
            "ALIBABA_CLOUD_STS_ENDPOINT": "http://127.0.0.1:%d" % closed_port(),
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            "PATH": str(BIN) + os.pathsep + os.environ.get("PATH", ""),
        }
    )
    return env


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    results: list
    workdir: Path
    seconds: float
    env: dict = field(default_factory=dict)

    @property
    def result(self) -> dict:
        """The result of the task named "target" (the module under test)."""
        for record in self.results:
            if record["task"] == "target":
                # The failed flag travels in the callback's status, not always in the result itself.
                return dict(record["result"], failed=record["status"] in ("failed", "unreachable"))
        raise AssertionError(
            "no result for the target task; rc=%s\nstdout:\n%s\nstderr:\n%s"
            % (self.rc, self.stdout[-3000:], self.stderr[-3000:])
        )

    @property
    def failed(self) -> bool:
        return bool(self.result.get("failed"))

    def describe(self) -> str:
        return "rc=%s result=%s\nstderr tail: %s" % (
            self.rc,
            json.dumps(self.result, default=str)[:3000],
            self.stderr[-1500:],
        )


# A value the playbook writes as a bare YAML token instead of a JSON string (see `unquoted`).
_UNQUOTED = "\u0000unquoted:"


def unquoted(token: str) -> str:
    """``token`` as a user writes it unquoted in YAML (``numbers: [057100000013]``), for YAML to read as it will."""
    return _UNQUOTED + token


def playbook(args: dict, *, check: bool = False, module: str = MODULE) -> list:
    task = {"name": "target", module: args}
    if check:
        task["check_mode"] = True
    return [
        {
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars": {"ansible_python_interpreter": PYTHON},
            "tasks": [task],
        }
    ]


def start_playbook(
    args: dict,
    workdir: Path,
    *,
    env: dict | None = None,
    unset: tuple = (),
    extra: tuple = (),
    check: bool = False,
    module: str = MODULE,
):
    """Start ``ansible-playbook`` for one module task; returns (Popen, finish) where finish() -> Run."""
    workdir = Path(workdir)
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    book = workdir / "playbook.yml"
    text = json.dumps(playbook(args, check=check, module=module), indent=1)
    book.write_text(re.sub(r'"%s([^"]*)"' % re.escape(json.dumps(_UNQUOTED)[1:-1]), r"\1", text))
    results_file = workdir / "results.jsonl"
    if results_file.exists():
        results_file.unlink()
    run_env = base_env(home)
    run_env["RELIABILITY_RESULTS_FILE"] = str(results_file)
    run_env["ANSIBLE_LOG_PATH"] = str(workdir / "ansible.log")
    for name in unset:
        run_env.pop(name, None)
    run_env.update(env or {})
    cmd = [str(BIN / "ansible-playbook"), "-i", "localhost,", str(book), *extra]
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=str(workdir), env=run_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace"
    )

    def finish(timeout: float = 180) -> Run:
        stdout, stderr = proc.communicate(timeout=timeout)
        results = []
        if results_file.exists():
            results = [json.loads(line) for line in results_file.read_text().splitlines() if line.strip()]
        return Run(proc.returncode, stdout, stderr, results, workdir, time.monotonic() - started, run_env)

    return proc, finish


def run_playbook(args: dict, workdir: Path, **kwargs) -> Run:
    finish = start_playbook(args, workdir, **kwargs)[1]
    return finish()


def connection(endpoint: str, **extra) -> dict:
    args = {
        "endpoint": endpoint,
        "access_key_id": DEMO_KEY.access_key_id,
        "access_key_secret": DEMO_KEY.access_key_secret,
        "timeout": 2,
        "max_retries": 3,
    }
    args.update(extra)
    return args
