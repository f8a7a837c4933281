# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import ipaddress
import socket

import pytest

from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import FakeHttp

# Variables of the credential chain: a unit test starts with none of them from the machine it runs on.
CHAIN_VARIABLES = (
    "ALIBABA_CLOUD_ROLE_ARN",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
    "ALIBABA_CLOUD_ROLE_SESSION_NAME",
    "ALIBABA_CLOUD_CREDENTIALS_URI",
    "ALIBABA_CLOUD_ECS_METADATA",
    "ALIBABA_CLOUD_IMDSV1_DISABLED",
    "ALIBABACLOUD_CCC_METADATA_ENDPOINT",
    "ALIBABA_CLOUD_STS_ENDPOINT",
    "ALIBABA_CLOUD_STS_REGION",
    "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED",
)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Unit tests talk to loopback only: the metadata provider is off for code that reads os.environ, and any
    connection to another address fails the test before a packet leaves (ansible-test passes no environment
    through, so this cannot rely on the caller's)."""
    for name in CHAIN_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    original = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        inet = sock.family in (socket.AF_INET, socket.AF_INET6)
        if inet and host is not None and not ipaddress.ip_address(host).is_loopback:
            raise AssertionError("connection to %s attempted; unit tests talk to loopback only" % host)
        return original(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    resolve = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        # A name lookup leaves the machine too: only loopback names and addresses are looked up.
        if host not in (None, "localhost") and not _is_loopback_address(host):
            raise AssertionError("name lookup of %s attempted; unit tests talk to loopback only" % host)
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _is_loopback_address(host) -> bool:
    try:
        return ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def http():
    return FakeHttp()
