# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the reliability suite and the closing summary that docs/reliability.md quotes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import FIGURES, Emulator


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    with Emulator(tmp_path_factory.mktemp("emulator")) as emu:
        yield emu


@pytest.fixture(scope="session")
def tls_emulator(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("emulator-tls")
    with Emulator(workdir, tls_dir=workdir / "tls") as emu:
        yield emu


# Which tests each figure counts: (label, "file::test-name prefix").
_GROUPS = (
    ("fault cases with their one expected outcome", "test_fault_matrix.py::test_fault_"),
    ("skill-group faults with pinned calls", "test_skill_groups.py::test_membership_fault_"),
    ("bad inputs rejected before any call", "test_bad_input.py::test_bad_input_is_rejected_before_any_call"),
    ("state-dependent bad input refused pre-write", "test_bad_input.py::test_flow_"),
    ("partial failures reported, not silent", "test_partial_failure.py::"),
    ("secret-handling runs without a leak", "test_secrets.py::test_canary_credentials_never_leak"),
    ("TLS cases", "test_tls.py::"),
    ("credential cases ending as the official tools do", "test_credentials_side_by_side.py::"),
    ("concurrency runs", "test_concurrency.py::"),
    ("our signatures checked by the emulator's verifier", "test_signatures_accepted.py::"),
    ("instances past one listing's reach: listed whole or refused unwritten", "test_large_instances.py::"),
    ("lists changing mid-read: read again or refused", "test_listing_changes.py::test_listing_change_case_"),
    ("removals refused before any write, or done", "test_removals.py::test_removal_"),
)


def pytest_terminal_summary(terminalreporter):
    counts = {prefix: [0, 0] for _label, prefix in _GROUPS}
    for outcome in ("passed", "failed", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") != "call" and outcome != "error":
                continue
            # Only the path is split: a test id's parameters may hold '/' too.
            path, _sep, name = report.nodeid.partition("::")
            node = path.rsplit("/", 1)[-1] + "::" + name
            for prefix in counts:
                if node.startswith(prefix):
                    counts[prefix][1] += 1
                    counts[prefix][0] += outcome == "passed"
    terminalreporter.write_sep("=", "reliability figures")
    for label, prefix in _GROUPS:
        passed, total = counts[prefix]
        if total:
            terminalreporter.write_line("%-44s %d/%d" % (label, passed, total))
    if "canary_runs" in FIGURES:
        terminalreporter.write_line(
            "%-44s %d (searched %d runs, %d files)"
            % ("canary leaks", FIGURES.get("canary_leaks", 0), FIGURES["canary_runs"], FIGURES.get("canary_files", 0))
        )
    if "concurrent_playbooks" in FIGURES:
        terminalreporter.write_line("%-44s %d" % ("playbooks run concurrently", FIGURES["concurrent_playbooks"]))
