# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The playbooks users are shown must work: the guided demo (`make demo`) and the role's documented
contract (playbooks/role_contract.yml), each run with ansible-playbook against a fresh local emulator.
Both playbooks assert what they show, so a failed assertion fails the run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(REPO, "tests", "emulator"))

from ccc_emulator.launcher import EmulatorProcess  # noqa: E402


@pytest.fixture(scope="module")
def collections_path(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("collections")
    (root / "ansible_collections" / "alibabacloud").mkdir(parents=True)
    os.symlink(REPO, str(root / "ansible_collections" / "alibabacloud" / "ccc"))
    return str(root)


@pytest.fixture(scope="module")
def emulator_vars(tmp_path_factory):
    """The file of variables the playbooks read (ccc_endpoint, ccc_access_key_id, ...) of a fresh emulator."""
    with EmulatorProcess(tmp_path_factory.mktemp("emulator")) as emulator:
        yield emulator.vars_file


def _run_playbook(playbook: str, emulator_vars, collections: str, cwd) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=collections,
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_NOCOLOR="1",
        ALIBABA_CLOUD_ECS_METADATA_DISABLED="true",  # loopback only, whatever the chain finds
    )
    command = [
        os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
        "-i",
        os.path.join(REPO, "demo", "inventory.yml"),
        playbook,
        "-e",
        "@%s" % emulator_vars,
    ]
    return subprocess.run(command, cwd=str(cwd), env=env, capture_output=True, text=True, timeout=300, check=False)


def _recap(output: str) -> dict[str, int]:
    match = re.search(r"^localhost\s*:\s*(.+)$", output, re.MULTILINE)
    assert match, output[-3000:]
    return {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1))}


def test_demo_runs_end_to_end_and_shows_every_step(emulator_vars, collections_path, tmp_path):
    result = _run_playbook(os.path.join(REPO, "demo", "demo.yml"), emulator_vars, collections_path, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    recap = _recap(result.stdout)
    assert recap["failed"] == 0 and recap["unreachable"] == 0
    # Bind, switch usage, role (bind + unbind), clean up: the changes the demo narrates.
    assert recap["changed"] >= 5
    # The usage change is shown as a diff, and the closing message says what was shown.
    assert "+057100000004         usage=Bidirection" in result.stdout
    assert "What this demo showed" in result.stdout
    assert "NUMBER         USAGE" in result.stdout


def test_role_keeps_its_documented_contract(emulator_vars, collections_path, tmp_path):
    playbook = os.path.join(HERE, "playbooks", "role_contract.yml")
    result = _run_playbook(playbook, emulator_vars, collections_path, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    recap = _recap(result.stdout)
    assert recap["failed"] == 0 and recap["rescued"] == 1
