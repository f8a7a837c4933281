# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json
import time

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import Context
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_profile import build
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import reply, temporary_body

URL = "http://127.0.0.1:9/cloud-credentials"


def profile(**fields):
    base = {
        "name": "sso",
        "mode": "CloudSSO",
        "cloud_sso_sign_in_url": "http://127.0.0.1:9/device/login?x=1",
        "cloud_sso_account_id": "1234",
        "cloud_sso_access_config": "ac-1",
        "access_token": "SSO-ACCESS-TOKEN",
        "cloud_sso_access_token_expire": int(time.time()) + 3600,
    }
    return {"profiles": [dict(base, **fields)]}


def provider(http, config):
    context = Context({}, {}, "/h", http)
    return build(context, "/cfg.json", config, "sso"), context


def test_the_access_token_is_traded_at_the_sign_in_host_for_temporary_keys(http):
    sent = []
    http.on(
        "POST",
        URL,
        lambda form, headers: sent.append((form, headers)) or reply(200, {"CloudCredential": temporary_body()}),
    )
    found, context = provider(http, profile())
    assert found.current().access_key_id == "STS.Temp1"
    body, headers = sent[0]
    assert json.loads(body) == {"AccountId": "1234", "AccessConfigurationId": "ac-1"}
    assert headers["Authorization"] == "Bearer SSO-ACCESS-TOKEN" and headers["Content-Type"] == "application/json"
    assert {"SSO-ACCESS-TOKEN", "TempSecret1", "TempToken1"} <= set(context.secrets.forms())


@pytest.mark.parametrize("expire", [0, int(time.time()) - 5])
def test_an_expired_access_token_asks_the_user_to_sign_in_again_without_a_request(http, expire):
    with pytest.raises(CCCError) as info:
        provider(http, profile(cloud_sso_access_token_expire=expire))[0].current()
    assert info.value.code == "CloudSSOTokenExpired" and http.calls == []
    assert "aliyun configure --profile sso --mode CloudSSO" in info.value.message


def test_a_refusal_keeps_its_code_and_never_echoes_the_token(http):
    body = {"RequestId": "R-1", "Code": "InvalidAccessToken", "Message": "bad token SSO-ACCESS-TOKEN"}
    http.on("POST", URL, reply(401, body))
    with pytest.raises(CCCError) as info:
        provider(http, profile())[0].current()
    assert (info.value.code, info.value.request_id, info.value.http_status) == ("InvalidAccessToken", "R-1", 401)
    assert "SSO-ACCESS-TOKEN" not in str(info.value)


def test_a_sign_in_url_that_is_not_http_is_refused(http):
    with pytest.raises(CCCError) as info:
        provider(http, profile(cloud_sso_sign_in_url="ftp://x"))
    assert info.value.code == "InvalidOption" and "cloud_sso_sign_in_url" in info.value.message
