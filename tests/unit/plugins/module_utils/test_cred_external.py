# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json
import os
import shlex
import sys
import time

import pytest
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import Context
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_external import command_runner
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_profile import build
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.helpers import patch_module_args


@pytest.fixture(scope="module")
def run_command():
    """The real AnsibleModule.run_command, the one way module code may start a process."""
    with patch_module_args({}):
        return AnsibleModule(argument_spec={}).run_command


def printing(tmp_path, output, exit_code=0, name="creds-helper.py"):
    """A command line that prints `output` (and a secret on stderr) and exits with `exit_code`."""
    script = tmp_path / name
    script.write_text(
        "import sys\nsys.stderr.write('EXT-STDERR-SECRET\\n')\nsys.stdout.write(%r)\nsys.exit(%d)\n"
        % (output, exit_code)
    )
    return "%s %s --profile 'a b'" % (shlex.quote(sys.executable), shlex.quote(str(script)))


def provider(command, run_command):
    context = Context({}, {}, "/h", run=command_runner(run_command))
    config = {"profiles": [{"name": "ext", "mode": "External", "process_command": command}]}
    return build(context, "/cfg.json", config, "ext"), context


@pytest.mark.parametrize(
    "output, token",
    [
        ({"mode": "AK", "access_key_id": "EXT_ID", "access_key_secret": "EXT-SECRET"}, None),
        (
            {
                "mode": "StsToken",
                "access_key_id": "EXT_ID",
                "access_key_secret": "EXT-SECRET",
                "sts_token": "EXT-TOKEN",
                "expiration": "2099-01-01T00:00:00Z",
            },
            "EXT-TOKEN",
        ),
    ],
)
def test_the_printed_keys_are_used_and_registered_as_secrets(tmp_path, output, token, run_command):
    found, context = provider(printing(tmp_path, json.dumps(output)), run_command)
    credentials = found.current()
    assert (credentials.access_key_id, credentials.security_token) == ("EXT_ID", token)
    assert "EXT-SECRET" in context.secrets.forms()


def test_the_command_is_not_run_through_a_shell(tmp_path, run_command):
    marker = tmp_path / "marker"
    found, _context = provider("%s -c 'print(1)' ; touch %s" % (shlex.quote(sys.executable), marker), run_command)
    with pytest.raises(CCCError):
        found.current()
    assert not marker.exists()


def test_renewing_runs_the_command_again(tmp_path, run_command):
    counter = tmp_path / "n"
    script = tmp_path / "counting.py"
    script.write_text(
        "import json, pathlib\np = pathlib.Path(%r)\nn = int(p.read_text()) + 1 if p.exists() else 1\n"
        "p.write_text(str(n))\nprint(json.dumps({'access_key_id': 'K%%d' %% n, 'access_key_secret': 'S'}))\n"
        % str(counter)
    )
    found, _context = provider("%s %s" % (shlex.quote(sys.executable), shlex.quote(str(script))), run_command)
    first = found.current()
    assert found.renew(first) and found.current().access_key_id == "K2"


@pytest.mark.parametrize(
    "output, exit_code, words",
    [
        ('{"access_key_id": "A", "access_key_secret": "EXT-SECRET"}', 3, ["exited with status 3"]),
        ("EXT-SECRET not json", 0, ["did not print a JSON object"]),
        ('{"mode": "StsToken", "access_key_id": "A", "access_key_secret": "EXT-SECRET"}', 0, ["sts_token"]),
        ('{"mode": "RamRoleArn", "access_key_id": "A", "access_key_secret": "EXT-SECRET"}', 0, ["AK or StsToken"]),
    ],
)
def test_failures_name_the_program_never_its_output_or_arguments(tmp_path, output, exit_code, words, run_command):
    found, _context = provider(printing(tmp_path, output, exit_code), run_command)
    with pytest.raises(CCCError) as info:
        found.current()
    message = str(info.value)
    # the program is named; its arguments (here the script and a --profile flag) may hold tokens
    assert info.value.code == "ExternalCredentialsError" and os.path.basename(sys.executable) in message
    for word in words:
        assert word in message
    for secret in ("EXT-SECRET", "EXT-STDERR-SECRET", "--profile", "creds-helper"):
        assert secret not in message


def test_a_command_that_hangs_is_stopped(run_command):
    started = time.monotonic()
    with pytest.raises(CCCError) as info:
        command_runner(run_command, timeout=0.5)([sys.executable, "-c", "import time; time.sleep(30)"], "the helper")
    assert "did not finish within 0.5 seconds" in info.value.message and time.monotonic() - started < 20


@pytest.mark.parametrize(
    "command, words", [("'unbalanced", ["cannot be split"]), ("/nonexistent/helper", ["could not be started"])]
)
def test_a_command_that_cannot_run_is_named(command, words, run_command):
    with pytest.raises(CCCError) as info:
        provider(command, run_command)[0].current()
    for word in words:
        assert word in info.value.message


def test_without_a_way_to_run_commands_the_profile_says_so():
    context = Context({}, {}, "/h")
    config = {"profiles": [{"name": "ext", "mode": "External", "process_command": "helper --x"}]}
    with pytest.raises(CCCError) as info:
        build(context, "/cfg.json", config, "ext")
    assert "no way to run one" in info.value.message
