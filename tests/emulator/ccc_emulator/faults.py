# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fault rules: which signed API call fails, and how.

Latency rules all add up; of the other rules, the first one (in the order added) that fires decides the
call's fate and later rules are not consulted, so their counts are not used up.
"""

from __future__ import annotations

import random
import re
import threading

KINDS = (
    "latency",
    "throttle",
    "unavailable",
    "internal",
    "lost_reply",
    "slow",
    "non_json",
    "move_number",
    "ignore_filter",
    "insert_number",
    "drop_number",
    "error",
    "lost_request",
    "keep_flow",
    "old_shapes",
)
# insert_number and drop_number change the list a list call reads (listings.py), so they match only these.
LIST_ACTIONS = ("ListPhoneNumbers", "ListUnassignedNumbers", "ListDoNotCallNumbers")
LISTING_KINDS = ("insert_number", "drop_number")
NEEDS_DELAY = ("latency", "slow")
ALLOWED_KEYS = {
    "action",
    "kind",
    "count",
    "fraction",
    "after",
    "delay_ms",
    "retry_after_ms",
    "seed",
    "number",
    "usage",
    "active",
    "filter",
    "remark",
    "code",
    "status",
    "message",
    "params",
    "shape",
    "http_status",
}
# Which kinds each kind-specific key goes with.
KIND_KEYS = {
    "number": ("move_number", "insert_number", "drop_number"),
    "usage": ("move_number",),
    "active": ("move_number",),
    "filter": ("ignore_filter",),
    "remark": ("insert_number",),
    "code": ("error",),
    "status": ("error", "non_json"),
    "message": ("error",),
    "params": ("error",),
    "shape": ("error",),
    "http_status": ("error",),
}
NUMBER = re.compile(r"^\+?[0-9]{3,32}$")
USAGES = ("Inbound", "Outbound", "Bidirection")
FILTERS = ("Usage", "Active", "SearchPattern", "Scope")
# The bodies an `error` rule answers with: the service's own, or only a Message (a proxy in front of the API).
SHAPES = ("service", "message")


class FaultError(ValueError):
    """A malformed fault rule; the message says which and why."""


class Rule:
    def __init__(self, spec: dict, position: int):
        where = f"fault rule {position}"
        if not isinstance(spec, dict):
            raise FaultError(f"{where} must be an object")
        unknown = sorted(set(spec) - ALLOWED_KEYS)
        if unknown:
            raise FaultError(f"{where}: unknown key(s) {', '.join(unknown)}")
        self.action = spec.get("action", "*")
        self.kind = spec.get("kind")
        if not isinstance(self.action, str) or not self.action:
            raise FaultError(f"{where}: action must be an action name or '*'")
        if self.kind not in KINDS:
            raise FaultError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if "count" in spec and "fraction" in spec:
            raise FaultError(f"{where}: give count or fraction, not both")
        self.remaining = spec.get("count")
        self.fraction = spec.get("fraction")
        if self.remaining is not None and (not _is_int(self.remaining) or self.remaining < 0):
            raise FaultError(f"{where}: count must be a non-negative integer")
        if self.fraction is not None and (
            not isinstance(self.fraction, (int, float))
            or isinstance(self.fraction, bool)
            or not 0 <= self.fraction <= 1
        ):
            raise FaultError(f"{where}: fraction must be a number from 0 to 1")
        self.delay_ms = spec.get("delay_ms", 0)
        if self.kind in NEEDS_DELAY and "delay_ms" not in spec:
            raise FaultError(f"{where}: {self.kind} needs delay_ms")
        if not _is_number(self.delay_ms) or self.delay_ms < 0:
            raise FaultError(f"{where}: delay_ms must be a non-negative number")
        self.retry_after_ms = spec.get("retry_after_ms")
        if self.retry_after_ms is not None and (not _is_int(self.retry_after_ms) or self.retry_after_ms < 0):
            raise FaultError(f"{where}: retry_after_ms must be a non-negative integer")
        self.after = spec.get("after", 0)
        if not _is_int(self.after) or self.after < 0:
            raise FaultError(f"{where}: after must be a non-negative integer")
        self._kind_options(spec, where)
        seed = spec.get("seed")
        # Without a seed a fraction is spread evenly (0.25 -> every 4th call), so runs repeat exactly and
        # never produce a long streak; with a seed the choice is random but reproducible.
        self._random = random.Random(seed) if seed is not None else None
        self.matched = 0
        self.fired = 0
        self.spec = dict(spec)

    def _kind_options(self, spec: dict, where: str) -> None:
        """move_number: ``number`` gets ``usage`` and/or ``active`` before the call is answered (a number
        changing slice while a client reads). ignore_filter: the call is answered as if ``filter`` had
        not been sent (an API that does not filter as documented). insert_number / drop_number: the list
        the call reads gains ``number`` (or one that sorts first) / loses ``number`` (or its first), see
        listings.py; ``remark`` is an inserted do-not-call entry's remark. error: the call is refused with
        ``code``, ``status`` (default 400) and ``message``, nothing applied; ``params`` fill the message's ``%s``
        on the client's side, ``http_status`` is a status line other than ``status`` (200: an error inside an
        HTTP 200 reply), ``shape: message`` answers only ``{"Message"}``. non_json: ``status`` (default 502) is
        the HTML page's status. lost_request: the connection drops
        before the call is served (nothing applied, no reply). keep_flow: ModifyPhoneNumber ignores an empty
        ContactFlowId and keeps the flow (what the docs leave open). old_shapes: the reply takes the shapes older
        API pages show (ListPhoneNumbers' List and SkillGroups as single objects, RemovePhoneNumbers' failures in
        FailureList beside a string Data)."""
        self.number, self.usage, self.active, self.filter, self.remark = (
            spec.get("number"),
            spec.get("usage"),
            spec.get("active"),
            spec.get("filter"),
            spec.get("remark"),
        )
        self.code, self.message, self.params = spec.get("code"), spec.get("message"), spec.get("params")
        self.status = spec.get("status", 502 if self.kind == "non_json" else 400)
        self.shape, self.http_status = spec.get("shape", "service"), spec.get("http_status")
        misplaced = sorted(k for k, kinds in KIND_KEYS.items() if k in spec and self.kind not in kinds)
        if misplaced:
            raise FaultError(
                f"{where}: " + "; ".join(f"{key} only goes with {_either(KIND_KEYS[key])}" for key in misplaced)
            )
        if self.kind == "move_number":
            if not isinstance(self.number, str) or not self.number:
                raise FaultError(f"{where}: move_number needs the number to move")
            if self.usage is None and self.active is None:
                raise FaultError(f"{where}: move_number needs usage, active or both")
            if self.usage is not None and self.usage not in USAGES:
                raise FaultError(f"{where}: usage must be one of {', '.join(USAGES)}")
            if self.active is not None and not isinstance(self.active, bool):
                raise FaultError(f"{where}: active must be true or false")
        elif self.kind == "error":
            self._error_options(spec, where)
        elif self.kind == "non_json":
            if not _is_int(self.status) or not 200 <= self.status <= 599:
                raise FaultError(f"{where}: status must be an HTTP status (200 to 599)")
        elif self.kind == "ignore_filter":
            if self.filter not in FILTERS:
                raise FaultError(f"{where}: ignore_filter needs filter, one of {', '.join(FILTERS)}")
        elif self.kind in LISTING_KINDS:
            if self.action not in ("*", *LIST_ACTIONS):
                raise FaultError(
                    f"{where}: {self.kind} changes a listing: action must be '*' or one of {', '.join(LIST_ACTIONS)}"
                )
            if self.number is not None and (not isinstance(self.number, str) or not NUMBER.match(self.number)):
                raise FaultError(f"{where}: number must be a phone number (digits with an optional leading +)")
            if self.remark is not None and not isinstance(self.remark, str):
                raise FaultError(f"{where}: remark must be a string")

    def _error_options(self, spec: dict, where: str) -> None:
        if self.shape not in SHAPES:
            raise FaultError(f"{where}: shape must be one of {', '.join(SHAPES)}")
        if self.shape == "message":
            extra = sorted(key for key in ("code", "params", "http_status") if key in spec)
            if extra:
                raise FaultError(
                    f"{where}: a message-shaped error has only a message and a status, not {', '.join(extra)}"
                )
        elif not isinstance(self.code, str) or not self.code:
            raise FaultError(f"{where}: error needs the code to answer with")
        if not _is_int(self.status) or not 400 <= self.status <= 599:
            raise FaultError(f"{where}: status must be an HTTP error status (400 to 599)")
        if self.http_status is not None and (not _is_int(self.http_status) or not 200 <= self.http_status <= 599):
            raise FaultError(f"{where}: http_status must be an HTTP status (200 to 599)")
        if self.message is not None and not isinstance(self.message, str):
            raise FaultError(f"{where}: message must be a string")
        if self.params is not None and (
            not isinstance(self.params, list) or not all(isinstance(value, str) for value in self.params)
        ):
            raise FaultError(f"{where}: params must be a list of strings")

    def fires(self, action: str) -> bool:
        """Called under the fault lock for every call; counts the match and decides."""
        if self.action not in ("*", action) or (self.kind in LISTING_KINDS and action not in LIST_ACTIONS):
            return False
        self.matched += 1
        if self.matched <= self.after:
            return False
        if self.remaining is not None:
            hit = self.remaining > 0
            if hit:
                self.remaining -= 1
        elif self.fraction is not None:
            if self._random is not None:
                hit = self._random.random() < self.fraction
            else:
                hit = int(self.matched * self.fraction) > int((self.matched - 1) * self.fraction)
        else:
            hit = True
        if hit:
            self.fired += 1
        return hit

    def describe(self) -> dict:
        return {**self.spec, "remaining": self.remaining, "matched": self.matched, "fired": self.fired}


class Faults:
    def __init__(self):
        self._rules: list[Rule] = []
        self._lock = threading.Lock()

    @staticmethod
    def parse(specs) -> list[Rule]:
        if isinstance(specs, dict):
            specs = [specs]
        if not isinstance(specs, list):
            raise FaultError("faults must be a JSON list of rules")
        return [Rule(spec, position) for position, spec in enumerate(specs)]

    def add(self, rules: list[Rule]) -> None:
        with self._lock:
            self._rules.extend(rules)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def describe(self) -> list[dict]:
        with self._lock:
            return [rule.describe() for rule in self._rules]

    def pick(self, action: str) -> tuple[float, Rule | None]:
        """Returns (latency in ms to add, the rule deciding the call or None)."""
        latency = 0.0
        decisive = None
        with self._lock:
            for rule in self._rules:
                if rule.kind == "latency":
                    if rule.fires(action):
                        latency += rule.delay_ms
                elif decisive is None and rule.fires(action):
                    decisive = rule
        return latency, decisive


def _either(kinds: tuple[str, ...]) -> str:
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
