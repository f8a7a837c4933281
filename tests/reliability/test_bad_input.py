# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Bad input is refused with a message that names the problem, before a single request is sent."""

from __future__ import annotations

import json
import re

import pytest
from _harness import connection, run_playbook, seed, unquoted
from ccc_emulator.launcher import DEMO_KEY

GOOD = "057100000001"
DROP = object()


def _profile(text: str | bytes | None = None, directory: bool = False):
    """A setup step that writes ~/.aliyun/config.json (or a directory in its place)."""

    def setup(home):
        folder = home / ".aliyun"
        folder.mkdir(exist_ok=True)
        target = folder / "config.json"
        if directory:
            target.mkdir()
        elif text is not None:
            target.write_bytes(text if isinstance(text, bytes) else text.encode())

    return setup


def _profiles(*profiles) -> str:
    return json.dumps({"current": profiles[0]["name"], "profiles": list(profiles)})


AK_PROFILE = {
    "name": "dev",
    "mode": "AK",
    "access_key_id": DEMO_KEY.access_key_id,
    "access_key_secret": DEMO_KEY.access_key_secret,
    "region_id": "cn-shanghai",
}
NO_KEYS = {"access_key_id": DROP, "access_key_secret": DROP}

# id -> (option overrides, regexes the message must all match, setup(home) or None, extra env)
CASES = {
    "number-with-dashes": ({"numbers": ["0571-0000-0001"]}, [r"number", r"0571-0000-0001"], None, {}),
    "number-with-letters": ({"numbers": ["CALLME"]}, [r"number", r"CALLME"], None, {}),
    "number-shell-injection": ({"numbers": [GOOD + "; rm -rf /"]}, [r"number", r"rm -rf"], None, {}),
    "number-json-injection": ({"numbers": [GOOD + '","057100000002']}, [r"number"], None, {}),
    "number-query-injection": ({"numbers": [GOOD + "&Action=RemovePhoneNumbers"]}, [r"number", r"Action="], None, {}),
    "number-double-plus": ({"numbers": ["++8657100000001"]}, [r"number", r"\+\+8657100000001"], None, {}),
    "number-empty-string": ({"numbers": [GOOD, ""]}, [r"number"], None, {}),
    "number-inner-spaces": ({"numbers": ["0571 0000 0001"]}, [r"number", r"0571 0000 0001"], None, {}),
    "number-inner-newline": ({"numbers": ["0571\n00000001"]}, [r"number"], None, {}),
    "number-fullwidth-digits": (
        {"numbers": ["\uff10\uff15\uff17\uff11\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff11"]},
        [r"number"],
        None,
        {},
    ),
    "number-arabic-indic-digits": (
        {"numbers": ["\u0660\u0665\u0667\u0661\u0660\u0660\u0660\u0660\u0660\u0660"]},
        [r"number"],
        None,
        {},
    ),
    "number-too-short": ({"numbers": ["12"]}, [r"number", r"12"], None, {}),
    "number-too-long": ({"numbers": ["1" * 40]}, [r"number", "1" * 40], None, {}),
    "number-fullwidth-plus": ({"numbers": ["\uff0b8657100000001"]}, [r"number"], None, {}),
    "numbers-not-a-list": ({"numbers": {"a": GOOD}}, [r"numbers"], None, {}),
    # YAML reads an unquoted 057100000013 as octal: the task would bind 6325010443, a number nobody wrote.
    "number-unquoted-octal": (
        {"numbers": [unquoted("057100000013")]},
        [r"\b6325010443\b", r"quote phone numbers in YAML"],
        None,
        {},
    ),
    "number-unquoted-alone": ({"numbers": unquoted("057100000013")}, [r"\b6325010443\b", r"quote"], None, {}),
    "number-unquoted-in-binding": (
        {"numbers": DROP, "usage": DROP, "bindings": [{"numbers": [unquoted("13800000001")], "usage": "Inbound"}]},
        [r"bindings\[0\]", r"\b13800000001\b", r"quote"],
        None,
        {},
    ),
    "instance-query-injection": ({"instance_id": "ccc-rel&Action=RemovePhoneNumbers"}, [r"instance_id"], None, {}),
    "instance-path-traversal": ({"instance_id": "../../ccc-rel"}, [r"instance_id"], None, {}),
    "instance-empty": ({"instance_id": ""}, [r"instance_id"], None, {}),
    "instance-blank": ({"instance_id": "   "}, [r"instance_id"], None, {}),
    "flow-quote-injection": ({"contact_flow_id": 'flow-main","x":"y'}, [r"contact_flow_id"], None, {}),
    "group-sql-injection": ({"number_group_id": "grp'; DROP TABLE numbers;--"}, [r"number_group_id"], None, {}),
    "usage-wrong-case": ({"usage": "inbound"}, [r"usage", r"Inbound"], None, {}),
    "usage-unknown": ({"usage": "Both"}, [r"usage", r"Both"], None, {}),
    "toll-free-outbound": ({"numbers": ["4001234567"], "usage": "Outbound"}, [r"400", r"Inbound"], None, {}),
    "toll-free-bidirection": (
        {"numbers": [GOOD, "4001234567"], "usage": "Bidirection"},
        [r"400", r"Inbound"],
        None,
        {},
    ),
    "flow-with-outbound": (
        {"usage": "Outbound", "contact_flow_id": "flow-main"},
        [r"contact_flow_id", r"Outbound"],
        None,
        {},
    ),
    "endpoint-ftp-scheme": ({"endpoint": "ftp://127.0.0.1:{port}"}, [r"endpoint"], None, {}),
    "endpoint-file-scheme": ({"endpoint": "file:///etc/passwd"}, [r"endpoint"], None, {}),
    "endpoint-no-host": ({"endpoint": "http://"}, [r"endpoint"], None, {}),
    "timeout-negative": ({"timeout": -1}, [r"timeout"], None, {}),
    "timeout-zero": ({"timeout": 0}, [r"timeout"], None, {}),
    "max-retries-negative": ({"max_retries": -1}, [r"max_retries"], None, {}),
    "signature-version-unknown": ({"signature_version": "v2"}, [r"signature_version"], None, {}),
    "batch-size-zero": ({"batch_size": 0}, [r"batch_size"], None, {}),
    "max-concurrency-zero": ({"max_concurrency": 0}, [r"max_concurrency"], None, {}),
    "credentials-missing": (NO_KEYS, [r"credential|access.key"], None, {}),
    "secret-missing": ({"access_key_secret": DROP}, [r"secret"], None, {}),
    "env-secret-missing": (NO_KEYS, [r"secret"], None, {"ALIBABA_CLOUD_ACCESS_KEY_ID": DEMO_KEY.access_key_id}),
    "profile-file-missing": (dict(NO_KEYS, profile="dev"), [r"config\.json"], _profile(), {}),
    "profile-file-is-directory": (dict(NO_KEYS, profile="dev"), [r"config\.json"], _profile(directory=True), {}),
    "profile-file-not-utf8": (
        dict(NO_KEYS, profile="dev"),
        [r"config\.json"],
        _profile(b'{"current": "dev", "profiles": [{"name": "d\xff\xfe"}]}'),
        {},
    ),
    "profile-file-malformed": (dict(NO_KEYS, profile="dev"), [r"config\.json"], _profile('{"profiles": [oops'), {}),
    "profile-name-unknown": (dict(NO_KEYS, profile="nope"), [r"nope"], _profile(_profiles(AK_PROFILE)), {}),
    "profile-mode-unsupported": (
        dict(NO_KEYS, profile="old"),
        [r"RamRoleArnWithRoleName", r"deprecated"],
        _profile(
            _profiles({"name": "old", "mode": "RamRoleArnWithRoleName", "access_key_id": "x", "access_key_secret": "y"})
        ),
        {},
    ),
    "profile-mode-unknown": (
        dict(NO_KEYS, profile="odd"),
        [r"Kerberos", r"not supported"],
        _profile(_profiles({"name": "odd", "mode": "Kerberos", "access_key_id": "x", "access_key_secret": "y"})),
        {},
    ),
    "profile-chain-cycle": (
        dict(NO_KEYS, profile="loop"),
        [r"ProfileCycle|circle", r"loop -> loop"],
        _profile(
            _profiles(
                {
                    "name": "loop",
                    "mode": "ChainableRamRoleArn",
                    "source_profile": "loop",
                    "ram_role_arn": "acs:ram::1:role/r",
                }
            )
        ),
        {},
    ),
    "oidc-environment-partial": (
        NO_KEYS,
        [r"ALIBABA_CLOUD_OIDC_TOKEN_FILE"],
        None,
        {
            "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/r",
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/p",
        },
    ),
    "assume-role-duration-too-short": (
        dict(
            NO_KEYS,
            access_key_id=DEMO_KEY.access_key_id,
            access_key_secret=DEMO_KEY.access_key_secret,
            assume_role={"role_arn": "acs:ram::1:role/r", "duration_seconds": 60},
        ),
        [r"duration_seconds", r"900"],
        None,
        {},
    ),
    "profile-from-env-unknown": (
        NO_KEYS,
        [r"ghost"],
        _profile(_profiles(AK_PROFILE)),
        {"ALIBABA_CLOUD_PROFILE": "ghost"},
    ),
    "huge-list-bad-last-number": (
        {"numbers": ["0571%08d" % i for i in range(1, 20001)] + ["0571-BAD"]},
        [r"number", r"0571-BAD"],
        None,
        {},
    ),
    "huge-list-too-many": (
        {"numbers": ["0571%08d" % i for i in range(1, 20002)]},
        [r"numbers", r"20001|at most"],
        None,
        {},
    ),
    "present-without-numbers-or-purge": ({"numbers": DROP}, [r"numbers"], None, {}),
    "absent-with-purge": ({"state": "absent", "purge": True, "usage": DROP}, [r"purge"], None, {}),
    "absent-without-numbers": ({"state": "absent", "numbers": DROP, "usage": DROP}, [r"numbers"], None, {}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected_before_any_call(emulator, tmp_path, case):
    overrides, patterns, setup, env = CASES[case]
    emulator.reset(seed({GOOD: "Inbound"}, pool=["057100000002", "4001234567"]))
    args = dict({"instance_id": "ccc-rel", "numbers": [GOOD], "usage": "Inbound"}, **connection(emulator.url))
    for key, value in overrides.items():
        if value is DROP:
            args.pop(key, None)
        else:
            args[key] = value.format(port=emulator.port) if isinstance(value, str) and "{port}" in value else value
    if setup:
        (tmp_path / "home").mkdir()
        setup(tmp_path / "home")
    run = run_playbook(args, tmp_path, env=env)
    result = run.result
    why = "\n" + run.describe()
    assert result.get("failed") is True, "bad input accepted" + why
    assert run.rc != 0, why
    msg = result.get("msg") or ""
    for pattern in patterns:
        assert re.search(pattern, msg, re.IGNORECASE), "message does not name the problem (%s): %r" % (pattern, msg)
    assert len(msg) < 2000, "message too long to read: %d characters" % len(msg)
    counters = emulator.counters()
    assert counters["total_calls"] == 0, "requests were sent before rejecting bad input: %s" % counters["calls"] + why


def test_flow_for_a_bound_outbound_number_is_refused_before_any_write(emulator, tmp_path):
    """Whether a flow fits can depend on the usage the number already has: with usage omitted, a flow
    for a number bound as Outbound is the same mistake as usage=Outbound with a flow, found after the
    read and before any write."""
    emulator.reset(seed({GOOD: "Outbound"}))
    args = dict(
        {"instance_id": "ccc-rel", "numbers": [GOOD], "contact_flow_id": "flow-main"}, **connection(emulator.url)
    )
    run = run_playbook(args, tmp_path)
    result = run.result
    assert result["failed"], "a contact flow was set on an Outbound number" + "\n" + run.describe()
    assert re.search(r"contact_flow_id", result.get("msg", "")) and re.search(r"Outbound", result.get("msg", "")), (
        run.describe()
    )
    calls = emulator.counters()["calls"]
    assert not any(calls.get(a) for a in ("AddPhoneNumbers", "ModifyPhoneNumber", "RemovePhoneNumbers")), calls
    assert emulator.bound() == {GOOD: ("Outbound", "")}
