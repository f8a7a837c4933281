# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's signer against the emulator's verifier, written separately from the spec.

Each side was built without the other's code, so a request this client signs being accepted (and a
tampered one refused) checks both. Values go where the API takes free text (SearchPattern) or any id
(InstanceId), so awkward characters reach the canonical forms of both schemes.
"""

from __future__ import annotations

import sys

import pytest
from _harness import collections_dir
from ccc_emulator.launcher import DEMO_KEY, DEMO_STS

sys.path.insert(0, str(collections_dir()))

# pylint: disable=wrong-import-position
from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import Client
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._options import build_settings

KEYS = {
    "ak": {"access_key_id": DEMO_KEY.access_key_id, "access_key_secret": DEMO_KEY.access_key_secret},
    "sts": {
        "access_key_id": DEMO_STS.access_key_id,
        "access_key_secret": DEMO_STS.access_key_secret,
        "security_token": DEMO_STS.security_token,
    },
}
AWKWARD = [
    "with space",
    "a/b",
    "1+1",
    'say "hi"',
    "[x]",
    "a,b",
    "呼叫中心",
    "~-_.*%&=?#",
    "é ü ñ 😀",
]
SEED = {"generate_pool": {"prefix": "0571", "count": 3}, "instances": {"ccc-sig": {"generate_bound": {"count": 3}}}}


def client_for(emulator, version, keys):
    params = dict(KEYS[keys], endpoint=emulator.url, signature_version=version, timeout=5, max_retries=0)
    return Client(build_settings(params, {}, "/nonexistent-home"))


@pytest.mark.parametrize("keys", sorted(KEYS))
@pytest.mark.parametrize("version", ["v3", "v1"])
@pytest.mark.parametrize("pattern", AWKWARD)
def test_signature_with_awkward_text_is_accepted(emulator, version, keys, pattern):
    emulator.reset(SEED)
    client = client_for(emulator, version, keys)
    reply = client.call(
        "ListPhoneNumbers",
        {"InstanceId": "ccc-sig", "PageNumber": "1", "PageSize": "10", "SearchPattern": pattern},
        write=False,
    )
    assert reply["Code"] == "OK" and reply["Data"]["TotalCount"] == 0


@pytest.mark.parametrize("keys", sorted(KEYS))
@pytest.mark.parametrize("version", ["v3", "v1"])
def test_awkward_instance_id_reaches_the_api_signed(emulator, version, keys):
    emulator.reset(SEED)
    with pytest.raises(CCCError) as caught:
        client_for(emulator, version, keys).call(
            "ListPhoneNumbers", {"InstanceId": 'ccc "x"/[y],+ 中', "PageNumber": "1", "PageSize": "1"}, write=False
        )
    # Past the signature check: the instance is what is wrong.
    assert caught.value.code == "NotExists.InstanceId"


@pytest.mark.parametrize("version", ["v3", "v1"])
def test_every_call_is_accepted_with_both_schemes(emulator, version):
    emulator.reset(SEED)
    client = client_for(emulator, version, "sts")
    numbers = sorted(emulator.bound("ccc-sig"))
    client.call("ModifyPhoneNumber", {"InstanceId": "ccc-sig", "Number": numbers[0], "Usage": "Outbound"}, write=True)
    removed = client.call(
        "RemovePhoneNumbers", {"InstanceId": "ccc-sig", "NumberList": '["%s"]' % numbers[1]}, write=True
    )
    added = client.call(
        "AddPhoneNumbers",
        {"InstanceId": "ccc-sig", "Usage": "Inbound", "NumberList": '["%s"]' % numbers[1]},
        write=True,
    )
    assert removed["Data"] in ([], None) and added["Data"] in ([], None)
    assert emulator.bound("ccc-sig")[numbers[0]][0] == "Outbound"
    assert emulator.counters()["signature_failures"] == 0


@pytest.mark.parametrize("version", ["v3", "v1"])
def test_a_wrong_secret_is_refused(emulator, version):
    emulator.reset(SEED)
    params = dict(
        KEYS["ak"], access_key_secret="not-it", endpoint=emulator.url, signature_version=version, max_retries=0
    )
    with pytest.raises(CCCError) as caught:
        Client(build_settings(params, {}, "/nonexistent-home")).call(
            "ListPhoneNumbers", {"InstanceId": "ccc-sig", "PageNumber": "1", "PageSize": "1"}, write=False
        )
    assert caught.value.code == "SignatureDoesNotMatch"
