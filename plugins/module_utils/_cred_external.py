# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: External profiles, whose `process_command` prints keys.

The command is split as a shell would split it but never run through a shell (AnsibleModule.run_command,
given to the chain as `context.run`), and stopped after a minute (the official libraries' limit). Its
standard output is JSON: `{"mode": "AK" | "StsToken", "access_key_id", "access_key_secret", "sts_token",
"expiration"}`. Neither its output nor its error output is ever quoted (either may hold the secret); messages
name the program only, since the arguments may hold tokens. Keys with an `expiration` are fetched again (the
command run again) before they expire; any key is fetched again when CCC says it has expired.
"""

from __future__ import annotations

import json
import os
import shlex
import threading
from datetime import timedelta

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Credentials,
    Temporary,
    parse_expiration,
    text_value,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

TIMEOUT = 60.0
MODES = ("AK", "StsToken")
# Keys printed without an expiration are used until CCC refuses them.
NO_EXPIRY = timedelta(days=3650)


def split_command(command: str, where: str) -> list[str]:
    try:
        args = shlex.split(command)
    except ValueError as exc:
        raise CCCError("InvalidOption", "process_command of %s cannot be split into words: %s" % (where, exc)) from None
    if not args:
        raise CCCError("IncompleteCredentials", "%s (mode External) has an empty process_command" % where)
    return args


def command_runner(run_command, timeout: float = TIMEOUT):
    """A `run(args, what) -> stdout` on top of `AnsibleModule.run_command` (the one way a module may start a
    process: a list of words, no shell), stopped after `timeout` seconds. Errors say why, never what it
    printed."""

    def run(args, what: str) -> str:
        stopped = threading.Event()
        timers = []

        def watch(process):
            timer = threading.Timer(timeout, _stop, (process, stopped))
            timer.daemon = True
            timers.append(timer)
            timer.start()

        try:
            code, out, _err = run_command(
                args, check_rc=False, before_communicate_callback=watch, handle_exceptions=False
            )
        except OSError as exc:
            raise CCCError(
                "ExternalCredentialsError", "%s could not be started: %s" % (what, exc.strerror or type(exc).__name__)
            ) from None
        finally:
            for timer in timers:
                timer.cancel()
        if stopped.is_set():
            raise CCCError("ExternalCredentialsError", "%s did not finish within %g seconds" % (what, timeout))
        if code != 0:
            raise CCCError(
                "ExternalCredentialsError",
                "%s exited with status %d (its output is not shown: it may hold secrets)" % (what, code),
            )
        return out

    return run


def _stop(process, stopped) -> None:
    stopped.set()
    try:
        process.kill()
    except OSError:
        pass


def parse(output: str, what: str, secrets, now) -> Temporary:
    try:
        body = json.loads(output)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise CCCError("ExternalCredentialsError", "%s did not print a JSON object" % what)
    key_id, secret, token = (text_value(body, n) for n in ("access_key_id", "access_key_secret", "sts_token"))
    secrets.add(secret, token)
    mode = text_value(body, "mode") or ("StsToken" if token else "AK")
    if mode not in MODES:
        raise CCCError("ExternalCredentialsError", "%s printed mode %r; it must be AK or StsToken" % (what, mode[:40]))
    missing = [n for n, v in (("access_key_id", key_id), ("access_key_secret", secret)) if not v]
    if mode == "StsToken" and not token:
        missing.append("sts_token")
    if missing:
        raise CCCError("ExternalCredentialsError", "%s printed no %s" % (what, ", ".join(missing)))
    expiration = text_value(body, "expiration")
    until = parse_expiration(expiration, what) if expiration else now + NO_EXPIRY
    return Temporary(Credentials(key_id, secret, token if mode == "StsToken" else None), until)


def from_profile(context, profile, _source):
    args = split_command(text_value(profile.fields, "process_command"), profile.where)
    what = "the process_command %s of %s" % (os.path.basename(args[0]), profile.where)
    if context.run is None:
        raise CCCError("CredentialsNotFound", "%s needs to run a command, and no way to run one was given" % what)

    def fetch():
        return parse(context.run(args, what), what, context.secrets, context.now())

    return context.refreshing(fetch, "External %s" % profile.where)
