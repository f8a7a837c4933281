# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start the emulator as a child process, wait until it answers, and always stop it.

Everything that needs the emulator as a server (the scripts behind make, the reliability suite, the
benchmarks, the docs tests) starts it here, so run.py's command line, the wait for its port and the
stop are written once. ``EmulatorProcess`` is also the client of the control endpoints. Standard library only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .state import DEFAULT_CREDENTIALS

RUN_PY = Path(__file__).resolve().parent.parent / "run.py"
HOST = "127.0.0.1"
# The built-in keys every emulator accepts unless a seed replaces them: an access key and an STS triple.
DEMO_KEY, DEMO_STS = DEFAULT_CREDENTIALS
STOP_SECONDS = 10  # after SIGTERM, how long the emulator may take before it is killed


class EmulatorError(RuntimeError):
    """The emulator did not start, or a control request was refused."""


class Control:
    """The unsigned control endpoints (``/_emulator/...``) of an emulator at ``url``.

    ``cafile`` is the certificate to trust for an https URL (the emulator's own cert.pem). Proxies from
    the environment are never used: the emulator is on loopback.
    """

    def __init__(self, url: str, cafile: str | os.PathLike | None = None, timeout: float = 120):
        self.url = url
        self.cafile = cafile
        self.timeout = timeout

    def request(self, method: str, path: str, body=None, timeout: float | None = None):
        """The reply's JSON (None for an empty body); a status other than 2xx raises EmulatorError."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        context = ssl.create_default_context(cafile=str(self.cafile)) if self.cafile else None
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
        )
        try:
            with opener.open(request, timeout=timeout or self.timeout) as reply:
                raw = reply.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:1000].decode("utf-8", "replace")
            raise EmulatorError(f"emulator {method} {path}: HTTP {exc.code} {detail}") from None
        return json.loads(raw) if raw.strip() else None

    def reset(self, seed: dict | None = None, faults: list | tuple = ()) -> None:
        """A fresh start: state from ``seed`` (None: the startup seed), only ``faults``, zero counters."""
        self.request("POST", "/_emulator/reset", seed)
        self.clear_faults()
        if faults:
            self.add_faults(list(faults))
        self.reset_counters()

    def add_faults(self, rules: list) -> None:
        self.request("POST", "/_emulator/faults", rules)

    def clear_faults(self) -> None:
        self.request("DELETE", "/_emulator/faults")

    def faults(self) -> list:
        return self.request("GET", "/_emulator/faults")

    def counters(self) -> dict:
        return self.request("GET", "/_emulator/counters")

    def reset_counters(self) -> None:
        self.request("POST", "/_emulator/counters/reset")

    def state(self) -> dict:
        return self.request("GET", "/_emulator/state")

    def bindings(self, instance: str) -> dict[str, dict]:
        """number -> its binding (usage, contact_flow_id, skill_groups, active, ...) on ``instance``."""
        numbers = self.state()["instances"][instance]["numbers"]
        return {binding["number"]: binding for binding in numbers}

    def identity(self) -> dict:
        return self.request("GET", "/_emulator/identity")

    def configure_identity(self, config: dict | None = None) -> None:
        self.request("POST", "/_emulator/identity", config)


class EmulatorProcess(Control):
    """run.py as a child process on a free loopback port: ``with EmulatorProcess() as emulator: ...``.

    ``workdir`` gets the port file and the log (emulator.log); without one a temporary directory is
    used and removed on stop. ``seed`` and ``faults`` are files or documents (written to ``workdir``);
    ``tls_dir`` serves https with the self-signed cert.pem made there. Starting raises EmulatorError
    with the log's tail when the emulator exits or does not answer within ``startup_timeout`` seconds;
    stopping sends SIGTERM, then kills it after STOP_SECONDS.
    """

    def __init__(
        self,
        workdir: str | os.PathLike | None = None,
        *,
        seed: str | os.PathLike | dict | None = None,
        faults: str | os.PathLike | list | None = None,
        tls_dir: str | os.PathLike | None = None,
        verbose: bool = False,
        python: str = sys.executable,
        startup_timeout: float = 30,
    ):
        self._own_workdir = workdir is None
        self.workdir = Path(tempfile.mkdtemp(prefix="ccc-emulator-") if workdir is None else workdir).resolve()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.tls_dir = Path(tls_dir).resolve() if tls_dir else None
        super().__init__("", cafile=self.cert)
        self.log_path = self.workdir / "emulator.log"
        self.port_file = self.workdir / "port"
        self.vars_file = self.workdir / "ansible-vars.yml"
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._startup_timeout = startup_timeout
        self._command = [python, str(RUN_PY), "--host", HOST, "--port", "0", "--port-file", str(self.port_file)]
        if seed is not None:
            self._command += ["--seed", self._as_file(seed, "seed.json")]
        if faults is not None:
            self._command += ["--faults", self._as_file(faults, "faults.json")]
        if self.tls_dir:
            self._command += ["--tls-dir", str(self.tls_dir)]
        if verbose:
            self._command.append("--verbose")

    def _as_file(self, value, name: str) -> str:
        if isinstance(value, (dict, list)):
            path = self.workdir / name
            path.write_text(json.dumps(value))
            return str(path)
        return str(Path(value).resolve())

    @property
    def cert(self) -> Path | None:
        """The certificate an https emulator serves (and clients should trust), None for http."""
        return self.tls_dir / "cert.pem" if self.tls_dir else None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self, *, detach: bool = False) -> EmulatorProcess:
        """``detach``: in a session of its own, so it outlives this process (stop_detached stops it)."""
        if self.process is not None:
            raise EmulatorError("this emulator was already started")
        self.port_file.unlink(missing_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self._command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=detach
            )
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                problem = f"the emulator exited with {self.process.returncode} before it answered"
                break
            text = self.port_file.read_text().strip() if self.port_file.exists() else ""
            if text.isdigit() and self._answers(int(text)):
                self._write_vars_file()
                return self
            time.sleep(0.05)
        else:
            problem = f"the emulator did not answer within {self._startup_timeout:g} s"
        tail = self.log_tail()
        self.stop()
        raise EmulatorError(f"{problem}; its log ends with:\n{tail}")

    def _answers(self, port: int) -> bool:
        self.port = port
        self.url = f"{'https' if self.tls_dir else 'http'}://{HOST}:{port}"
        try:
            self.request("GET", "/_emulator/health", timeout=2)
        except (OSError, EmulatorError):
            return False
        return True

    def stop(self) -> int | None:
        """Stops it (a no-op once stopped); its exit status, 0 after a clean stop."""
        status = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            status = self.process.returncode
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return status

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def ansible_vars(self) -> dict[str, str]:
        """The variables playbooks and integration targets read: the address and the built-in keys."""
        return {
            "ccc_endpoint": self.url,
            "ccc_emulator_url": self.url,
            "ccc_access_key_id": DEMO_KEY.access_key_id,
            "ccc_access_key_secret": DEMO_KEY.access_key_secret,
            "ccc_sts_access_key_id": DEMO_STS.access_key_id,
            "ccc_sts_access_key_secret": DEMO_STS.access_key_secret,
            "ccc_sts_security_token": DEMO_STS.security_token,
        }

    def _write_vars_file(self) -> None:
        # JSON strings are YAML strings: the file reads as YAML (integration_config.yml) and as `-e @file`.
        lines = ["# The emulator's address and built-in keys, for this run only."]
        lines += [f"{name}: {json.dumps(value)}" for name, value in self.ansible_vars().items()]
        self.vars_file.write_text("\n".join(lines) + "\n")

    def environment(self) -> dict[str, str]:
        """What ``run.py -- COMMAND`` adds to the command's environment (see tests/emulator/README.md)."""
        return {
            "CCC_EMULATOR_URL": self.url,
            "CCC_EMULATOR_PORT": str(self.port),
            "CCC_EMULATOR_VARS": str(self.vars_file),
            "CCC_EMULATOR_ACCESS_KEY_ID": DEMO_KEY.access_key_id,
            "CCC_EMULATOR_ACCESS_KEY_SECRET": DEMO_KEY.access_key_secret,
            # Whatever runs beside the emulator talks to loopback only, never the real ECS metadata address.
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
        }


