# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_uri import check_uri, fetcher
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import reply, temporary_body

URI = "http://127.0.0.1:9/creds?token=URI-SECRET"


def test_the_uri_answers_temporary_credentials(http):
    http.on("GET", URI, reply(200, dict(temporary_body(), Code="Success")))
    assert fetcher(http, URI)().credentials.security_token == "TempToken1"


@pytest.mark.parametrize(
    "answer, words",
    [
        (reply(500, {"Code": "InternalError"}), ["HTTP 500", "InternalError"]),
        (reply(200, {"Code": "Failed"}), ["HTTP 200", "Failed"]),
        (reply(200, text="not json"), ["HTTP 200"]),
    ],
)
def test_uri_failures_name_the_host_but_not_the_path_or_query(http, answer, words):
    http.on("GET", URI, answer)
    with pytest.raises(CCCError) as info:
        fetcher(http, URI)()
    assert info.value.code == "CredentialsURIError" and "http://127.0.0.1:9" in info.value.message
    assert "URI-SECRET" not in info.value.message and "/creds" not in info.value.message
    for word in words:
        assert word in info.value.message


@pytest.mark.parametrize("uri", ["file:///etc/creds", "creds.local", "http://"])
def test_only_http_uris_are_accepted(uri):
    with pytest.raises(CCCError) as info:
        check_uri(uri, "ALIBABA_CLOUD_CREDENTIALS_URI")
    assert "ALIBABA_CLOUD_CREDENTIALS_URI" in info.value.message
