# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the aliyun CLI's `config.json`, read, and one profile of it
updated in place.

Reading never quotes the file (it holds secrets). Updating is what OAuth profiles need, as the CLI does it:
under an exclusive lock on the file, read it afresh (another task may have just rotated the tokens), change
one profile, write a temporary file beside it with the same mode and replace the original with it, so a
reader sees the old file or the new one, never half of one, and every other profile is kept as it was.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import read_secret_file, text_value
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError

# ALIBABA_CLOUD_CONFIG_FILE is the Go credentials library's; ALICLOUD_SHARED_CREDENTIALS_FILE is the one
# Terraform's alicloud provider and alibaba.alicloud read.
PATH_ENV = ("ALIBABA_CLOUD_CONFIG_FILE", "ALICLOUD_SHARED_CREDENTIALS_FILE")


def config_file_path(env, home: str) -> str:
    for name in PATH_ENV:
        if text_value(env, name):
            return os.path.expanduser(text_value(env, name).strip())
    return os.path.join(home, ".aliyun", "config.json")


def parse_config(text: str, path: str) -> dict:
    try:
        config = json.loads(text)
    except ValueError as exc:
        raise CCCError(
            "CredentialsFileError",
            "the aliyun CLI config file %s is not valid JSON (line %d, column %d)" % (path, exc.lineno, exc.colno),
        ) from None
    if not isinstance(config, dict) or not isinstance(config.get("profiles", []), list):
        raise CCCError(
            "CredentialsFileError",
            "the aliyun CLI config file %s does not have the expected layout (an object with a 'profiles' list)" % path,
        )
    return config


def load_config(path: str) -> dict:
    return parse_config(read_secret_file(path, "the aliyun CLI config file"), path)


def profile_names(config) -> list[str]:
    return [str(p.get("name")) for p in config.get("profiles") or [] if isinstance(p, dict)]


def find_profile(config, name):
    for profile in config.get("profiles") or []:
        if isinstance(profile, dict) and profile.get("name") == name:
            return profile
    return None


def writable(path: str) -> bool:
    """Whether the file can be replaced: written beside it, then renamed over it."""
    return os.access(path, os.W_OK) and os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)


def check_writable(path: str, why: str) -> None:
    if not writable(path):
        raise CCCError(
            "CredentialsFileError", "%s must be written back to %s, which this user cannot write" % (why, path)
        )


def update_profile(path: str, name: str, change):
    """Call `change(profile) -> (result, changed)` on the profile `name` read afresh under an exclusive lock,
    write the file back when `changed`, and return `result`. Errors name the path, never the content."""
    handle = _locked(path)
    try:
        config = load_config(path)
        profile = find_profile(config, name)
        if profile is None:
            raise CCCError("ProfileNotFound", "profile '%s' is no longer in %s" % (name, path))
        result, changed = change(profile)
        if changed:
            _replace(path, json.dumps(config, indent=4, ensure_ascii=False) + "\n")
        return result
    finally:
        handle.close()


def _locked(path: str):
    # The file is replaced on every write, so the lock taken may be on a file that is no longer the one at
    # `path`: take it again until the locked file is the current one.
    for _attempt in range(20):
        try:
            handle = open(path, "rb")  # noqa: SIM115 - held until update_profile closes it
        except OSError as exc:
            raise CCCError(
                "CredentialsFileError", "cannot open %s: %s" % (path, exc.strerror or type(exc).__name__)
            ) from None
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            if os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino:
                return handle
        except OSError:
            pass
        handle.close()
    raise CCCError("CredentialsFileError", "%s kept being replaced while it was being locked" % path)


def _replace(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".config.json.")
    except OSError as exc:
        raise CCCError(
            "CredentialsFileError", "cannot write beside %s: %s" % (path, exc.strerror or type(exc).__name__)
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            os.fchmod(out.fileno(), mode)
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise CCCError(
            "CredentialsFileError", "cannot write %s: %s" % (path, exc.strerror or type(exc).__name__)
        ) from None
