# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import (
    Credentials,
    RefreshingCredentials,
    Temporary,
    parse_expiration,
    temporary_from_reply,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import NOW


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


class Issuer:
    """Hands out key N with the given lifetime on its N-th fetch; can be told to fail."""

    def __init__(self, clock, lifetime=timedelta(hours=1)):
        self.clock = clock
        self.lifetime = lifetime
        self.count = 0
        self.fail = None

    def __call__(self):
        if self.fail:
            raise self.fail
        self.count += 1
        creds = Credentials("STS.%d" % self.count, "secret-%d" % self.count, "token-%d" % self.count)
        return Temporary(creds, self.clock() + self.lifetime)


@pytest.mark.parametrize(
    "lifetime, still_same_at, refreshed_at",
    [
        # an hour-long key is used until 3 minutes before it expires
        (timedelta(hours=1), timedelta(minutes=56, seconds=59), timedelta(minutes=57)),
        # a short key (emulator, tests) is refreshed at half its life, never signing with one about to lapse
        (timedelta(seconds=20), timedelta(seconds=9), timedelta(seconds=10)),
    ],
)
def test_temporary_keys_are_refreshed_before_they_expire(lifetime, still_same_at, refreshed_at):
    clock = Clock()
    issuer = Issuer(clock, lifetime)
    creds = RefreshingCredentials(issuer, "test", clock=clock)
    assert creds.current().access_key_id == "STS.1"
    clock.now = NOW + still_same_at
    assert creds.current().access_key_id == "STS.1"
    clock.now = NOW + refreshed_at
    assert creds.current().access_key_id == "STS.2"


def test_a_failed_refresh_keeps_the_key_while_it_is_valid_then_reports_the_error():
    clock = Clock()
    issuer = Issuer(clock)
    creds = RefreshingCredentials(issuer, "test", clock=clock)
    creds.current()
    issuer.fail = CCCError("Throttling.User", "Request was denied due to user flow control.", "REQ-1", 400)
    clock.now = NOW + timedelta(minutes=58)
    assert creds.current().access_key_id == "STS.1"
    clock.now = NOW + timedelta(minutes=61)
    with pytest.raises(CCCError) as info:
        creds.current()
    assert info.value.code == "Throttling.User" and info.value.request_id == "REQ-1"


def test_concurrent_callers_share_one_refresh():
    clock = Clock()
    calls = []

    def slow_fetch():
        calls.append(1)
        time.sleep(0.05)
        return Temporary(Credentials("STS.X", "s", "t"), clock() + timedelta(hours=1))

    creds = RefreshingCredentials(slow_fetch, "test", clock=clock)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(creds.current())) for _thread in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(seen) == 16


def test_every_secret_handed_out_is_registered_before_use():
    clock = Clock()
    secrets = Secrets()
    heard = []
    secrets.listen(heard.extend)
    creds = RefreshingCredentials(Issuer(clock), "test", clock=clock, secrets=secrets)
    creds.current()
    clock.now = NOW + timedelta(hours=2)
    creds.current()
    for value in ("secret-1", "token-1", "secret-2", "token-2"):
        assert value in heard and secrets.scrub("x %s y" % value) == "x ******** y"


@pytest.mark.parametrize(
    "body, missing",
    [
        ({"AccessKeyId": "A", "AccessKeySecret": "LEAK-S", "Expiration": "2026-12-03T09:00:00Z"}, "SecurityToken"),
        ({"AccessKeyId": "A", "AccessKeySecret": "LEAK-S", "SecurityToken": "LEAK-T"}, "Expiration"),
        ({"AccessKeySecret": "LEAK-S", "SecurityToken": "LEAK-T", "Expiration": "x"}, "AccessKeyId"),
    ],
)
def test_an_incomplete_credentials_reply_names_the_missing_field_not_the_values(body, missing):
    with pytest.raises(CCCError) as info:
        temporary_from_reply(body, "the service")
    assert info.value.code == "InvalidCredentialsResponse" and missing in info.value.message
    assert "LEAK" not in info.value.message


@pytest.mark.parametrize("text", ["2026-12-03T09:00:00Z", "2026-12-03T09:00:00.000Z"])
def test_expiration_is_read_as_utc(text):
    assert parse_expiration(text, "x") == NOW + timedelta(hours=1)
