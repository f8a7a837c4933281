# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: External profiles, whose `process_command` prints keys.

The command is split as a shell would split it but never run through a shell, with no input, and stopped
after a minute (the official libraries' limit). Its standard output is JSON: `{"mode": "AK" | "StsToken",
"access_key_id", "access_key_secret", "sts_token", "expiration"}`. Neither its output nor its error output is
ever quoted (either may hold the secret); messages name the program only, since the arguments may hold
tokens. Keys with an `expiration` are fetched again (the command run again) before they expire; any key is
fetched again when CCC says it has expired.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
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


def run(args, what: str, timeout: float = TIMEOUT) -> str:
    """The command's standard output; errors say why, never what it printed."""
    try:
        done = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            shell=False,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CCCError("ExternalCredentialsError", "%s did not finish within %g seconds" % (what, timeout)) from None
    except OSError as exc:
        raise CCCError(
            "ExternalCredentialsError", "%s could not be started: %s" % (what, exc.strerror or type(exc).__name__)
        ) from None
    if done.returncode != 0:
        raise CCCError(
            "ExternalCredentialsError",
            "%s exited with status %d (its output is not shown: it may hold secrets)" % (what, done.returncode),
        )
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise CCCError("ExternalCredentialsError", "%s printed something that is not UTF-8 text" % what) from None


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

    def fetch():
        return parse(run(args, what), what, context.secrets, context.now())

    return context.refreshing(fetch, "External %s" % profile.where)
