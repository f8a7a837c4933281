# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.alibabacloud.ccc.plugins.module_utils._signing import (
    UNRESERVED,
    canonical_headers,
    canonical_query,
    format_timestamp,
    percent_encode,
    sign_v1,
    sign_v3,
    v1_steps,
    v3_steps,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "signing"

# The order the spec computes things in; the first mismatch in this order is the one reported.
V3_ORDER = (
    "canonical_query",
    "signed_headers",
    "hashed_payload",
    "canonical_request",
    "hashed_canonical_request",
    "string_to_sign",
    "signature",
    "authorization",
)
V1_ORDER = ("canonical_query", "string_to_sign", "signature")


def load_vector(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def first_difference(actual: dict, expected: dict, order: tuple) -> str | None:
    for step in order:
        if step in expected and actual[step] != expected[step]:
            return "first intermediate that differs: %s\n  expected: %r\n  actual:   %r" % (
                step,
                expected[step],
                actual[step],
            )
    return None


def v3_intermediates(case: dict) -> dict:
    req = case["request"]
    steps = v3_steps(
        access_key_id=req["access_key_id"],
        access_key_secret=req["access_key_secret"],
        security_token=req["security_token"],
        host=req["host"],
        action=req["action"],
        params=req["params"],
        version=req["version"],
        method=req["method"],
        path=req["path"],
        body=req["body"].encode("utf-8"),
        timestamp=datetime.strptime(req["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
        nonce=req["nonce"],
    )
    return dict(steps._asdict())


def v3_expected(case: dict) -> dict:
    expected = dict(case["expected"])
    expected["canonical_request"] = "\n".join(expected.pop("canonical_request_lines"))
    return expected


def v1_intermediates(case: dict) -> dict:
    req = case["request"]
    return dict(
        v1_steps(access_key_secret=req["access_key_secret"], params=req["params"], method=req["method"])._asdict()
    )


VECTORS = [
    ("v3_published_runinstances.json", v3_intermediates, v3_expected, V3_ORDER),
    ("v1_published_describeregions.json", v1_intermediates, lambda case: case["expected"], V1_ORDER),
]


@pytest.mark.parametrize("name, compute, expect, order", VECTORS, ids=[v[0] for v in VECTORS])
def test_published_vector_matches_every_intermediate(name, compute, expect, order):
    case = load_vector(name)
    problem = first_difference(compute(case), expect(case), order)
    assert problem is None, problem


@pytest.mark.parametrize("name, compute, expect, order", VECTORS, ids=[v[0] for v in VECTORS])
def test_vector_check_names_the_first_intermediate_that_differs(name, compute, expect, order):
    # A wrong secret leaves the canonical forms intact and breaks the signature first.
    case = load_vector(name)
    case["request"]["access_key_secret"] = "not-the-secret"
    problem = first_difference(compute(case), expect(case), order)
    assert problem is not None and problem.splitlines()[0].endswith(": signature")
    # A different parameter value breaks the very first step.
    case = load_vector(name)
    key = sorted(case["request"]["params"])[0]
    case["request"]["params"][key] += "x"
    problem = first_difference(compute(case), expect(case), order)
    assert problem is not None and problem.splitlines()[0].endswith(": canonical_query")


@pytest.mark.parametrize(
    "raw, encoded",
    [
        ("abcXYZ019-_.~", "abcXYZ019-_.~"),
        ("a b", "a%20b"),
        ("/", "%2F"),
        ("+", "%2B"),
        ('"', "%22"),
        ("[", "%5B"),
        (",", "%2C"),
        ("*", "%2A"),
        ("=&", "%3D%26"),
        ("中文", "%E4%B8%AD%E6%96%87"),
        ('["057112345678","057112345679"]', "%5B%22057112345678%22%2C%22057112345679%22%5D"),
        ("\U0001f4de", "%F0%9F%93%9E"),
    ],
)
def test_percent_encode_follows_rfc3986_on_utf8_bytes(raw, encoded):
    assert percent_encode(raw) == encoded


@given(st.text())
def test_percent_encode_round_trips_through_unquote(value):
    assert unquote(percent_encode(value), encoding="utf-8", errors="strict") == value


@given(st.text())
def test_percent_encode_leaves_only_unreserved_characters_and_upper_hex_escapes(value):
    assert re.fullmatch(r"(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*", percent_encode(value))


@given(st.text(alphabet=UNRESERVED))
def test_percent_encode_keeps_unreserved_text_unchanged(value):
    assert percent_encode(value) == value


params_strategy = st.dictionaries(st.text(min_size=1), st.text(), max_size=8)


@given(params_strategy, st.randoms())
def test_canonical_query_does_not_depend_on_parameter_order(params, rnd):
    items = list(params.items())
    rnd.shuffle(items)
    assert canonical_query(dict(items)) == canonical_query(params)


@given(params_strategy)
def test_canonical_query_decodes_back_to_the_sorted_parameters(params):
    query = canonical_query(params)
    pairs = [pair.split("=") for pair in query.split("&")] if query else []
    assert all(len(pair) == 2 for pair in pairs)
    decoded = [(unquote(name), unquote(value)) for name, value in pairs]
    assert decoded == sorted(params.items())


header_value = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E))


@given(
    st.dictionaries(st.sampled_from(["host", "x-acs-action", "x-acs-date", "x-acs-version"]), header_value, min_size=1),
    st.booleans(),
)
def test_canonical_headers_ignore_name_case_and_surrounding_spaces(headers, upper):
    noisy = {(name.upper() if upper else name.title()): "  %s \t" % value for name, value in headers.items()}
    assert canonical_headers(noisy) == canonical_headers(headers)


def test_canonical_headers_sign_host_and_acs_headers_only():
    canon, signed = canonical_headers({"Host": "h", "X-Acs-Date": "d", "User-Agent": "ua", "Accept": "*/*"})
    assert signed == "host;x-acs-date"
    assert canon == "host:h\nx-acs-date:d\n"


V3_BASE = dict(
    access_key_id="LTAIkey",
    access_key_secret="secret",
    security_token=None,
    host="ccc.cn-shanghai.aliyuncs.com",
    action="ListPhoneNumbers",
    params={"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "100"},
    timestamp=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    nonce="nonce-1",
)


def test_v3_headers_carry_the_ccc_version_and_the_request_clock():
    headers = sign_v3(**V3_BASE)
    assert headers["x-acs-version"] == "2020-07-01"
    assert headers["x-acs-date"] == "2026-01-02T03:04:05Z"
    assert headers["x-acs-signature-nonce"] == "nonce-1"
    assert headers["Authorization"].startswith("ACS3-HMAC-SHA256 Credential=LTAIkey,SignedHeaders=")


def test_v3_sts_token_is_sent_and_signed():
    plain = v3_steps(**V3_BASE)
    sts = v3_steps(**{**V3_BASE, "security_token": "tok"})
    assert "x-acs-security-token" in sts.signed_headers.split(";")
    assert sts.headers["x-acs-security-token"] == "tok"
    assert "x-acs-security-token" not in plain.headers
    assert sts.signature != plain.signature


@pytest.mark.parametrize(
    "change",
    [
        {"nonce": "nonce-2"},
        {"timestamp": datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC)},
        {"params": {"InstanceId": "ccc-demo", "PageNumber": "2", "PageSize": "100"}},
        {"action": "AddPhoneNumbers"},
        {"access_key_secret": "other"},
    ],
)
def test_v3_signature_covers_nonce_clock_params_action_and_secret(change):
    assert v3_steps(**{**V3_BASE, **change}).signature != v3_steps(**V3_BASE).signature


@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=5))
@settings(max_examples=50)
def test_v3_unicode_parameters_are_signed_over_their_encoded_form(params):
    steps = v3_steps(**{**V3_BASE, "params": params})
    assert steps.canonical_request.split("\n")[2] == canonical_query(params)
    assert all(ord(ch) < 128 for ch in steps.canonical_request)


