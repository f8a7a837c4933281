# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""What each list call reads, page by page, and the two faults that change it while a client pages.

ListPhoneNumbers reads an instance's bound numbers, ListUnassignedNumbers the account's pool numbers no
instance has bound, ListDoNotCallNumbers an instance's or the account's do-not-call list. ``actions.py``
parses the parameters into a ``Query``; every call runs under the state lock.

The faults (``insert_number``, ``drop_number``) act on exactly the list, and the filtered view, the call is
about to answer from, before it is answered:

- insert_number: ``number`` (or, when the rule names none, one made below the view's first number, so it
  sorts at the head) joins the list: bound to the instance, bought into the pool, or imported into the
  do-not-call list. Every later page shifts down by one.
- drop_number: ``number`` (or, when the rule names none, the view's first number) leaves the list: unbound,
  released from the pool, or removed from the do-not-call list. Every later page shifts up by one.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import do_not_call
from .replies import RawJson, instance_not_found
from .state import Binding, World, is_400_number, now_ms, pool_number

# Where a made-up number starts counting down when the view is empty.
EMPTY_VIEW_HEAD = "057199999999"


@dataclass(frozen=True)
class Query:
    page_number: int
    page_size: int
    instance_id: str | None = None
    usage: str | None = None
    active: bool | None = None
    pattern: str | None = None
    scope: str = do_not_call.INSTANCE


class Listing:
    def view(self) -> list[str]:
        raise NotImplementedError

    def item(self, number: str) -> str:
        raise NotImplementedError

    def taken(self, number: str) -> bool:
        """The number cannot join this list (it is on it, or, for bindings, bound elsewhere)."""
        raise NotImplementedError

    def insert(self, number: str, remark: str | None) -> None:
        raise NotImplementedError

    def drop(self, number: str) -> None:
        raise NotImplementedError

    def page(self, page_number: int, page_size: int) -> RawJson:
        numbers = self.view()
        start = (page_number - 1) * page_size
        items = ",".join(self.item(n) for n in numbers[start : start + page_size])
        return RawJson(
            '{"PageNumber":%d,"PageSize":%d,"TotalCount":%d,"List":[%s]}'
            % (page_number, page_size, len(numbers), items)
        )

    def change(self, kind: str, number: str | None, remark: str | None) -> None:
        """Applies an insert_number or drop_number fault; a number that cannot move is left alone."""
        view = self.view()
        if kind == "drop_number":
            number = number or (view[0] if view else None)
            if number is not None:
                self.drop(number)
            return
        number = number or _below(view[0] if view else EMPTY_VIEW_HEAD, self.taken)
        if number is not None and not self.taken(number):
            self.insert(number, remark)


class BoundNumbers(Listing):
    def __init__(self, world: World, query: Query):
        instance = world.instances.get(query.instance_id or "")
        if instance is None:
            raise instance_not_found(query.instance_id or "")
        self.world, self.instance, self.query = world, instance, query

    def view(self) -> list[str]:
        return self.instance.matching(self.query.usage, self.query.active, self.query.pattern)

    def item(self, number: str) -> str:
        return self.instance.encoded_item(number, self.world.pool)

    def taken(self, number: str) -> bool:
        return number in self.world.owner

    def insert(self, number: str, remark: str | None) -> None:
        # The new binding takes the call's Usage and Active filters, so it shows in the view being read.
        usage = self.query.usage or ("Inbound" if is_400_number(number) else "Bidirection")
        if is_400_number(number) and usage != "Inbound":
            return
        if number not in self.world.pool:
            self.world.add_to_pool(pool_number(number, len(self.world.pool)))
        active = True if self.query.active is None else self.query.active
        self.instance.bind(Binding(number, usage, None, (), active, now_ms()))
        self.world.assign(number, self.instance.instance_id)

    def drop(self, number: str) -> None:
        if number in self.instance.bindings:
            self.instance.unbind(number)
            self.world.release(number)


class UnassignedNumbers(Listing):
    def __init__(self, world: World, query: Query):
        self.world, self.query = world, query

    def view(self) -> list[str]:
        return self.world.unassigned(self.query.pattern)

    def item(self, number: str) -> str:
        return self.world.unassigned_item(number)

    def taken(self, number: str) -> bool:
        return number in self.world.pool

    def insert(self, number: str, remark: str | None) -> None:
        self.world.add_to_pool(pool_number(number, len(self.world.pool)))

    def drop(self, number: str) -> None:
        if number in self.world.pool and number not in self.world.owner:
            self.world.remove_from_pool(number)


class DoNotCallNumbers(Listing):
    def __init__(self, world: World, query: Query):
        instance = world.instances.get(query.instance_id or "")
        if instance is None:  # the SYSTEM list too is read through an instance of the account
            raise instance_not_found(query.instance_id or "")
        self.world, self.query = world, query
        self.listed = instance.do_not_call if query.scope == do_not_call.INSTANCE else world.system_do_not_call

    def view(self) -> list[str]:
        return self.listed.matching(self.query.pattern)

    def item(self, number: str) -> str:
        return self.listed.encoded_item(number)

    def taken(self, number: str) -> bool:
        return number in self.listed

    def insert(self, number: str, remark: str | None) -> None:
        do_not_call.import_numbers(self.listed, [number], remark, self.world.do_not_call_creator, now_ms())

    def drop(self, number: str) -> None:
        self.listed.remove(number)


LISTINGS = {
    "ListPhoneNumbers": BoundNumbers,
    "ListUnassignedNumbers": UnassignedNumbers,
    "ListDoNotCallNumbers": DoNotCallNumbers,
}


def _below(head: str, taken) -> str | None:
    """The nearest free number below ``head`` with as many digits (and its ``+``), so it sorts first."""
    sign, digits = ("+", head[1:]) if head.startswith("+") else ("", head)
    value = int(digits)
    for _attempt in range(1000):
        value -= 1
        if value < 0:
            return None
        candidate = sign + str(value).zfill(len(digits))
        if not taken(candidate):
            return candidate
    return None
