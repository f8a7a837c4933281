# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: every secret a task has handed out, so texts can be scrubbed.

Temporary credentials are refreshed during a run, so the set grows: listeners (the client's scrubber, the
module's `no_log_values`) hear about each new secret as soon as it exists, before it is ever sent.
"""

from __future__ import annotations

import threading

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import MASK
from ansible_collections.alibabacloud.ccc.plugins.module_utils._signing import percent_encode


class Secrets:
    """A thread-safe set of secret texts in every form they may travel in (raw, encoded, double-encoded)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._forms: set[str] = set()
        self._ordered: list[str] = []
        self._listeners = []

    def add(self, *values) -> None:
        new = set()
        for value in values:
            if not value:
                continue
            value = str(value)
            once = percent_encode(value)
            new.update((value, once, percent_encode(once)))
        with self._lock:
            new -= self._forms
            if not new:
                return
            self._forms |= new
            # Longest first, so a secret that contains another is masked whole.
            self._ordered = sorted(self._forms, key=len, reverse=True)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(sorted(new))

    def listen(self, listener) -> None:
        """Call `listener(list_of_forms)` for the forms known now and for every later addition."""
        with self._lock:
            self._listeners.append(listener)
            known = sorted(self._forms)
        if known:
            listener(known)

    def forms(self) -> list[str]:
        with self._lock:
            return list(self._ordered)

    def scrub(self, text: str) -> str:
        for form in self.forms():
            text = text.replace(form, MASK)
        return text
