# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator's CloudSSO and OAuth routes and its slow IMDSv2 token, checked with the official
`alibabacloud-credentials` providers as the clients: the keys they get work on the CCC side, each route is
counted, and the OAuth refresh token rotates (a spent one is refused)."""

from __future__ import annotations

import time

import pytest
from acs_signer import Caller
from alibabacloud_credentials.provider import (
    CloudSSOCredentialsProvider,
    EcsRamRoleCredentialsProvider,
    OAuthCredentialsProvider,
)
from alibabacloud_credentials.utils import auth_util

LIST = {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "10"}
CN_CLIENT = "4038181954557748008"
# Any connection to an address that is not loopback fails the test (conftest.py).
pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.fixture
def ident(api):
    assert api.control("POST", "/_emulator/identity", {}).status == 200
    yield api
    api.control("POST", "/_emulator/identity", {})


def counters(api) -> dict:
    return api.control("GET", "/_emulator/identity").json()["counters"]


def works_on_ccc(port, credentials) -> bool:
    caller = Caller(port)
    try:
        triple = (
            credentials.get_access_key_id(),
            credentials.get_access_key_secret(),
            credentials.get_security_token(),
        )
        return caller.v3("ListPhoneNumbers", LIST, triple).status == 200
    finally:
        caller.close()


def sso(port, token="EmuSsoAccessToken0001", access_config="ac-ccc-emulator"):
    return CloudSSOCredentialsProvider(
        sign_in_url=f"http://127.0.0.1:{port}/device/login",
        account_id="1234567890123456",
        access_config=access_config,
        access_token=token,
        access_token_expire=int(time.time()) + 3600,
    )


def test_cloud_sso_hands_out_keys_that_work_on_ccc(ident, emulator_port):
    assert works_on_ccc(emulator_port, sso(emulator_port).get_credentials())
    assert counters(ident) == {"cloud_sso": 1, "issued": 1}


@pytest.mark.parametrize("kwargs, status", [({"token": "stale"}, "401"), ({"access_config": "ac-other"}, "403")])
def test_cloud_sso_refuses_a_wrong_token_or_access_configuration(ident, emulator_port, kwargs, status):
    with pytest.raises(Exception, match=f"http_code: {status}"):
        sso(emulator_port, **kwargs).get_credentials()
    assert counters(ident)["cloud_sso_refused"] == 1


def test_oauth_refreshes_rotating_the_refresh_token_then_exchanges(ident, emulator_port):
    written = []
    provider = OAuthCredentialsProvider(
        client_id=CN_CLIENT,
        sign_in_url=f"http://127.0.0.1:{emulator_port}",
        access_token="expired",
        access_token_expire=int(time.time()) - 1,
        refresh_token="EmuOAuthRefresh0001",
        token_update_callback=lambda refresh, *rest: written.append(refresh),
    )
    assert works_on_ccc(emulator_port, provider.get_credentials())
    assert written and written[0] != "EmuOAuthRefresh0001"
    assert counters(ident) == {"oauth_token": 1, "oauth_exchange": 1, "issued": 1}
    spent = OAuthCredentialsProvider(
        client_id=CN_CLIENT,
        sign_in_url=f"http://127.0.0.1:{emulator_port}",
        access_token=None,
        refresh_token="EmuOAuthRefresh0001",
    )
    with pytest.raises(Exception, match="status code: 400"):
        spent.get_credentials()


def test_oauth_exchange_accepts_the_configured_access_token(ident, emulator_port):
    provider = OAuthCredentialsProvider(
        client_id=CN_CLIENT,
        sign_in_url=f"http://127.0.0.1:{emulator_port}",
        access_token="EmuOAuthAccess0001",
        access_token_expire=int(time.time()) + 7200,
        refresh_token="EmuOAuthRefresh0001",
    )
    assert works_on_ccc(emulator_port, provider.get_credentials())
    assert counters(ident) == {"oauth_exchange": 1, "issued": 1}


def test_a_slow_token_request_leaves_the_official_provider_on_v1_reads(ident, emulator_port, monkeypatch):
    ident.control("POST", "/_emulator/identity", {"metadata": {"imds": "token-slow"}})
    monkeypatch.setattr(auth_util, "environment_ecs_metadata_disabled", "false")
    provider = EcsRamRoleCredentialsProvider(async_update_enabled=False)
    provider._EcsRamRoleCredentialsProvider__metadata_service_host = f"127.0.0.1:{emulator_port}"
    assert works_on_ccc(emulator_port, provider.get_credentials())
    seen = counters(ident)
    assert seen["metadata_token_slow"] >= 1 and seen["metadata_v1_read"] >= 2 and "metadata_v2_read" not in seen