def run_with_emulator(command: list[str], **options) -> int:
    """Runs ``command`` while an emulator (``EmulatorProcess(**options)``) serves, with its environment();
    the command's exit status (128 + N when signal N ended it). The emulator's log tail follows a failure."""
    with EmulatorProcess(**options) as emulator:
        print(f"emulator listening on {emulator.url}", flush=True)
        try:
            child = subprocess.Popen(command, env=dict(os.environ, **emulator.environment()))
        except OSError as exc:
            print(f"cannot run {command[0]}: {exc.strerror}", file=sys.stderr)
            return 127
        # Ctrl-C reaches the command through the terminal; a SIGTERM or SIGHUP sent to us alone is passed
        # on, and the emulator is stopped once the command has ended.
        handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda received, _frame: child.send_signal(received))
        try:
            status = child.wait()
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
        status = 128 - status if status < 0 else status
        if status != 0:
            print(f"{command[0]} exited with {status}; the emulator's log ends with:", file=sys.stderr)
            print(emulator.log_tail(), file=sys.stderr, flush=True)
    return status


# ---------------------------------------------------------------------------------------------------
# In the background (make emulator / make emulator-stop): the state lives in files in the workdir,
# since the process that stops the emulator is not the one that started it.


def start_detached(workdir: str | os.PathLike, **options) -> EmulatorProcess:
    """Starts an emulator that outlives this process; ``workdir`` gets its url and pid files."""
    workdir = Path(workdir)
    running = _detached_pid(workdir)
    if running:
        url = (workdir / "url").read_text().strip()
        raise EmulatorError(f"an emulator is already running on {url} (pid {running}); stop it first")
    emulator = EmulatorProcess(workdir, **options).start(detach=True)
    (workdir / "pid").write_text(f"{emulator.pid}\n")
    (workdir / "url").write_text(f"{emulator.url}\n")
    return emulator


def stop_detached(workdir: str | os.PathLike) -> int | None:
    """Stops the emulator start_detached left in ``workdir``; its pid, or None when none was running."""
    workdir = Path(workdir)
    pid = _detached_pid(workdir)
    if pid:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    for name in ("pid", "url", "port"):
        (workdir / name).unlink(missing_ok=True)
    return pid


def _detached_pid(workdir: Path) -> int | None:
    """The pid in ``workdir``/pid if that process is alive and is the emulator started there."""
    try:
        pid = int((workdir / "pid").read_text())
    except (OSError, ValueError):
        return None
    if not _alive(pid):
        return None
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return pid  # no /proc here: the pid file is all there is to go by
    return pid if os.fsencode(workdir.resolve() / "port") in command else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        # A stopped process nobody has reaped yet (its parent exited) is a zombie: gone for our purpose.
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
