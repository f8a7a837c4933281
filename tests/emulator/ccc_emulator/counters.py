# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""What tests and benchmarks read back: calls per action, concurrency, signature failures, errors."""

from __future__ import annotations

import collections
import threading


class Counters:
    def __init__(self):
        self._lock = threading.Lock()
        self._in_flight = 0
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._calls: collections.Counter[str] = collections.Counter()
            self._total = 0
            self._max_concurrent = self._in_flight
            self._signature_failures = 0
            self._errors: collections.Counter[str] = collections.Counter()
            self._faults: collections.Counter[str] = collections.Counter()

    def begin(self, action: str) -> None:
        """An API request arrived (signed or not); it is in flight until end()."""
        with self._lock:
            self._calls[action] += 1
            self._total += 1
            self._in_flight += 1
            self._max_concurrent = max(self._max_concurrent, self._in_flight)

    def end(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def error(self, code: str) -> None:
        with self._lock:
            self._errors[code] += 1

    def signature_failure(self) -> None:
        """The verifier refused the request (any of its codes, see README)."""
        with self._lock:
            self._signature_failures += 1

    def fault(self, kind: str) -> None:
        with self._lock:
            self._faults[kind] += 1

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "calls": dict(self._calls),
                "total_calls": self._total,
                "max_concurrent": self._max_concurrent,
                "in_flight": self._in_flight,
                "signature_failures": self._signature_failures,
                "errors": dict(self._errors),
                "faults": dict(self._faults),
            }
