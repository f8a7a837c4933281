# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn benchmark rows into results.json, a Markdown report and a plot."""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


# ---- machine and settings --------------------------------------------------------------------
def machine() -> dict:
    cpu_model = "unknown"
    memory_gib = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gib": memory_gib,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "ansible_core": _version("ansible-core"),
        "requests": _version("requests"),
        "sdk": f"alibabacloud-ccc20200701 {_version('alibabacloud-ccc20200701')}, "
        f"alibabacloud-tea-openapi {_version('alibabacloud-tea-openapi')}",
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted": _uncommitted("plugins", "tests/emulator", "benchmarks"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _uncommitted(*paths: str) -> list[str]:
    """Benchmarked files that differ from the commit (work in progress when the run was made)."""
    done = subprocess.run(
        ["git", "status", "--porcelain", "--", *paths], cwd=REPO, capture_output=True, text=True, check=False
    )
    return [line[3:] for line in done.stdout.splitlines() if "benchmarks/results/" not in line]


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


# ---- targets from issue #7 -------------------------------------------------------------------
def _row(rows: list[dict], size: int, case: str) -> dict | None:
    return next((r for r in rows if r["size"] == size and r["case"] == case), None)


def targets(rows: list[dict]) -> list[dict]:
    """Each target of issue #7 that the measured sizes allow us to judge."""
    found = []

    def add(name: str, measured: str, met: bool) -> None:
        found.append({"target": name, "measured": measured, "met": met})

    baseline = _row(rows, 10000, "noop_purge")
    sdk = (baseline or {}).get("sdk", {}).get("seconds")
    for key, how in (("noop_purge", "defaults"), ("noop_purge_full", "return_phone_numbers: true")):
        noop = _row(rows, 10000, key)
        if not noop:
            continue
        module, floor = noop["module"]["seconds"], noop["module"]["floor_seconds"]
        if floor:
            add(
                f"no-op with purge, 10,000 numbers ({how}): module time <= 0.6 x sequential floor",
                f"{module:.2f} s vs floor {floor:.2f} s = {module / floor:.2f} x "
                f"(max concurrent requests {noop['module']['max_concurrent']})",
                module <= 0.6 * floor,
            )
        if sdk:
            carry = noop["module"].get("carry_seconds")
            add(
                f"no-op with purge, 10,000 numbers ({how}): module time <= 0.25 x SDK baseline",
                f"{module:.2f} s vs SDK {sdk:.2f} s = {module / sdk:.2f} x"
                + (f"; Ansible alone spends {carry:.2f} s carrying the 10,000 numbers" if carry else ""),
                module <= 0.25 * sdk,
            )
    noop = _row(rows, 10000, "noop_purge")
    naive = ((noop or {}).get("sdk_module") or {}).get("seconds")
    if naive:
        module = noop["module"]["seconds"]
        add(
            "no-op with purge, 10,000 numbers, defaults: task <= 0.35 x a module written naively on the SDK "
            "(issue #14)",
            f"{module:.2f} s vs {naive:.2f} s = {module / naive:.2f} x (both warm, under ansible-playbook)",
            module <= 0.35 * naive,
        )
    named = _row(rows, 10000, "noop_named3")
    if named:
        calls = named["module"]["total_calls"]
        add("no-op on 3 named numbers in 10,000: <= 4 calls", f"{calls} calls", calls <= 4)
    converge = _row(rows, 1000, "converge")
    if converge:
        calls = converge["module"]["calls"]
        lists, adds = calls.get("ListPhoneNumbers", 0), calls.get("AddPhoneNumbers", 0)
        add("converge 1,000 from empty: <= 10 List + 10 Add", f"{lists} List + {adds} Add", lists <= 10 and adds <= 10)
    # The literal 1-call no-op where one exists (a single page holds the instance), else the cheapest.
    one = [r for r in rows if r["case"] == "noop_named1"]
    if one:
        single = [r for r in one if r["module"]["total_calls"] == 1]
        row = max(single or one, key=lambda r: r["size"] if single else -r["module"]["total_calls"])["module"]
        if row["task_seconds"] and row["ping_seconds"]:
            ratio = row["task_seconds"] / row["ping_seconds"]
            add(
                f"module task on a {row['total_calls']}-call no-op <= 1.5 x ping task",
                f"{row['task_seconds']:.2f} s vs ping {row['ping_seconds']:.2f} s = {ratio:.2f} x",
                ratio <= 1.5,
            )
    imported = _row(rows, 10000, "dnc_import")
    if imported:
        calls = imported["module"]["calls"]
        lists, imports = calls.get("ListDoNotCallNumbers", 0), calls.get("ImportDoNotCallNumbers", 0)
        add(
            "do-not-call: import 10,000 into an empty list: 1 List + 100 Import (issue #24)",
            f"{lists} List + {imports} Import, {imported['module']['seconds']:.2f} s, "
            f"{_mib(imported['module']['maxrss_mib'])} MiB",
            (lists, imports) == (1, 100) and imported["module"]["total_calls"] == 101,
        )
    noop = _row(rows, 5000, "dnc_noop_purge")
    if noop:
        calls = noop["module"]["total_calls"]
        add(
            "do-not-call: no-op purge over 5,000 costs only the listing: 50 List, no write (issue #24)",
            f"{calls} calls, {noop['module']['seconds']:.2f} s",
            noop["module"]["calls"] == {"ListDoNotCallNumbers": 50},
        )
    exported, listed = _row(rows, 10000, "export"), _row(rows, 10000, "export_full")
    if exported and listed:
        module, sizes = exported["module"], listed["module"]["key_bytes"]
        bindings, details = sizes.get("bindings"), sizes.get("phone_numbers")
        add(
            "export 10,000 numbers as bindings (issue #20): calls, time, peak memory; the export smaller than "
            "phone_numbers for the same instance",
            f"{_calls_text(module['calls'])} (one of them the warm-up's count), {module['seconds']:.2f} s, "
            f"{_mib(module['maxrss_mib'])} MiB; result {_kib(module['result_bytes'])} KiB; bindings "
            f"{_kib(bindings)} KiB vs phone_numbers {_kib(details)} KiB",
            bool(bindings and details and bindings < details),
        )
    biggest = max((r["size"] for r in rows), default=0)
    memory = [r["module"]["maxrss_mib"] for r in rows if r["size"] == biggest and r["module"]["maxrss_mib"]]
    if memory:
        add(
            f"peak memory of the module process, {biggest:,} numbers: < 100 MB",
            f"{max(memory):.1f} MiB",
            max(memory) < 100,
        )
    return found


