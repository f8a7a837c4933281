# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Do-not-call lists: each instance's own (INSTANCE scope) and the account's (SYSTEM scope, seeded only).

``actions.py`` parses the parameters of ImportDoNotCallNumbers, RemoveDoNotCallNumbers and
ListDoNotCallNumbers as it does for every call; the lists and their rules live here, with the seed keys that
fill them. Every list keeps its entries in listing order and each list item pre-encoded, so a page of a
20,000-number list is a slice and a join, as it is for ListPhoneNumbers.

Listing order is not documented. The emulator lists newest first (``CreatedTime`` descending), numbers of
the same time in number order: a console-style list, in which a number imported while a client pages
lands at the head and shifts every later page.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field

INSTANCE, SYSTEM = "INSTANCE", "SYSTEM"
SCOPES = (SYSTEM, INSTANCE)  # the order of the API's enumeration
# RemoveDoNotCallNumbers documents "1 to 300 numbers"; Import's limit is not documented (a seed setting).
REMOVE_LIMIT = 300
DEFAULT_IMPORT_LIMIT = 100


@dataclass(frozen=True)
class Entry:
    number: str
    remark: str | None
    creator: str | None
    created_ms: int


@dataclass
class DoNotCallList:
    scope: str
    entries: dict[str, Entry] = field(default_factory=dict)
    _keys: list[tuple[int, str]] = field(default_factory=list)  # (-created_ms, number), sorted
    _numbers: list[str] = field(default_factory=list)  # the same order, numbers only
    _encoded: dict[str, str] = field(default_factory=dict)
    _filtered: dict[str, list[str]] = field(default_factory=dict)

    def __contains__(self, number: str) -> bool:
        return number in self.entries

    def add(self, entry: Entry) -> bool:
        """Lists ``entry``; a number already listed keeps its entry (remark, creator, time)."""
        if entry.number in self.entries:
            return False
        key = (-entry.created_ms, entry.number)
        at = bisect.bisect_left(self._keys, key)
        self._keys.insert(at, key)
        self._numbers.insert(at, entry.number)
        self.entries[entry.number] = entry
        self._filtered.clear()
        return True

    def remove(self, number: str) -> bool:
        entry = self.entries.pop(number, None)
        if entry is None:
            return False
        at = bisect.bisect_left(self._keys, (-entry.created_ms, number))
        del self._keys[at], self._numbers[at]
        self._encoded.pop(number, None)
        self._filtered.clear()
        return True

    def newest_ms(self) -> int | None:
        return -self._keys[0][0] if self._keys else None

    def matching(self, pattern: str | None) -> list[str]:
        """Listed numbers in listing order; ``pattern`` is a substring of the number or of the remark.

        The remark match ignores case (the emulator's choice: a database LIKE under the usual collation)."""
        if not pattern:
            return self._numbers
        found = self._filtered.get(pattern)
        if found is None:
            folded = pattern.casefold()
            found = [
                n
                for n in self._numbers
                if pattern in n or (self.entries[n].remark and folded in self.entries[n].remark.casefold())
            ]
            if len(self._filtered) >= 64:
                self._filtered.clear()
            self._filtered[pattern] = found
        return found

    def encoded_item(self, number: str) -> str:
        encoded = self._encoded.get(number)
        if encoded is None:
            entry = self.entries[number]
            encoded = json.dumps(
                {
                    "Number": entry.number,
                    "Remark": entry.remark,
                    "Scope": self.scope,
                    "Creator": entry.creator,
                    "CreatedTime": entry.created_ms,
                    "CreateTime": entry.created_ms,  # documented as deprecated, still sent
                },
                separators=(",", ":"),
                ensure_ascii=False,
            )
            self._encoded[number] = encoded
        return encoded

    def describe(self) -> list[dict]:
        return [
            {"number": e.number, "remark": e.remark, "creator": e.creator, "created_time": e.created_ms}
            for e in (self.entries[n] for n in self._numbers)
        ]


def import_numbers(listed: DoNotCallList, numbers: list[str], remark: str | None, creator: str | None, now: int):
    """ImportDoNotCallNumbers: lists the new numbers with ``remark``; listed ones keep theirs.

    The new entries are stamped at least 1 ms after the list's newest, so they list first even when the
    seed dated other entries in the future."""
    newest = listed.newest_ms()
    created = now if newest is None else max(now, newest + 1)
    for number in numbers:
        listed.add(Entry(number, remark, creator, created))


def remove_numbers(listed: DoNotCallList, numbers: list[str]) -> None:
    """RemoveDoNotCallNumbers: a number that is not listed is passed over, as the API reports nothing."""
    for number in numbers:
        listed.remove(number)
