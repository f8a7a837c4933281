# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one fake API of the unit tests: the local emulator's core (tests/emulator), answering in-process.

``Emulated`` seeds an account with the instance ``ccc-test`` and puts a real ``Client`` in front of it
(signing, retries with no sleeping, replies turned into errors); only the socket is left out: the client's
transport hands each request to ``Emulator.respond``. So every API call, rule and fault the emulator knows is
known here too, with nothing to write twice.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from requests.structures import CaseInsensitiveDict

from ansible_collections.alibabacloud.ccc.plugins.module_utils._client import Client
from ansible_collections.alibabacloud.ccc.plugins.module_utils._cred_base import Credentials
from ansible_collections.alibabacloud.ccc.plugins.module_utils._options import ConnectionSettings
from ansible_collections.alibabacloud.ccc.plugins.module_utils._transport import Reply, TransportError
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.core import Emulator
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.faults import Faults
from ansible_collections.alibabacloud.ccc.tests.emulator.ccc_emulator.state import DEFAULT_CREDENTIALS

INSTANCE = "ccc-test"
KEY = DEFAULT_CREDENTIALS[0]
# Flows the tests name; an unknown ContactFlowId is refused as the API refuses it.
FLOWS = ("flow-a", "flow-b", "flow-z", "f")


class InProcess:
    """A ``_transport.Transport`` whose server is an Emulator in this process."""

    def __init__(self, emulator):
        self.emulator = emulator

    def send(self, method, url, where, headers=None, body=None, timeout=30.0):
        parts = urlsplit(url)
        lowered = {name.lower(): [value] for name, value in (headers or {}).items()}
        lowered.setdefault("host", [parts.netloc])
        answer = self.emulator.respond(method, parts.path or "/", parts.query, lowered, body or b"")
        seconds = timeout[-1] if isinstance(timeout, tuple) else timeout
        if answer.drop:
            raise TransportError(
                "ConnectionError", "the connection to %s was lost before a reply arrived" % where, True
            )
        if answer.delay_s >= seconds:
            raise TransportError("ReadTimeout", "%s sent no reply within %ss" % (where, seconds), True)
        return Reply(
            answer.status, CaseInsensitiveDict({"Content-Type": answer.content_type, **answer.headers}), answer.body
        )

    def close(self):
        pass


def client_of(emulator, **settings):
    """A real Client, signed with the emulator's key, whose requests the emulator answers in-process."""
    options = dict(
        credentials=Credentials(KEY.access_key_id, KEY.access_key_secret, None),
        credentials_source="unit test",
        region="cn-shanghai",
        endpoint_url="http://ccc.emulated",
        host="ccc.emulated",
        signature_version="v3",
        timeout=5.0,
        max_retries=5,
        validate_certs=True,
    )
    options.update(settings)
    return Client(ConnectionSettings(**options), sleep=lambda _seconds: None, transport=InProcess(emulator))


def seed(bound=(), pool=(), skill_groups=(), flows=FLOWS, listed=(), **extra):
    """A seed document for ``ccc-test``: ``bound`` holds (number, usage, flow[, skill group ids[, active]]);
    ``listed`` the instance's do-not-call list (numbers, or entries as the emulator's seed takes them)."""
    numbers = []
    for number, usage, flow, *rest in bound:
        entry = {"number": number, "usage": usage, "contact_flow_id": flow or None}
        if rest:
            entry["skill_groups"] = list(rest[0])
        if len(rest) > 1:
            entry["active"] = rest[1]
        numbers.append(entry)
    instance = {
        "contact_flows": {flow: "Flow %s" % flow for flow in flows},
        "skill_groups": {group: group.split("@")[0].title() for group in skill_groups},
        "numbers": numbers,
        "do_not_call": list(listed),
    }
    document = {"pool": sorted(set(pool) | {entry["number"] for entry in numbers}), "instances": {INSTANCE: instance}}
    document.update(extra)
    return document


class Emulated:
    """An emulated account: ``call`` is a real Client's, so the reader, the applier and ``converge`` use it
    as they use the API. ``calls`` lists (action, parameters) of every call the emulator served."""

    def __init__(self, bound=(), pool=(), skill_groups=(), document=None, listed=(), **settings):
        self.emulator = Emulator(document or seed(bound, pool, skill_groups, listed=listed), record=True)
        self.client = client_of(self.emulator, **settings)

    def call(self, action, params, write):
        return self.client.call(action, params, write=write)

    # --- faults, as the emulator's rules (tests/emulator/README.md) ------------------------------

    def fault(self, action, kind, **fields):
        self.emulator.faults.add(Faults.parse([dict(action=action, kind=kind, **fields)]))
        return self

    # --- what the emulator saw and holds ------------------------------------------------------------

    @property
    def calls(self):
        return self.emulator.calls

    def count(self, action):
        return sum(1 for called, _params in self.calls if called == action)

    def sent(self, action):
        """(skill group, numbers) of each membership call of ``action``."""
        return [(p["SkillGroupId"], json.loads(p["NumberList"])) for called, p in self.calls if called == action]

    @property
    def bound(self):
        """number -> the emulator's Binding (usage, contact_flow_id, skill_groups, active)."""
        return self.emulator.actions.world.instances[INSTANCE].bindings

    def memberships(self, number):
        return sorted(self.bound[number].skill_groups)

    @property
    def listed(self):
        """number -> the emulator's do-not-call Entry (number, remark, creator, created_ms) of ``ccc-test``."""
        return self.emulator.actions.world.instances[INSTANCE].do_not_call.entries
