# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark ccc_phone_numbers on the local emulator against the official SDK (issue #7), the export
of ccc_phone_numbers_info (issue #20), and ccc_do_not_call_numbers on the same emulator (issue #24).

`make bench` runs every size and rewrites benchmarks/results/{README.md,bench.png,results.json};
`make bench-smoke` (`--smoke`) runs the smallest size once into a temporary directory. Both exit
non-zero when a playbook fails, the emulator's end state is wrong, or the module makes more API calls
than its design allows. Timing targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import report
import seeds
import yaml
from seeds import INSTANCE_ID

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from ccc_emulator.launcher import DEMO_KEY, EmulatorProcess  # noqa: E402

MODULE = "alibabacloud.ccc.ccc_phone_numbers"
SDK_MODULE = "bench_sdk_module"  # benchmarks/library: the same convergence written naively on the official SDK
PAGE_SIZE = 100  # ListPhoneNumbers' PageSize maximum
WARM_UP = "load the module (no API call)"
CARRY = "bench_carry_numbers"  # benchmarks/library: takes the numbers, does nothing else
CARRY_TASK = "ansible floor: carry the numbers"
PURGE_NOOPS = ("noop_purge", "noop_purge_full")  # the same no-op, without and with the bindings returned
# Purge no-ops past the 10,000 numbers one listing reaches (issue #16): by slices, and one slice split further.
PAST_THE_REACH = ("noop_purge_slices", "noop_purge_split")
PAST_THE_REACH_SIZE = 15000
WRITE_ACTIONS = ("AddPhoneNumbers", "ModifyPhoneNumber", "RemovePhoneNumbers")
INFO = "alibabacloud.ccc.ccc_phone_numbers_info"
# The export (issue #20): the instance as bindings alone, and the same listing with every number's details.
EXPORTS = ("export", "export_full")
DO_NOT_CALL = "alibabacloud.ccc.ccc_do_not_call_numbers"


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    bound: bool  # seed: all N numbers already bound (Bidirection), or listed for the do-not-call module; or none
    usage: str | None  # None: the task names no usage, so bound numbers keep theirs
    purge: bool
    expect_changed: bool
    sdk_baseline: bool = False
    module_args: dict = field(default_factory=dict)  # options beyond the defaults
    size: int | None = None  # run once at this size (not in --smoke), instead of at every --sizes
    spread: bool = False  # seed: the bound numbers spread over the six Usage x Active slices
    module: str = MODULE
    smoke: bool = False  # a case with a fixed size runs under --smoke too, at the smallest size

    def seed(self, size: int) -> dict:
        if self.module == DO_NOT_CALL:
            return seeds.seed(0, 0, listed=size if self.bound else 0)
        return seeds.seed(size, size if self.bound else 0, spread=self.spread)

    def numbers(self, size: int) -> list[str]:
        if self.module == DO_NOT_CALL:
            return seeds.do_not_call_numbers(size)
        everything = seeds.pool_numbers(size)
        if self.key == "converge" or self.key in PURGE_NOOPS + PAST_THE_REACH + EXPORTS:
            return everything
        if self.key == "noop_named3":
            return [everything[0], everything[size // 2], everything[-1]]
        if self.key == "noop_named1":
            return [everything[size // 2]]
        if self.key == "usage_10pct":
            return everything[9::10]  # every tenth number, so the changes span every page
        raise ValueError(self.key)


CASES = (
    Case(
        "converge",
        "(a) converge from empty",
        bound=False,
        usage="Bidirection",
        purge=False,
        expect_changed=True,
        sdk_baseline=True,
    ),
    Case(
        "noop_purge",
        "(b) no-op with purge",
        bound=True,
        usage="Bidirection",
        purge=True,
        expect_changed=False,
        sdk_baseline=True,
    ),
    Case(
        "noop_purge_full",
        "(b') no-op with purge, return_phone_numbers: true",
        bound=True,
        usage="Bidirection",
        purge=True,
        expect_changed=False,
        module_args={"return_phone_numbers": True},
    ),
    Case(
        "noop_named3", "(c) no-op, 3 named numbers", bound=True, usage="Bidirection", purge=False, expect_changed=False
    ),
    Case("usage_10pct", "(d) change usage of 10%", bound=True, usage="Inbound", purge=False, expect_changed=True),
    Case(
        "noop_named1", "(e) no-op, 1 named number", bound=True, usage="Bidirection", purge=False, expect_changed=False
    ),
    Case(
        "noop_purge_slices",
        "(f) no-op with purge past one listing: six Usage x Active slices",
        bound=True,
        usage=None,  # the numbers keep the usages they have
        purge=True,
        expect_changed=False,
        size=PAST_THE_REACH_SIZE,
        spread=True,
    ),
    Case(
        "noop_purge_split",
        "(g) no-op with purge past one listing: one slice, split by SearchPattern",
        bound=True,
        usage="Bidirection",
        purge=True,
        expect_changed=False,
        size=PAST_THE_REACH_SIZE,
    ),
    Case(
        "export",
        "(j) export N mixed numbers as bindings: ccc_phone_numbers_info, return_phone_numbers: false",
        bound=True,
        usage=None,
        purge=False,
        expect_changed=False,
        spread=True,
        module=INFO,
        module_args={"return_phone_numbers": False},
    ),
    Case(
        "export_full",
        "(j') the same listing with every number's details (phone_numbers, the default)",
        bound=True,
        usage=None,
        purge=False,
        expect_changed=False,
        spread=True,
        module=INFO,
    ),
    *(
        # ccc_do_not_call_numbers: import into an empty list without purge, or a purge that finds the list as wanted.
        Case(
            key,
            title,
            bound=listed,
            usage=None,
            purge=listed,
            expect_changed=not listed,
            size=size,
            module=DO_NOT_CALL,
            smoke=True,
        )
        for key, title, listed, size in (
            ("dnc_import", "(h) do-not-call: import N into an empty list", False, 10000),
            ("dnc_noop_purge", "(i) do-not-call: no-op with purge over N listed", True, 5000),
        )
    ),
)


def call_limits(case: Case, size: int, batch_size: int) -> dict[str, int]:
    """Most calls per action the module's design allows; `total` bounds all of them together.

    Reading: one ListPhoneNumbers page per 100 bound numbers at most (none more than the API's
    paging allows), or one SearchPattern lookup per named number when only a few are named.
    Writing: one Add per batch of missing numbers, one Modify per changed number, nothing on a no-op.
    """
    pages = max(1, math.ceil(size / PAGE_SIZE))
    named = len(case.numbers(size))
    if case.key == "dnc_import":
        # The numbers are named without purge: one page shows the list is empty, then one import per batch.
        imports = math.ceil(size / batch_size)
        return {
            "ListDoNotCallNumbers": 1,
            "ImportDoNotCallNumbers": imports,
            "RemoveDoNotCallNumbers": 0,
            "total": 1 + imports,
        }
    if case.key == "dnc_noop_purge":
        # Purge reads the whole list, and a no-op writes nothing.
        return {"ListDoNotCallNumbers": pages, "ImportDoNotCallNumbers": 0, "RemoveDoNotCallNumbers": 0, "total": pages}
    if case.key == "converge":
        return {
            "ListPhoneNumbers": pages,
            "AddPhoneNumbers": math.ceil(size / batch_size),
            "ModifyPhoneNumber": 0,
            "RemovePhoneNumbers": 0,
            "total": pages + math.ceil(size / batch_size),
        }
    if case.key in PURGE_NOOPS:
        return {
            "ListPhoneNumbers": pages,
            "AddPhoneNumbers": 0,
            "ModifyPhoneNumber": 0,
            "RemovePhoneNumbers": 0,
            "total": pages,
        }
    if case.key in EXPORTS:
        # One listing of the instance (within the reach: 100 pages), and the warm-up's count of it.
        return {"ListPhoneNumbers": pages + 1, "total": pages + 1}
    if case.key in PAST_THE_REACH:
        # The unfiltered page 1 and a closing count; each slice's pages (at most one partial page per
        # slice more than the whole). The SearchPattern split costs about 1.3 x the pages of what it
        # splits plus about 10 look-ups per character the numbers share (docs: the guide's limits).
        reads = pages + 6 + 2 if case.spread else math.ceil(1.3 * pages) + 6 + 2 + 60
        return {
            "ListPhoneNumbers": reads,
            "AddPhoneNumbers": 0,
            "ModifyPhoneNumber": 0,
            "RemovePhoneNumbers": 0,
            "total": reads,
        }
    if case.key == "noop_named3":
        return {"AddPhoneNumbers": 0, "ModifyPhoneNumber": 0, "RemovePhoneNumbers": 0, "total": 4}
    if case.key == "noop_named1":
        # A single number is looked up directly (SearchPattern), whatever the instance's size.
        return {"AddPhoneNumbers": 0, "ModifyPhoneNumber": 0, "RemovePhoneNumbers": 0, "total": 1}
    if case.key == "usage_10pct":
        reads = min(pages, named)
        return {
            "AddPhoneNumbers": 0,
            "ModifyPhoneNumber": named,
            "RemovePhoneNumbers": 0,
            "ListPhoneNumbers": reads,
            "total": reads + named,
        }
    raise ValueError(case.key)


@dataclass
class Run:
    """One playbook (or SDK script) execution against a freshly seeded emulator."""

    seconds: float
    calls: dict[str, int]
    total_calls: int
    max_concurrent: int
    maxrss_kib: int | None
    ping_seconds: float | None = None
    task_seconds: float | None = None
    first_use_seconds: float | None = None  # the run's first task of the module: builds its payload, no API call
    carry_seconds: float | None = None  # CARRY's task with the same numbers, minus a ping (purge cases)
    process_seconds: float | None = None  # wall time of the module process alone (from the wrapper)
    result_bytes: int | None = None  # size of the module's result as the controller received it
    key_bytes: dict = field(default_factory=dict)  # size of each list the info module returns (JSON)
    problems: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, args: argparse.Namespace, workdir: Path, logdir: Path):
        self.args = args
        self.workdir = workdir
        self.logdir = logdir
        self.latency_s = args.latency_ms / 1000
        self.env = self._ansible_env()
        self.interpreter = self._interpreter_wrapper()
        self.module_defaults = self._module_defaults()
        self.batch_size = args.batch_size or self.module_defaults.get("batch_size") or PAGE_SIZE
        self.runs = 0

    # ---- setup -------------------------------------------------------------------------------
    def _ansible_env(self) -> dict[str, str]:
        collections = self.workdir / "collections"
        namespace = collections / "ansible_collections" / "alibabacloud"
        namespace.mkdir(parents=True, exist_ok=True)
        link = namespace / "ccc"
        if not link.exists():
            link.symlink_to(REPO, target_is_directory=True)
        # Loopback only: the credential chain must never try the real ECS metadata address.
        env = dict(os.environ, ALIBABA_CLOUD_ECS_METADATA_DISABLED="true")
        env.update(
            {
                "ANSIBLE_COLLECTIONS_PATH": str(collections),
                "ANSIBLE_CALLBACK_PLUGINS": str(BENCH_DIR / "callback_plugins"),
                "ANSIBLE_CALLBACKS_ENABLED": "bench_timer",
                "ANSIBLE_LIBRARY": str(BENCH_DIR / "library"),
                "ANSIBLE_HOME": str(self.workdir / "ansible-home"),
                "ANSIBLE_LOCAL_TEMP": str(self.workdir / "ansible-local"),
                "ANSIBLE_REMOTE_TMP": str(self.workdir / "ansible-remote"),
                "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_LOCALHOST_WARNING": "false",
                "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
                "ANSIBLE_RETRY_FILES_ENABLED": "false",
                "ANSIBLE_PIPELINING": "false",  # Ansible's default, stated so the figures are reproducible
            }
        )
        return env

    def _interpreter_wrapper(self) -> Path:
        wrapper = self.workdir / "python-rss"
        wrapper.write_text(
            f'#!/bin/sh\nexec "{sys.executable}" -I -S "{BENCH_DIR / "rss_wrapper.py"}" "$BENCH_RSS_FILE" "$@"\n'
        )
        wrapper.chmod(0o755)
        return wrapper

    def _module_defaults(self) -> dict:
        """Option defaults from the module's own DOCUMENTATION (doc fragments hold no defaults we need)."""
        source = (REPO / "plugins" / "modules" / "ccc_phone_numbers.py").read_text()
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "DOCUMENTATION" for t in node.targets):
                options = yaml.safe_load(ast.literal_eval(node.value)).get("options", {})
                return {name: spec.get("default") for name, spec in options.items()}
        raise SystemExit(f"{MODULE} has no DOCUMENTATION to read option defaults from")

    # ---- one module run ----------------------------------------------------------------------
    def run_module(self, emulator: EmulatorProcess, case: Case, size: int, module: str = MODULE) -> Run:
        self.runs += 1
        tag = f"{size:05d}-{case.key}-{'' if module == MODULE else 'sdkmod-'}{self.runs:02d}"
        timer_file = self.logdir / f"{tag}.timer.json"
        rss_file = self.logdir / f"{tag}.rss.jsonl"
        playbook = self.workdir / f"{tag}.playbook.json"
        playbook.write_text(json.dumps([self._play(emulator, case, size, module)]))
        emulator.reset(case.seed(size), faults=seeds.latency(self.args.latency_ms))
        env = dict(self.env, BENCH_TIMER_FILE=str(timer_file), BENCH_RSS_FILE=str(rss_file))
        with open(self.logdir / f"{tag}.log", "w", encoding="utf-8") as log:
            started = time.monotonic()
            process = subprocess.run(
                [_tool("ansible-playbook"), "-i", "localhost,", str(playbook)],
                env=env,
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
            wall = time.monotonic() - started
        counters = emulator.counters()
        problems: list[str] = []
        if process.returncode != 0:
            problems.append(f"ansible-playbook exited {process.returncode} (log {self.logdir / (tag + '.log')})")
        tasks = json.loads(timer_file.read_text())["tasks"] if timer_file.exists() else []
        pings = [t["seconds"] for t in tasks if t["action"] in ("ansible.builtin.ping", "ping")]
        warm_ups = [t for t in tasks if t["action"] == module and t["name"] == WARM_UP]
        module_tasks = [t for t in tasks if t["action"] == module and t["name"] != WARM_UP]
        carried = [t["seconds"] for t in tasks if t["name"] == CARRY_TASK]
        failed = [t for t in tasks if t["status"] != "ok"]
        if failed:
            problems += [f"task {t['name']!r} {t['status']}: {t.get('msg')}" for t in failed]
        elif len(pings) != 3 or len(module_tasks) != 1 or len(warm_ups) != 1:
            problems.append(f"expected 3 ping tasks, 1 warm-up and 1 module task, the callback saw {tasks}")
        if failed or problems:
            return Run(
                wall,
                counters.get("calls", {}),
                counters.get("total_calls", 0),
                counters.get("max_concurrent", 0),
                None,
                problems=problems,
            )
        task = module_tasks[0]
        if bool(task.get("changed")) != case.expect_changed:
            problems.append(f"module reported changed={task.get('changed')}, expected {case.expect_changed}")
        problems += self._check_calls(case, size, counters)
        if case.key in EXPORTS and "bindings" not in task.get("key_bytes", {}):
            problems.append("the info module returned no bindings")
        problems += self._check_state(case, size, emulator)
        # The wrapper logs processes in task order: the warm-up's comes first, the measured one last.
        script = module.rsplit(".", 1)[-1]
        rss = [r for r in _read_jsonl(rss_file) if script in r["script"]][1:]
        # The first ping builds ping's payload, as the warm-up builds the module's: compare warm tasks.
        ping = min(pings[1:])
        return Run(
            seconds=task["seconds"] - ping,
            calls=counters.get("calls", {}),
            total_calls=counters.get("total_calls", 0),
            max_concurrent=counters.get("max_concurrent", 0),
            maxrss_kib=max((r["maxrss_kib"] for r in rss), default=None),
            ping_seconds=ping,
            task_seconds=task["seconds"],
            first_use_seconds=warm_ups[0]["seconds"],
            carry_seconds=carried[0] - ping if carried else None,
            process_seconds=sum(r["seconds"] for r in rss) if rss else None,
            result_bytes=task.get("result_bytes"),
            key_bytes=task.get("key_bytes", {}),
            problems=problems,
        )

    def _play(self, emulator: EmulatorProcess, case: Case, size: int, module: str = MODULE) -> dict:
        module_args = {
            "endpoint": emulator.url,
            "access_key_id": DEMO_KEY.access_key_id,
            "access_key_secret": DEMO_KEY.access_key_secret,
            "instance_id": INSTANCE_ID,
            "numbers": case.numbers(size),
            "state": "present",
            "purge": case.purge,
        }
        if module == DO_NOT_CALL:
            module_args["remark"] = "bench"
        if case.usage:
            module_args["usage"] = case.usage
        if module == INFO:
            # The info module lists the whole instance: no numbers, state, purge or batches.
            module_args = {k: module_args[k] for k in ("endpoint", "access_key_id", "access_key_secret", "instance_id")}
            module_args.update(case.module_args)
            if self.args.max_concurrency:
                module_args["max_concurrency"] = self.args.max_concurrency
        elif module == SDK_MODULE:
            del module_args["state"]
            module_args["batch_size"] = self.batch_size
        else:
            module_args.update(case.module_args)
            if self.args.batch_size:
                module_args["batch_size"] = self.args.batch_size
            if self.args.max_concurrency:
                module_args["max_concurrency"] = self.args.max_concurrency
        # Ansible builds a module's payload (AnsiballZ) on its first use in a run and caches it: the
        # warm-up pays for that with an empty list, which asks nothing of the API (the call limits
        # check it; the info module counts the instance once), so the measured task and the later pings are
        # both warm.
        warm_up = {k: module_args[k] for k in ("endpoint", "access_key_id", "access_key_secret", "instance_id")}
        warm_up["numbers"] = []
        tasks = [
            {"name": "reference ping, cold", "ansible.builtin.ping": {}},
            {"name": WARM_UP, module: warm_up},
            {"name": "reference ping before", "ansible.builtin.ping": {}},
            {"name": "measured task", module: module_args},
            {"name": "reference ping after", "ansible.builtin.ping": {}},
        ]
        if case.purge:
            tasks += [
                {"name": "warm up the ansible floor", CARRY: {"numbers": []}},
                {"name": CARRY_TASK, CARRY: {"numbers": module_args["numbers"]}},
            ]
        return {
            "name": f"benchmark {case.key} on {size} numbers",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars": {"ansible_python_interpreter": str(self.interpreter)},
            "tasks": tasks,
        }

    def _check_calls(self, case: Case, size: int, counters: dict) -> list[str]:
        calls = counters.get("calls", {})
        total = counters.get("total_calls", 0)
        problems = []
        for action, limit in call_limits(case, size, self.batch_size).items():
            seen = total if action == "total" else calls.get(action, 0)
            if seen > limit:
                problems.append(f"{action}: {seen} calls, the design allows at most {limit}")
        if counters.get("signature_failures"):
            problems.append(f"{counters['signature_failures']} signature failures")
        if counters.get("errors"):
            problems.append(f"the emulator answered errors: {counters['errors']}")
        return problems

    def _check_state(self, case: Case, size: int, emulator: EmulatorProcess) -> list[str]:
        if case.module == DO_NOT_CALL:
            listed = {entry["number"] for entry in emulator.state()["instances"][INSTANCE_ID]["do_not_call"]}
            missing = set(case.numbers(size)) ^ listed
            return [f"the do-not-call list differs on {len(missing)} numbers"] if missing else []
        bound = {number: binding["usage"] for number, binding in emulator.bindings(INSTANCE_ID).items()}
        expected = dict.fromkeys(seeds.pool_numbers(size), "Bidirection")
        if case.spread:
            expected = {n: seeds.USAGES[i % 3] for i, n in enumerate(seeds.pool_numbers(size))}
        if case.key == "usage_10pct":
            expected.update(dict.fromkeys(case.numbers(size), "Inbound"))
        if bound == expected:
            return []
        wrong = sorted(n for n in expected.keys() | bound.keys() if bound.get(n) != expected.get(n))
        sample = {n: (bound.get(n), expected.get(n)) for n in wrong[:3]}
        return [f"emulator end state differs on {len(wrong)} numbers, e.g. (bound, expected) {sample}"]

    # ---- one SDK baseline run ----------------------------------------------------------------
    def run_sdk(self, emulator: EmulatorProcess, case: Case, size: int) -> Run:
        self.runs += 1
        tag = f"{size:05d}-{case.key}-sdk-{self.runs:02d}"
        numbers_file = self.workdir / f"{tag}.numbers.json"
        numbers_file.write_text(json.dumps(case.numbers(size)))
        emulator.reset(seeds.seed(size, size if case.bound else 0), faults=seeds.latency(self.args.latency_ms))
        command = [
            sys.executable,
            str(BENCH_DIR / "sdk_baseline.py"),
            "--endpoint",
            f"127.0.0.1:{emulator.port}",
            "--instance-id",
            INSTANCE_ID,
            "--numbers-file",
            str(numbers_file),
            "--usage",
            case.usage,
            "--batch-size",
            str(self.batch_size),
            "--access-key-id",
            DEMO_KEY.access_key_id,
        ]
        if case.purge:
            command.append("--purge")
        process = subprocess.run(
            command,
            env=dict(
                os.environ,
                BENCH_ACCESS_KEY_SECRET=DEMO_KEY.access_key_secret,
                ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        (self.logdir / f"{tag}.log").write_text(process.stdout + process.stderr)
        counters = emulator.counters()
        if process.returncode != 0:
            return Run(
                0.0,
                counters.get("calls", {}),
                counters.get("total_calls", 0),
                0,
                None,
                problems=[f"SDK baseline exited {process.returncode}: {process.stderr.strip()[-400:]}"],
            )
        result = json.loads(process.stdout)
        problems = self._check_state(case, size, emulator)
        return Run(
            seconds=result["seconds"],
            calls=counters.get("calls", {}),
            total_calls=counters.get("total_calls", 0),
            max_concurrent=counters.get("max_concurrent", 0),
            maxrss_kib=result["maxrss_kib"],
            problems=problems,
        )

    # ---- summary -----------------------------------------------------------------------------
    def summarize(self, runs: list[Run]) -> dict:
        """Median time over the repeats; the largest count and memory seen."""
        first = runs[0]
        return {
            "seconds": statistics.median(r.seconds for r in runs),
            "seconds_all": [round(r.seconds, 4) for r in runs],
            "task_seconds": _median_or_none([r.task_seconds for r in runs]),
            "first_use_seconds": _median_or_none([r.first_use_seconds for r in runs]),
            "carry_seconds": _median_or_none([r.carry_seconds for r in runs]),
            "ping_seconds": _median_or_none([r.ping_seconds for r in runs]),
            "process_seconds": _median_or_none([r.process_seconds for r in runs]),
            "result_bytes": max((r.result_bytes for r in runs if r.result_bytes is not None), default=None),
            "key_bytes": first.key_bytes,
            "calls": first.calls,
            "total_calls": max(r.total_calls for r in runs),
            "calls_varied": len({json.dumps(r.calls, sort_keys=True) for r in runs}) > 1,
            "max_concurrent": max(r.max_concurrent for r in runs),
            "floor_seconds": max(r.total_calls for r in runs) * self.latency_s,
            "maxrss_mib": (
                max(r.maxrss_kib for r in runs if r.maxrss_kib) / 1024 if any(r.maxrss_kib for r in runs) else None
            ),
            "problems": sorted({p for r in runs for p in r.problems}),
        }


def _median_or_none(values: list) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _tool(name: str) -> str:
    """An Ansible command from the interpreter running this script (the repo's .venv under make)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smoke", action="store_true", help="smallest size, one repeat, results in a temporary directory"
    )
    parser.add_argument("--sizes", type=lambda text: [int(s) for s in text.split(",")], default=[100, 1000, 10000])
    parser.add_argument("--latency-ms", type=int, default=20, help="latency the emulator adds to every call")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; times are the median")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="batch_size for the module and the SDK (default: the module's default)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="results directory (default benchmarks/results, or a temporary one with --smoke)",
    )
    parser.add_argument(
        "--max-concurrency",
        type=int,
        default=None,
        help="max_concurrency for the module (default: the module's default)",
    )
    parser.add_argument("--cases", default=",".join(c.key for c in CASES), help="comma-separated case keys")
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes = [min(args.sizes)]
        args.repeat = 1
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    chosen = [case for case in CASES if case.key in args.cases.split(",")]
    with tempfile.TemporaryDirectory(prefix="ccc-bench-") as scratch:
        workdir = Path(scratch)
        out = args.out or (workdir / "results" if args.smoke else BENCH_DIR / "results")
        logdir = out / "raw"
        if logdir.exists():
            shutil.rmtree(logdir)
        logdir.mkdir(parents=True)
        bench = Bench(args, workdir, logdir)
        rows: list[dict] = []
        started = time.monotonic()
        sized = [(size, case) for size in args.sizes for case in chosen if case.size is None]
        fixed = [
            (min(args.sizes) if args.smoke else case.size, case)
            for case in chosen
            if case.size is not None and (case.smoke or not args.smoke)
        ]
        with EmulatorProcess(logdir) as emulator:
            for size, case in sized + fixed:
                row = {
                    "size": size,
                    "case": case.key,
                    "title": case.title,
                    "limits": call_limits(case, size, bench.batch_size),
                }
                row["module"] = bench.summarize(
                    [bench.run_module(emulator, case, size, case.module) for _repeat in range(args.repeat)]
                )
                if case.sdk_baseline:
                    row["sdk"] = bench.summarize(
                        [bench.run_sdk(emulator, case, size) for _repeat in range(args.repeat)]
                    )
                    row["sdk_module"] = bench.summarize(
                        [bench.run_module(emulator, case, size, SDK_MODULE) for _repeat in range(args.repeat)]
                    )
                rows.append(row)
                print(report.progress_line(row), flush=True)
        results = report.build(rows, args, bench, time.monotonic() - started)
        report.write(results, out)
        problems = [
            f"{row['size']} {row['case']} {side}: {problem}"
            for row in rows
            for side in ("module", "sdk", "sdk_module")
            if side in row
            for problem in row[side]["problems"]
        ]
        if not (args.smoke and args.out is None):
            print(f"results in {out}")
        for problem in problems:
            print(f"FAIL {problem}", file=sys.stderr)
        if args.smoke and problems:
            kept = Path(tempfile.mkdtemp(prefix="ccc-bench-failed-"))
            shutil.copytree(logdir, kept / "raw")
            print(f"logs kept in {kept / 'raw'}", file=sys.stderr)
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