# ---- outputs ---------------------------------------------------------------------------------
def build(rows: list[dict], args, bench, duration: float) -> dict:
    return {
        "generated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "sizes": args.sizes,
            "latency_ms": args.latency_ms,
            "repeat": args.repeat,
            "batch_size": bench.batch_size,
            "max_concurrency": args.max_concurrency,
            "module_defaults": {k: bench.module_defaults.get(k) for k in ("batch_size", "max_concurrency")},
            "smoke": args.smoke,
        },
        "duration_seconds": round(duration, 1),
        "rows": rows,
        "targets": targets(rows),
    }


def progress_line(row: dict) -> str:
    module = row["module"]
    text = (
        f"{row['size']:>6} {row['case']:<12} calls {module['total_calls']:>5} "
        f"max_conc {module['max_concurrent']:>3} module {module['seconds']:7.3f} s "
        f"floor {module['floor_seconds']:7.3f} s"
    )
    if "sdk" in row:
        text += f" sdk {row['sdk']['seconds']:7.3f} s"
    if "sdk_module" in row:
        text += f" sdk module {row['sdk_module']['seconds']:7.3f} s"
    if module["problems"] or row.get("sdk", {}).get("problems") or row.get("sdk_module", {}).get("problems"):
        text += "  PROBLEMS"
    return text


