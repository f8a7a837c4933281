# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_oidc import fetcher, from_env, read_token
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_sts import make_role
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._secrets import Secrets
from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import reply, temporary_body

FULL = {
    "ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/r",
    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/p",
    "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/var/run/token",
}


def test_the_three_variables_make_an_oidc_source():
    assert from_env(FULL) == ("acs:ram::1:role/r", "acs:ram::1:oidc-provider/p", "/var/run/token")
    assert from_env({}) is None


def test_the_role_arn_alone_is_not_oidc():
    # Other tools read ALIBABA_CLOUD_ROLE_ARN on its own; the official chain ignores it without the other two.
    assert from_env({"ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/r"}) is None


# Stricter than the official chain, on purpose: a variable that means OIDC and nothing else, set without the
# others, is a mistake worth naming rather than a silent fall-through to another identity.
@pytest.mark.parametrize(
    "missing",
    [(name,) for name in FULL] + [tuple(FULL)[:2], (tuple(FULL)[0], tuple(FULL)[2])],
)
def test_a_partial_oidc_environment_names_what_is_missing(missing):
    env = {k: v for k, v in FULL.items() if k not in missing}
    with pytest.raises(CCCError) as info:
        from_env(env)
    assert info.value.code == "IncompleteCredentials"
    said_missing = info.value.message.split(" set but ")[1]
    for name in FULL:
        assert (name in said_missing) is (name in missing)


def test_the_token_is_read_afresh_for_every_fetch_and_registered_as_a_secret(http, tmp_path):
    token_file = tmp_path / "token"
    sent = []
    http.on(
        "POST",
        "http://sts.test/",
        lambda form, headers: (
            sent.append(form["OIDCToken"]) or reply(200, {"RequestId": "R", "Credentials": temporary_body()})
        ),
    )
    secrets = Secrets()
    fetch = fetcher(make_role("arn:r"), "arn:p", str(token_file), http, "http://sts.test", secrets=secrets)
    for token in ("first-token", "rotated-token"):
        token_file.write_text(token + "\n")
        fetch()
    assert sent == ["first-token", "rotated-token"]
    assert "rotated-token" in secrets.forms()


@pytest.mark.parametrize("content, problem", [(None, "does not exist"), (b"", "is empty"), (b"\xff\xfe", "UTF-8")])
def test_token_file_problems_name_the_path_only(tmp_path, content, problem):
    path = tmp_path / "token"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CCCError) as info:
        read_token(str(path))
    assert info.value.code == "CredentialsFileError" and str(path) in info.value.message
    assert problem in info.value.message
