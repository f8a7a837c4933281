# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the plan for an instance's do-not-call list.

A number is on the list or not; the API cannot change a listed number's remark in place, so a listed number
is never touched to change it. ``make_plan`` takes the numbers to import and to remove from the set arithmetic
every list shares (``_plan.compare_numbers``) and refuses more removals than ``max_removals`` allows
(``_plan.limit_removals``). ``DoNotCallPlan`` answers what ``_plan.Goals`` declares, so the writes are judged
by ``_plan.settle`` as the phone-number writes are: the goal of a number is "listed" (its entry) or "not
listed" (None). Pure: no I/O.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import INSTANCE_SCOPE
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Goals, compare_numbers, limit_removals

# One entry of a do-not-call list as the API lists it. ``created_time`` is epoch milliseconds (an integer).
Entry = namedtuple("Entry", ["number", "remark", "scope", "creator", "created_time"])


def new_entry(number, remark):
    """The entry an import gives ``number``, as far as the plan knows it before the API answers."""
    return Entry(number, remark, INSTANCE_SCOPE, None, None)


class DoNotCallPlan(namedtuple("DoNotCallPlan", ["adds", "removes", "remark"]), Goals):
    """``adds``: numbers to import, with ``remark``; ``removes``: the Entries to take off the list."""

    __slots__ = ()

    def __bool__(self):
        return bool(self.adds or self.removes)

    __nonzero__ = __bool__

    def goals(self):
        """number -> the Entry it gets (listed), or None (not listed)."""
        goal = {number: new_entry(number, self.remark) for number in self.adds}
        goal.update((entry.number, None) for entry in self.removes)
        return goal

    def only(self, numbers, pieces=None):
        """The part of the plan ``numbers`` did."""
        keep = frozenset(numbers)
        return self._replace(
            adds=tuple(n for n in self.adds if n in keep), removes=tuple(e for e in self.removes if e.number in keep)
        )

    def retry(self, numbers, read):
        """The plan that takes ``numbers`` from what was read back (number -> Entry or None) to their goal."""
        goals = self.goals()
        return self._replace(
            adds=tuple(n for n in numbers if goals[n] is not None and read.get(n) is None),
            removes=tuple(read[n] for n in numbers if goals[n] is None and read.get(n) is not None),
        )


def make_plan(desired, current):
    """The DoNotCallPlan that takes ``current`` (number -> Entry) to what ``desired`` (a ``_desired.DoNotCall``)
    asks. Raises TooManyRemovals past ``max_removals``, before any write and in check mode alike."""
    add, remove = compare_numbers(desired.numbers, current, desired.state, desired.purge)
    limit_removals(remove, desired.max_removals, verb="remove")
    return DoNotCallPlan(add, tuple(current[n] for n in remove), desired.remark)
