# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._options import (
    build_settings,
    connection_argument_spec,
    endpoint_for_region,
    parse_endpoint,
)

KEYS = {"access_key_id": "ID", "access_key_secret": "SECRET"}


@pytest.mark.parametrize(
    "region, host",
    [
        ("cn-shanghai", "ccc.cn-shanghai.aliyuncs.com"),
        ("cn-beijing", "ccc.aliyuncs.com"),
        ("ap-southeast-1", "ccc.aliyuncs.com"),
        ("cn-hongkong", "ccc.aliyuncs.com"),
        ("eu-central-1", "ccc.aliyuncs.com"),
        ("us-east-1", "ccc.aliyuncs.com"),
        ("cn-shenzhen-finance-1", "ccc.aliyuncs.com"),
        ("cn-hangzhou", "ccc.cn-hangzhou.aliyuncs.com"),
        ("ap-northeast-2", "ccc.ap-northeast-2.aliyuncs.com"),
    ],
)
def test_endpoint_follows_the_sdk_region_map(region, host):
    assert endpoint_for_region(region) == host


@pytest.mark.parametrize("region", ["CN-Shanghai", "cn shanghai", "cn-shanghai.evil.com", "", "-cn"])
def test_region_that_is_not_a_region_id_is_refused(region):
    with pytest.raises(CCCError) as info:
        endpoint_for_region(region)
    assert info.value.code == "InvalidOption"


@pytest.mark.parametrize(
    "value, url, host",
    [
        ("ccc.cn-shanghai.aliyuncs.com", "https://ccc.cn-shanghai.aliyuncs.com", "ccc.cn-shanghai.aliyuncs.com"),
        ("https://ccc.example.internal", "https://ccc.example.internal", "ccc.example.internal"),
        ("https://ccc.example.internal/", "https://ccc.example.internal", "ccc.example.internal"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("HTTPS://localhost:8443", "https://localhost:8443", "localhost:8443"),
        ("http://[::1]:9000", "http://[::1]:9000", "[::1]:9000"),
    ],
)
def test_endpoint_accepts_a_host_name_or_an_http_url(value, url, host):
    assert parse_endpoint(value) == (url, host)


@pytest.mark.parametrize(
    "value, words",
    [
        ("ftp://ccc.example.com", "scheme 'ftp'"),
        ("https://ccc.example.com/api", "path, query or fragment"),
        ("https://ccc.example.com/?Action=x", "path, query or fragment"),
        ("https://ccc.example.com#frag", "path, query or fragment"),
        ("https://ccc.example.com?", "path, query or fragment"),
        ("https://user:pw@ccc.example.com", "user information"),
        ("https://ccc.example.com:99999", "invalid port"),
        ("https://ccc.example.com:0", "invalid port"),
        ("https://ccc.example.com:http", "invalid port"),
        ("ccc.example.com:8080", "not a host name"),
        ("ccc example.com", "spaces"),
        (" ccc.example.com", "spaces"),
        ("", "empty"),
        ("https://", "no valid host name"),
        ("https://bad_host!", "no valid host name"),
        ("ccc.example.com/path", "not a host name"),
    ],
)
def test_endpoint_refuses_anything_else_with_a_reason(value, words):
    with pytest.raises(CCCError) as info:
        parse_endpoint(value)
    assert info.value.code == "InvalidOption"
    assert words in info.value.message


def test_endpoint_error_does_not_echo_user_information():
    with pytest.raises(CCCError) as info:
        parse_endpoint("https://user:hunter2@ccc.example.com")
    assert "hunter2" not in str(info.value)


def test_argument_spec_marks_secrets_no_log_and_sets_defaults():
    spec = connection_argument_spec()
    assert spec["access_key_secret"]["no_log"] is True
    assert spec["security_token"]["no_log"] is True
    assert spec["access_key_id"]["no_log"] is False
    assert spec["signature_version"] == {"type": "str", "choices": ["v3", "v1"], "default": "v3"}
    assert spec["validate_certs"]["default"] is True
    assert spec["timeout"]["default"] == 30.0 and spec["max_retries"]["default"] == 5
    assert connection_argument_spec() is not spec


def test_settings_default_to_the_region_endpoint_over_https():
    settings = build_settings(dict(KEYS, region="cn-beijing"), {}, "/nonexistent")
    assert settings.endpoint_url == "https://ccc.aliyuncs.com"
    assert settings.host == "ccc.aliyuncs.com"
    assert settings.region == "cn-beijing"
    assert (settings.signature_version, settings.timeout, settings.max_retries, settings.validate_certs) == (
        "v3",
        30.0,
        5,
        True,
    )
    assert build_settings(KEYS, {}, "/nonexistent").host == "ccc.cn-shanghai.aliyuncs.com"


def test_explicit_endpoint_wins_over_the_region():
    settings = build_settings(dict(KEYS, region="cn-beijing", endpoint="http://127.0.0.1:1234"), {}, "/x")
    assert (settings.endpoint_url, settings.host) == ("http://127.0.0.1:1234", "127.0.0.1:1234")


def test_region_from_the_environment_picks_the_endpoint():
    settings = build_settings(KEYS, {"ALIBABA_CLOUD_REGION_ID": "us-east-1"}, "/x")
    assert settings.host == "ccc.aliyuncs.com"


@pytest.mark.parametrize(
    "change, words",
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1.5}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"endpoint": "gopher://x"}, "scheme"),
        ({"region": "Not A Region"}, "region"),
    ],
)
def test_invalid_connection_options_fail_before_any_request(change, words):
    with pytest.raises(CCCError) as info:
        build_settings(dict(KEYS, **change), {}, "/x")
    assert info.value.code == "InvalidOption" and words in info.value.message
