# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""HTTPS against the emulator's self-signed certificate: refused by default, accepted when told to."""

from __future__ import annotations

import re

from _harness import connection, run_playbook, seed

# This machine points these at the system bundle globally; each run decides its own trust.
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE")
NUMBER, NEW = "057100000001", "057100000002"
TASK = {"instance_id": "ccc-rel", "numbers": [NUMBER, NEW], "usage": "Inbound"}
CONVERGED = {NUMBER: ("Inbound", ""), NEW: ("Inbound", "")}


def _reset(emulator):
    emulator.reset(seed({NUMBER: "Outbound"}, pool=[NEW]))
    return emulator.bound()


def test_self_signed_certificate_is_refused_by_default(tls_emulator, tmp_path):
    before = _reset(tls_emulator)
    run = run_playbook(dict(TASK, **connection(tls_emulator.url, max_retries=1)), tmp_path, unset=CA_VARIABLES)
    result = run.result
    assert result["failed"], run.describe()
    assert re.search(r"certificate", result.get("msg", ""), re.IGNORECASE), (
        "no clear certificate error" + run.describe()
    )
    assert (result.get("error") or {}).get("code"), run.describe()
    assert tls_emulator.counters()["total_calls"] == 0
    assert tls_emulator.bound() == before
    assert result.get("changed") is False


def test_validate_certs_false_accepts_the_self_signed_certificate(tls_emulator, tmp_path):
    _reset(tls_emulator)
    run = run_playbook(dict(TASK, **connection(tls_emulator.url, validate_certs=False)), tmp_path, unset=CA_VARIABLES)
    assert not run.result["failed"] and run.rc == 0, run.describe()
    assert tls_emulator.bound() == CONVERGED


def test_ca_bundle_from_requests_ca_bundle_is_trusted(tls_emulator, tmp_path):
    _reset(tls_emulator)
    run = run_playbook(
        dict(TASK, **connection(tls_emulator.url)),
        tmp_path,
        unset=CA_VARIABLES,
        env={"REQUESTS_CA_BUNDLE": str(tls_emulator.cert)},
    )
    assert not run.result["failed"] and run.rc == 0, run.describe()
    assert tls_emulator.bound() == CONVERGED
