# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""README.md's "Ad hoc" section works when followed literally: its console lines run as they stand, in a
fresh shell (no venv activated, no Ansible or Alibaba Cloud variables) in the repository root, with the
collection `make install` put in .build/collections. The first ad hoc run binds the number (CHANGED), the
second finds it bound (SUCCESS, not changed), as the README shows, and the emulator is gone afterwards."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from ccc_emulator.launcher import stop_detached  # noqa: E402

EMULATOR_DIR = REPO / ".build" / "emulator"  # the Makefile's EMULATOR_DIR
MARK = "@@readme-step"
SCRUBBED = ("ANSIBLE_", "ALIBABA_CLOUD_", "ALICLOUD_", "CCC_EMULATOR_", "VIRTUAL_ENV", "PYTHONPATH", "MAKE", "MFLAGS")


def readme_steps() -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows under it) for the console block of "## Ad hoc"."""
    section = REPO.joinpath("README.md").read_text().split("\n## Ad hoc\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL).group(1)
    steps: list[tuple[str, list[str]]] = []
    continued = False
    for line in block.splitlines():
        if continued:
            steps[-1] = (steps[-1][0] + "\n" + line, steps[-1][1])
        elif line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
        continued = line.endswith("\\")
    return steps


def fresh_shell_env() -> dict[str, str]:
    """This user's environment as a new login would have it: no venv on PATH, no tool settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(SCRUBBED)}
    env["PATH"] = os.pathsep.join(
        entry for entry in env.get("PATH", "").split(os.pathsep) if not Path(entry, "activate").exists()
    )
    # Not in the README: a safety net so that nothing here could ever try the real ECS metadata address.
    env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true"
    return env


def run_in_one_shell(commands: list[str]) -> list[tuple[int, str]]:
    """Each command's exit status and output (stdout and stderr), run one after another in one bash."""
    script = "".join(f"{command}\nprintf '\\n{MARK} %s\\n' $?\n" for command in commands)
    result = subprocess.run(
        ["bash", "--noprofile", "--norc"],
        input=script,
        cwd=REPO,
        env=fresh_shell_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    parts = re.split(rf"\n{MARK} (\d+)\n", "\n" + result.stdout)
    outputs = [(int(status), output.strip("\n")) for output, status in zip(parts[0:-1:2], parts[1::2], strict=True)]
    assert len(outputs) == len(commands), result.stdout[-4000:]
    return outputs


def status_line(output: str) -> str | None:
    match = re.search(r"^localhost \| (\w+) =>", output, re.MULTILINE)
    return match.group(1) if match else None


def answers(url: str) -> bool:
    host, port = url.split("//", 1)[1].rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def no_background_emulator():
    url_file = EMULATOR_DIR / "url"
    if url_file.exists() and answers(url_file.read_text().strip()):
        pytest.fail("`make emulator` left an emulator running in this checkout; `make emulator-stop` first")
    yield
    stop_detached(EMULATOR_DIR)  # whatever the README lines did


def test_readme_adhoc_lines_bind_a_free_number_then_change_nothing(no_background_emulator):
    steps = readme_steps()
    commands = [command for command, _shown in steps]
    outputs = run_in_one_shell(commands)
    for command, (status, output) in zip(commands, outputs, strict=True):
        assert status == 0, f"README line failed (exit {status}): {command}\n{output[-3000:]}"

    adhoc = [index for index, command in enumerate(commands) if command.startswith("ansible localhost -m ")]
    shown = [status_line("\n".join(steps[index][1])) for index in adhoc]
    got = [status_line(outputs[index][1]) for index in adhoc]
    assert shown == ["CHANGED", "SUCCESS"], "the README should show a first run that binds, then one that does not"
    assert got == shown, "\n\n".join(outputs[index][1][-2000:] for index in adhoc)
    assert '"changed": true' in outputs[adhoc[0]][1] and '"changed": false' in outputs[adhoc[1]][1]

    url = re.search(r"listening on (http://127\.0\.0\.1:\d+)", outputs[0][1]).group(1)
    assert not answers(url), "the README's last line should stop the emulator"
    assert EMULATOR_DIR.joinpath("emulator.log").read_text().splitlines()[-1] == "stopped"
    assert not EMULATOR_DIR.joinpath("url").exists()
