# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The official `alibabacloud-credentials` library, as a client, agrees with the emulator's STS, metadata
service and credentials URI; the keys it gets then work on the emulator's CCC side.

The library always speaks https to STS, so STS is checked on a second emulator started with --tls-dir, its
certificate trusted for the library only. Its metadata address is fixed at 100.100.100.200: the test moves it
to the emulator on the instance, and a socket guard fails the test on any connection that is not loopback,
so nothing can reach the real address even if the library changed.
"""

from __future__ import annotations

import pytest
from acs_signer import KEY, Caller
from alibabacloud_credentials.provider import (
    EcsRamRoleCredentialsProvider,
    OIDCRoleArnCredentialsProvider,
    RamRoleArnCredentialsProvider,
    URLCredentialsProvider,
)
from alibabacloud_credentials.utils import auth_util
from ccc_emulator.launcher import EmulatorProcess
from Tea import core as tea_core

ROLE = "acs:ram::1234567890123456:role/ccc-operator"
PROVIDER = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-emulator"
LIST = {"InstanceId": "ccc-demo", "PageNumber": "1", "PageSize": "10"}
# Any connection to an address that is not loopback fails the test (conftest.py).
pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.fixture(scope="module")
def tls_emulator(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("emulator-tls")
    with EmulatorProcess(workdir, tls_dir=workdir / "tls") as emulator:
        yield emulator.port, str(emulator.cert)


@pytest.fixture
def trust_emulator_for_tea(monkeypatch, tls_emulator):
    monkeypatch.setattr(tea_core.certifi, "where", lambda: tls_emulator[1])
    monkeypatch.setattr(tea_core.TeaCore, "_sessions", {})


def works_on_ccc(port, credentials, tls_ca=None) -> bool:
    caller = Caller(port, tls_ca=tls_ca)
    try:
        triple = (
            credentials.get_access_key_id(),
            credentials.get_access_key_secret(),
            credentials.get_security_token(),
        )
        return caller.v3("ListPhoneNumbers", LIST, triple).status == 200
    finally:
        caller.close()


def test_ram_role_arn_provider_assumes_a_role_on_the_emulators_sts(tls_emulator, trust_emulator_for_tea):
    port, cert = tls_emulator
    provider = RamRoleArnCredentialsProvider(
        access_key_id=KEY[0],
        access_key_secret=KEY[1],
        role_arn=ROLE,
        role_session_name="vendor-check",
        sts_endpoint=f"127.0.0.1:{port}",
    )
    credentials = provider.get_credentials()
    assert credentials.get_access_key_id().startswith("STS.")
    assert works_on_ccc(port, credentials, tls_ca=cert)


def test_oidc_provider_trades_the_token_on_the_emulators_sts(tls_emulator, trust_emulator_for_tea, tmp_path):
    port, cert = tls_emulator
    token_file = tmp_path / "token"
    token_file.write_text("EmulatorOidcToken0001")
    provider = OIDCRoleArnCredentialsProvider(
        role_arn=ROLE,
        oidc_provider_arn=PROVIDER,
        oidc_token_file_path=str(token_file),
        role_session_name="vendor-oidc",
        sts_endpoint=f"127.0.0.1:{port}",
    )
    assert works_on_ccc(port, provider.get_credentials(), tls_ca=cert)


@pytest.mark.parametrize("imds, disable_v1", [("optional", False), ("required", True), ("required", False)])
def test_ecs_ram_role_provider_reads_the_emulators_metadata_service(api, emulator_port, monkeypatch, imds, disable_v1):
    api.control("POST", "/_emulator/identity", {"metadata": {"imds": imds}})
    monkeypatch.setattr(auth_util, "environment_ecs_metadata_disabled", "false")
    provider = EcsRamRoleCredentialsProvider(disable_imds_v1=disable_v1, async_update_enabled=False)
    # The library keeps the address in a private attribute; moving it here is what makes this test possible.
    attribute = "_EcsRamRoleCredentialsProvider__metadata_service_host"
    assert getattr(provider, attribute) == "100.100.100.200"
    setattr(provider, attribute, f"127.0.0.1:{emulator_port}")
    assert works_on_ccc(emulator_port, provider.get_credentials())
    counters = api.control("GET", "/_emulator/identity").json()["counters"]
    assert counters["metadata_token"] >= 1 and counters.get("metadata_refused", 0) == 0
    api.control("POST", "/_emulator/identity", {})


def test_url_provider_reads_the_emulators_credentials_uri(api, emulator_port):
    provider = URLCredentialsProvider(uri=f"http://127.0.0.1:{emulator_port}/credentials-uri")
    assert works_on_ccc(emulator_port, provider.get_credentials())
