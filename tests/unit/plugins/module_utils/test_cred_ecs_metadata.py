# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_ecs_metadata import (
    DEFAULT_ENDPOINT,
    endpoint,
    fetcher,
    is_disabled,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import reply, temporary_body

META = "http://127.0.0.1:9"
TOKEN_URL = META + "/latest/api/token"
ROLES_URL = META + "/latest/meta-data/ram/security-credentials/"
CREDS = dict(temporary_body(), Code="Success", LastUpdated="2026-12-03T08:00:00Z")


def v2_only(answer):
    """The metadata service in v2-required mode: reads without the token header get 401."""

    def route(form, headers):
        if headers.get("X-aliyun-ecs-metadata-token") != "meta-token":
            return reply(401, text="")
        return answer

    return route


def test_the_address_is_the_real_one_unless_the_test_variable_moves_it():
    assert DEFAULT_ENDPOINT == "http://100.100.100.200"
    assert endpoint({}) == DEFAULT_ENDPOINT
    assert endpoint({"ALIBABACLOUD_CCC_METADATA_ENDPOINT": META}) == META
    # the official variable that names the role does not move the address
    assert endpoint({"ALIBABA_CLOUD_ECS_METADATA": "http://127.0.0.1:1"}) == DEFAULT_ENDPOINT


@pytest.mark.parametrize("value, disabled", [("true", True), ("TRUE", True), ("false", False), ("", False)])
def test_the_provider_can_be_turned_off(value, disabled):
    assert is_disabled({"ALIBABA_CLOUD_ECS_METADATA_DISABLED": value}) is disabled


def test_imdsv2_token_is_asked_for_then_sent_with_every_read(http):
    http.on("PUT", TOKEN_URL, reply(200, text="meta-token"))
    http.on("GET", ROLES_URL, v2_only(reply(200, text="ccc-role\n")))
    http.on("GET", ROLES_URL + "ccc-role", v2_only(reply(200, CREDS)))
    secrets = Secrets()
    temporary = fetcher(http, META, secrets=secrets)()
    assert temporary.credentials.access_key_id == "STS.Temp1"
    assert http.calls[0]["headers"] == {"X-aliyun-ecs-metadata-token-ttl-seconds": "21600"}
    assert all(call["timeout"] == (1.0, 1.0) for call in http.calls)
    assert "meta-token" in secrets.forms() and "TempSecret1" in secrets.forms()


def test_a_named_role_skips_discovery(http):
    http.on("PUT", TOKEN_URL, reply(200, text="meta-token"))
    http.on("GET", ROLES_URL + "named", reply(200, CREDS))
    fetcher(http, META, "named")()
    assert http.urls() == [TOKEN_URL, ROLES_URL + "named"]


@pytest.mark.parametrize("status", [403, 404, 405])
def test_v1_reads_follow_a_refused_token_request(http, status):
    http.on("PUT", TOKEN_URL, reply(status, text=""))
    http.on("GET", ROLES_URL + "r", reply(200, CREDS))
    assert fetcher(http, META, "r")().credentials.access_key_id == "STS.Temp1"
    assert "X-aliyun-ecs-metadata-token" not in http.calls[1]["headers"]


def test_imdsv1_disabled_refuses_the_fallback(http):
    http.on("PUT", TOKEN_URL, reply(403, text=""))
    with pytest.raises(CCCError) as info:
        fetcher(http, META, "r", v1_allowed=False)()
    assert "ALIBABA_CLOUD_IMDSV1_DISABLED" in info.value.message and len(http.calls) == 1


@pytest.mark.parametrize("code", ["ReadTimeout", "ConnectTimeout", "ConnectionError"])
def test_a_token_request_that_times_out_falls_back_to_v1_reads(http, code):
    # As the official libraries do: an instance whose token path hangs still answers v1 reads.
    http.on("PUT", TOKEN_URL, CCCError(code, "http://127.0.0.1:9 sent no reply within 1.0s"))
    http.on("GET", ROLES_URL, reply(200, text="r"))
    http.on("GET", ROLES_URL + "r", reply(200, dict(temporary_body(), Code="Success")))
    assert fetcher(http, META)().credentials.access_key_id == "STS.Temp1"
    assert [call["headers"] for call in http.calls[1:]] == [{}, {}]


def test_a_token_request_that_times_out_fails_when_v1_is_disabled(http):
    http.on("PUT", TOKEN_URL, CCCError("ReadTimeout", "http://127.0.0.1:9 sent no reply within 1.0s"))
    with pytest.raises(CCCError) as info:
        fetcher(http, META, "r", v1_allowed=False)()
    assert info.value.code == "ReadTimeout" and len(http.calls) == 1


@pytest.mark.parametrize(
    "route, answer, words",
    [
        (ROLES_URL, reply(404, text=""), ["no RAM role is attached"]),
        (ROLES_URL, reply(200, text=""), ["no RAM role is attached"]),
        (ROLES_URL, reply(500, text="oops"), ["HTTP 500"]),
    ],
)
def test_metadata_problems_are_named(http, route, answer, words):
    http.on("PUT", TOKEN_URL, reply(200, text="meta-token"))
    http.on("GET", route, answer)
    with pytest.raises(CCCError) as info:
        fetcher(http, META)()
    assert info.value.code == "EcsMetadataError"
    for word in words:
        assert word in info.value.message
    assert "meta-token" not in info.value.message


def test_a_credentials_reply_without_code_success_is_refused(http):
    http.on("PUT", TOKEN_URL, reply(200, text="meta-token"))
    http.on("GET", ROLES_URL + "r", reply(200, dict(CREDS, Code="Failed")))
    with pytest.raises(CCCError):
        fetcher(http, META, "r")()