def write(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    plot(results, out / "bench.png")
    (out / "README.md").write_text(markdown(results))


def _calls_text(calls: dict) -> str:
    short = {
        "ListPhoneNumbers": "L",
        "AddPhoneNumbers": "A",
        "ModifyPhoneNumber": "M",
        "RemovePhoneNumbers": "R",
        "ListDoNotCallNumbers": "DL",
        "ImportDoNotCallNumbers": "DI",
        "RemoveDoNotCallNumbers": "DR",
    }
    parts = [f"{calls[action]} {letter}" for action, letter in short.items() if calls.get(action)]
    parts += [f"{n} {action}" for action, n in sorted(calls.items()) if action not in short and n]
    return " + ".join(parts) or "0"


def _seconds(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ratio(part: float, whole: float) -> str:
    return f"{part / whole:.2f}" if whole else "-"


def _kib(value) -> str:
    return "-" if value is None else f"{value / 1024:,.0f}"


def _mib(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def markdown(results: dict) -> str:
    settings, mach = results["settings"], results["machine"]
    lines = [
        "<!-- Copyright: (c) 2026, alibabacloud.ccc contributors -->",
        "<!-- SPDX-License-Identifier: GPL-3.0-or-later -->",
        "# Benchmark results",
        "",
        "Written by `make bench` (`benchmarks/run.py`); do not edit by hand. "
        f"Generated {results['generated']} in {results['duration_seconds']} s.",
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu_model']}, `nproc` = {mach['nproc']}, memory {mach['memory_gib']} GiB, {mach['os']}",
        f"- Python {mach['python']}, ansible-core {mach['ansible_core']}, requests {mach['requests']}",
        f"- Baseline: {mach['sdk']}",
        f"- Collection commit {mach['commit']}"
        + (f" plus uncommitted changes to {', '.join(mach['uncommitted'])}" if mach["uncommitted"] else ""),
        f"- Load average (1, 5, 15 min) when the report was written: {mach['load_average']}; "
        "other work on the machine shows up as noise in the times",
        "",
        "## Method",
        "",
        f"The local emulator (`tests/emulator/`) adds {settings['latency_ms']} ms to every API call and counts calls "
        "and the most requests it served at once. Before every run it is reseeded and its counters are zeroed. "
        "Each case is one `ansible-playbook` run of a localhost play: `ansible.builtin.ping`, a warm-up "
        "`ccc_phone_numbers` task with `numbers: []` (no API call), `ansible.builtin.ping`, the measured "
        "`ccc_phone_numbers` task, `ansible.builtin.ping`. Ansible builds each module's payload (AnsiballZ) on "
        "its first use in a run and then reuses it; the first ping and the warm-up pay for that, so the "
        "measured task and the two later pings are compared warm. First use s = the warm-up task's time "
        "(the payload build plus a module run without API calls), what a play's first task of the module "
        "costs on top. Module time = the module task's wall time minus the faster of the two warm ping tasks. "
        "Purge cases end with two tasks of `benchmarks/library/bench_carry_numbers.py`, a module that "
        "only takes the numbers and returns nothing (an empty list to warm it up, then the same numbers): "
        "its task time minus a ping is what Ansible itself spends carrying the numbers in and back out, "
        "the floor under any module given them (carry s). "
        f"Times are the median of {settings['repeat']} run(s). "
        "Process s = wall time of the module's own process (start-up, API work, printing its result); task s "
        "minus process s is what Ansible spends around it on the controller (templating the arguments, "
        "shipping the module, reading the result). "
        "Result KiB = size of the module's returned result (JSON). "
        "Sequential floor = API calls x latency: what the same calls cost one after the other. "
        "Peak memory is the module process's maximum resident set size (`wait4`), recorded by an "
        "interpreter wrapper that both the module and the ping tasks run through. "
        f"The SDK baseline pages `ListPhoneNumbers` one page after the other (PageSize 100), then adds the "
        f"missing numbers (and, with purge, removes extra ones) in batches of {settings['batch_size']}, sequentially; "
        "its time counts API work only (interpreter start and imports excluded). "
        f"Module defaults: batch_size {settings['module_defaults']['batch_size']}, "
        f"max_concurrency {settings['module_defaults']['max_concurrency']}"
        + (
            f"; this run set max_concurrency {settings['max_concurrency']}."
            if settings.get("max_concurrency")
            else " (used as they are)."
        ),
        "",
        "Cases: (a) converge from empty: N pool numbers, none bound, all requested (Bidirection); "
        "(b) no-op with purge: N bound, all requested, `purge: true`; (b') the same with "
        "`return_phone_numbers: true`; (c) no-op on 3 named numbers (first, "
        "middle, last) without purge; (d) change usage of every tenth number to Inbound; "
        "(e) no-op on 1 named number (the module's fixed cost against `ping`); "
        "(j) `ccc_phone_numbers_info` exports N bound numbers of mixed usages as `bindings` "
        "(`return_phone_numbers: false`; its warm-up, `numbers: []`, counts the instance once); (j') the same "
        "listing with `phone_numbers` too, the info module's default. "
        "(h) and (i) are `ccc_do_not_call_numbers` (remark `bench`), run once at a size of their own: (h) imports N "
        "numbers into an empty do-not-call list without purge; (i) no-op with purge over N listed numbers.",
        "",
        "## Results",
        "",
        "Calls: L = ListPhoneNumbers, A = AddPhoneNumbers, M = ModifyPhoneNumber, R = RemovePhoneNumbers; "
        "DL = ListDoNotCallNumbers, DI = ImportDoNotCallNumbers, DR = RemoveDoNotCallNumbers.",
        "",
        "| N | case | who | calls | max conc. | task s | ping s | time s | process s | first use s | carry s | "
        "floor s | time / floor | time / SDK | peak MiB | result KiB |",
        "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["rows"]:
        module, sdk = row["module"], row.get("sdk")
        vs_sdk = _ratio(module["seconds"], sdk["seconds"]) if sdk else "-"
        lines.append(
            f"| {row['size']:,} | {row['title']} | module | {_calls_text(module['calls'])} | "
            f"{module['max_concurrent']} | {_seconds(module['task_seconds'])} | {_seconds(module['ping_seconds'])} | "
            f"{module['seconds']:.3f} | {_seconds(module['process_seconds'])} | "
            f"{_seconds(module.get('first_use_seconds'))} | {_seconds(module.get('carry_seconds'))} | "
            f"{module['floor_seconds']:.3f} | "
            f"{_ratio(module['seconds'], module['floor_seconds'])} | {vs_sdk} | "
            f"{_mib(module['maxrss_mib'])} | {_kib(module['result_bytes'])} |"
        )
        if sdk:
            lines.append(
                f"| {row['size']:,} | {row['title']} | SDK | {_calls_text(sdk['calls'])} | {sdk['max_concurrent']} | "
                f"- | - | {sdk['seconds']:.3f} | - | - | - | {sdk['floor_seconds']:.3f} | "
                f"{_ratio(sdk['seconds'], sdk['floor_seconds'])} | 1.00 | "
                f"{_mib(sdk['maxrss_mib'])} | - |"
            )
        naive = row.get("sdk_module")
        if naive:
            lines.append(
                f"| {row['size']:,} | {row['title']} | SDK module | {_calls_text(naive['calls'])} | "
                f"{naive['max_concurrent']} | {_seconds(naive['task_seconds'])} | {_seconds(naive['ping_seconds'])} | "
                f"{naive['seconds']:.3f} | {_seconds(naive['process_seconds'])} | "
                f"{_seconds(naive.get('first_use_seconds'))} | {_seconds(naive.get('carry_seconds'))} | "
                f"{naive['floor_seconds']:.3f} | {_ratio(naive['seconds'], naive['floor_seconds'])} | "
                f"{_ratio(naive['seconds'], sdk['seconds']) if sdk else '-'} | "
                f"{_mib(naive['maxrss_mib'])} | {_kib(naive['result_bytes'])} |"
            )
    lines += ["", "## Targets (issues #7, #14, #20 and #24)", "", "| target | measured | met |", "|---|---|---|"]
    for target in results["targets"]:
        lines.append(f"| {target['target']} | {target['measured']} | {'yes' if target['met'] else '**no**'} |")
    problems = [
        f"{row['size']} {row['case']} {side}: {p}"
        for row in results["rows"]
        for side in ("module", "sdk", "sdk_module")
        if side in row
        for p in row[side]["problems"]
    ]
    if problems:
        lines += ["", "## Problems seen", ""] + [f"- {p}" for p in problems]
    lines += ["", "![module and SDK time and API calls per case](bench.png)", ""]
    return "\n".join(lines)


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    figure, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    for axis, case in zip(axes[:2], ("converge", "noop_purge"), strict=True):
        picked = [r for r in rows if r["case"] == case]
        if not picked:
            axis.set_visible(False)
            continue
        x = [r["size"] for r in picked]
        axis.plot(x, [r["module"]["seconds"] for r in picked], "o-", label="module (task - ping)")
        full = [r for r in rows if r["case"] == case + "_full"]
        if full:
            axis.plot(
                [r["size"] for r in full],
                [r["module"]["seconds"] for r in full],
                "^-",
                label="module, return_phone_numbers: true",
            )
        naive = [r for r in picked if "sdk_module" in r]
        if naive:
            axis.plot(
                [r["size"] for r in naive],
                [r["sdk_module"]["seconds"] for r in naive],
                "d:",
                label="module written naively on the SDK",
            )
        if all("sdk" in r for r in picked):
            axis.plot(x, [r["sdk"]["seconds"] for r in picked], "s--", label="official SDK, sequential")
        axis.plot(
            x,
            [r["module"]["floor_seconds"] for r in picked],
            ":",
            color="grey",
            label="sequential floor (module calls x latency)",
        )
        axis.set_title(picked[0]["title"])
        axis.set_xlabel("numbers")
        axis.set_ylabel("seconds")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    axis = axes[2]
    for case in dict.fromkeys(r["case"] for r in rows):
        picked = [r for r in rows if r["case"] == case]
        axis.plot(
            [r["size"] for r in picked],
            [max(r["module"]["total_calls"], 0.8) for r in picked],
            "o-",
            label=picked[0]["title"],
        )
    axis.set_title("module API calls")
    axis.set_xlabel("numbers")
    axis.set_ylabel("calls")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    figure.suptitle(
        f"ccc_phone_numbers on the emulator, {results['settings']['latency_ms']} ms per call, "
        f"{results['machine']['nproc']} CPUs" + (" (smoke)" if results["settings"]["smoke"] else "")
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
