# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sample execution environment users copy (docs/execution-environment.yml) produces a build context
that installs `requests`, and the collection's own declaration (meta/execution-environment.yml) is what
ansible-builder's introspection finds inside that build. No container is built."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(REPO, "docs", "execution-environment.yml")


def _builder() -> str:
    beside_python = os.path.join(os.path.dirname(sys.executable), "ansible-builder")
    found = beside_python if os.path.exists(beside_python) else shutil.which("ansible-builder")
    if not found:
        pytest.fail("ansible-builder is not installed (it is pinned in requirements-dev.txt)")
    return found


def _run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([_builder(), *args], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, "ansible-builder %s failed:\n%s\n%s" % (args[0], result.stdout, result.stderr)
    return result


def _requirement_names(text: str) -> set[str]:
    names = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0].lower())
    return names


@pytest.fixture(scope="module")
def context(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("ee") / "context")
    _run("create", "-f", SAMPLE, "--context", path, "--output-filename", "Containerfile")
    return path


@pytest.fixture(scope="module")
def collections_tree(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("collections")
    (root / "ansible_collections" / "alibabacloud").mkdir(parents=True)
    os.symlink(REPO, str(root / "ansible_collections" / "alibabacloud" / "ccc"))
    return str(root)


def test_sample_build_context_installs_requests(context):
    with open(os.path.join(context, "_build", "requirements.txt"), encoding="utf-8") as handle:
        assert "requests" in _requirement_names(handle.read())
    with open(os.path.join(context, "Containerfile"), encoding="utf-8") as handle:
        containerfile = handle.read()
    # The Python requirements are copied in and installed by the build, not just written to disk.
    assert "_build/requirements.txt" in containerfile
    assert "pip_install" in containerfile


def test_sample_build_context_installs_the_collection(context):
    with open(os.path.join(context, "_build", "requirements.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    assert "alibabacloud.ccc" in [c["name"] for c in galaxy["collections"]]


def test_collection_declares_requests_for_introspection(collections_tree):
    result = _run("introspect", collections_tree)
    python = yaml.safe_load(result.stdout.split("---", 1)[1])["python"]
    assert any(line.startswith("requests") and "alibabacloud.ccc" in line for line in python), python


def test_build_merges_the_samples_and_the_collections_requirements(context, collections_tree, tmp_path):
    # What the container build runs after installing the collection: introspection combined with the
    # context's requirements.txt, written to the file pip installs from.
    merged = tmp_path / "requirements.txt"
    _run(
        "introspect",
        collections_tree,
        "--user-pip",
        os.path.join(context, "_build", "requirements.txt"),
        "--write-pip",
        str(merged),
    )
    assert "requests" in _requirement_names(merged.read_text(encoding="utf-8"))