V1_BASE = dict(
    access_key_id="LTAIkey",
    access_key_secret="secret",
    security_token=None,
    action="AddPhoneNumbers",
    params={"InstanceId": "ccc-demo", "Usage": "Inbound", "NumberList": '["0571 1/+,中"]'},
    timestamp=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    nonce="nonce-1",
)


def test_v1_params_carry_the_common_parameters_and_a_verifiable_signature():
    signed = sign_v1(**V1_BASE)
    assert signed["Format"] == "JSON"
    assert signed["SignatureMethod"] == "HMAC-SHA1"
    assert signed["SignatureVersion"] == "1.0"
    assert signed["Version"] == "2020-07-01"
    assert signed["Timestamp"] == "2026-01-02T03:04:05Z"
    assert "SecurityToken" not in signed
    unsigned = {k: v for k, v in signed.items() if k != "Signature"}
    assert v1_steps(access_key_secret="secret", params=unsigned).signature == signed["Signature"]
    assert v1_steps(access_key_secret="secret", params=unsigned).string_to_sign.startswith("POST&%2F&")


def test_v1_sts_token_is_a_signed_parameter():
    signed = sign_v1(**{**V1_BASE, "security_token": "tok"})
    assert signed["SecurityToken"] == "tok"
    assert signed["Signature"] != sign_v1(**V1_BASE)["Signature"]


def test_v1_refuses_business_parameters_that_shadow_signing_parameters():
    with pytest.raises(ValueError, match="Signature|AccessKeyId"):
        sign_v1(**{**V1_BASE, "params": {"AccessKeyId": "other"}})


@pytest.mark.parametrize(
    "moment, text",
    [
        (datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "2026-01-02T03:04:05Z"),
        (datetime(2026, 1, 2, 11, 4, 5, tzinfo=timezone(timedelta(hours=8))), "2026-01-02T03:04:05Z"),
        (datetime(2026, 1, 2, 3, 4, 5, 999999), "2026-01-02T03:04:05Z"),
    ],
)
def test_timestamps_are_utc_seconds(moment, text):
    assert format_timestamp(moment) == text
