# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A scripted stand-in for `_client.CredentialHttp`: credential providers are tested without a network."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._transport import Reply

NOW = datetime(2026, 12, 3, 8, 0, 0, tzinfo=UTC)


def expiration(minutes: float = 60, now: datetime | None = None) -> str:
    # Relative to the real clock by default: the resolver checks expiry against it.
    now = now or datetime.now(UTC)
    return (now + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def temporary_body(key_id="STS.Temp1", secret="TempSecret1", token="TempToken1", minutes=60) -> dict:
    return {"AccessKeyId": key_id, "AccessKeySecret": secret, "SecurityToken": token, "Expiration": expiration(minutes)}


def reply(status=200, body=None, text=None) -> Reply:
    raw = text.encode() if text is not None else json.dumps(body if body is not None else {}).encode()
    return Reply(status, {}, raw)


class FakeHttp:
    """Answers each (method, url) from a script and records every request. A request nobody scripted fails
    the test: that is how the tests prove a provider never reaches an address it must not."""

    def __init__(self):
        self.routes = {}
        self.calls = []

    def on(self, method, url, *answers):
        """Answers are Replies, CCCErrors (raised) or callables(form, headers) -> Reply; the last repeats."""
        self.routes[(method, url)] = list(answers)
        return self

    def request(self, method, url, headers=None, form=None, timeout=None):
        self.calls.append(
            {"method": method, "url": url, "headers": dict(headers or {}), "form": form, "timeout": timeout}
        )
        answers = self.routes.get((method, url))
        if not answers:
            raise AssertionError("unexpected request %s %s" % (method, url))
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, CCCError):
            raise answer
        if callable(answer):
            return answer(form, headers or {})
        return answer

    def urls(self):
        return [call["url"] for call in self.calls]
