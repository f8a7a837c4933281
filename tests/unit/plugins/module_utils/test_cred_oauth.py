# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json
import os
import pathlib
import shutil
import stat
import tempfile
import threading
import time

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import Context
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_config_file import load_config
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_profile import build
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import (
    expiration,
    reply,
    temporary_body,
)

SITE = "https://oauth.aliyun.com"
OTHER = {"name": "other", "mode": "AK", "access_key_id": "O", "access_key_secret": "OS", "custom": [1, 2]}


def write(tmp_path, mode=0o600, **fields):
    oauth = {
        "name": "web",
        "mode": "OAuth",
        "oauth_site_type": "CN",
        "oauth_access_token": "OLD-ACCESS",
        "oauth_access_token_expire": int(time.time()) - 10,
        "oauth_refresh_token": "OLD-REFRESH",
    }
    oauth.update(fields)
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"current": "web", "profiles": [OTHER, oauth], "meta_path": "kept"}))
    os.chmod(path, mode)
    return str(path)


def provider(http, path, env=None):
    context = Context({}, env or {}, "/h", http)
    return build(context, path, load_config(path), "web"), context


def token_answers(http, rotated="NEW-REFRESH"):
    forms = []
    body = {"access_token": "NEW-ACCESS", "refresh_token": rotated, "expires_in": 3600, "token_type": "Bearer"}
    http.on("POST", SITE + "/v1/token", lambda form, headers: forms.append(form) or reply(200, body))
    return forms


def exchange_answers(http):
    seen = []
    http.on("POST", SITE + "/v1/exchange", lambda form, headers: seen.append(headers) or reply(200, temporary_body()))
    return seen


def test_a_stale_access_token_is_refreshed_and_the_rotated_pair_written_back(http, tmp_path):
    path = write(tmp_path, mode=0o640)
    forms, seen = token_answers(http), exchange_answers(http)
    found, context = provider(http, path)
    assert found.current().access_key_id == "STS.Temp1"
    assert forms == [
        {"grant_type": "refresh_token", "refresh_token": "OLD-REFRESH", "client_id": "4038181954557748008"}
    ]
    assert seen[0]["Authorization"] == "Bearer NEW-ACCESS"
    doc = json.loads(pathlib.Path(path).read_text())
    web = doc["profiles"][1]
    assert (web["oauth_refresh_token"], web["oauth_access_token"]) == ("NEW-REFRESH", "NEW-ACCESS")
    assert web["oauth_access_token_expire"] > time.time() + 3000 and web["sts_token"] == "TempToken1"
    assert doc["profiles"][0] == OTHER and doc["meta_path"] == "kept"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert not [n for n in os.listdir(tmp_path) if n != "config.json"]
    assert {"OLD-REFRESH", "NEW-REFRESH", "NEW-ACCESS", "TempSecret1"} <= set(context.secrets.forms())


def test_an_access_token_with_more_than_twenty_minutes_left_is_exchanged_as_it_is(http, tmp_path):
    path = write(tmp_path, oauth_access_token_expire=int(time.time()) + 21 * 60)
    seen = exchange_answers(http)
    provider(http, path)[0].current()
    assert seen[0]["Authorization"] == "Bearer OLD-ACCESS" and SITE + "/v1/token" not in http.urls()


def test_keys_an_earlier_task_exchanged_are_reused_until_renewed(http, tmp_path):
    cached = {"access_key_id": "CACHED", "access_key_secret": "CS", "sts_token": "CT"}
    path = write(tmp_path, sts_expiration=int(time.time()) + 3600, **cached)
    found, _context = provider(http, path)
    assert found.current().access_key_id == "CACHED" and http.calls == []
    token_answers(http)
    exchange_answers(http)
    assert found.renew(found.current()) and found.current().access_key_id == "STS.Temp1"


def test_a_refused_refresh_asks_the_user_to_sign_in_again(http, tmp_path):
    path = write(tmp_path)
    http.on("POST", SITE + "/v1/token", reply(400, {"error": "invalid_grant", "error_description": "OLD-REFRESH"}))
    with pytest.raises(CCCError) as info:
        provider(http, path)[0].current()
    assert info.value.code == "OAuthError" and "aliyun configure --profile web --mode OAuth" in info.value.message
    assert "OLD-REFRESH" not in info.value.message and "invalid_grant" in info.value.message


def test_a_failed_exchange_still_writes_the_rotated_refresh_token(http, tmp_path):
    path = write(tmp_path)
    token_answers(http)
    http.on("POST", SITE + "/v1/exchange", reply(401, {"error": "invalid_token"}))
    with pytest.raises(CCCError):
        provider(http, path)[0].current()
    assert json.loads(pathlib.Path(path).read_text())["profiles"][1]["oauth_refresh_token"] == "NEW-REFRESH"


NOBODY = 65534


def as_unprivileged(check):
    """``check()`` as a user that file modes bind: here, or in a forked child that has dropped root, since
    root may write any file whatever its mode. Returns what ``check`` returns (JSON-able)."""
    if os.geteuid() != 0:
        return check()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            out = {"result": check()}
        except BaseException as exc:  # everything the child meets goes back to the test
            out = {"raised": repr(exc)}
        os.write(write_end, json.dumps(out).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        out = json.loads(pipe.read() or b"{}")
    os.waitpid(pid, 0)
    assert "result" in out, out
    return out["result"]


def test_a_file_that_cannot_be_written_is_refused_before_the_refresh_token_is_spent(http):
    # A directory of its own that the unprivileged user can reach; the file and its directory read-only to it.
    home = pathlib.Path(tempfile.mkdtemp(prefix="ccc-oauth-"))
    os.chmod(home, 0o755)
    folder = home / "aliyun"
    folder.mkdir()
    path = write(folder, mode=0o400)
    if os.geteuid() == 0:
        for owned in (folder, path):
            os.chown(owned, NOBODY, NOBODY)
    os.chmod(folder, 0o500)

    def check():
        try:
            provider(http, path)[0].current()
        except CCCError as exc:
            return {"code": exc.code, "calls": len(http.calls)}
        return {"code": None, "calls": len(http.calls)}

    try:
        outcome = as_unprivileged(check)
    finally:
        os.chmod(folder, 0o700)
        shutil.rmtree(home)
    assert outcome == {"code": "CredentialsFileError", "calls": 0}


def test_tasks_side_by_side_refresh_once(http, tmp_path):
    path = write(tmp_path)
    forms = token_answers(http)
    exchange_answers(http)
    errors = []

    def one_task():
        try:
            provider(http, path)[0].current()
        except CCCError as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=one_task) for _n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # the first task refreshed and stored keys; the others found fresh tokens and kept keys in the file
    assert errors == [] and len(forms) == 1


def test_the_test_variable_moves_the_service(http, tmp_path):
    path = write(tmp_path, oauth_access_token_expire=int(time.time()) + 7200)
    http.on("POST", "http://127.0.0.1:9/v1/exchange", reply(200, dict(temporary_body(), Expiration=expiration(60))))
    provider(http, path, {"ALIBABACLOUD_CCC_OAUTH_ENDPOINT": "http://127.0.0.1:9"})[0].current()
    assert http.urls() == ["http://127.0.0.1:9/v1/exchange"]


def test_an_unknown_site_type_is_refused(http, tmp_path):
    with pytest.raises(CCCError) as info:
        provider(http, write(tmp_path, oauth_site_type="EU"))
    assert "CN or INTL" in info.value.message
