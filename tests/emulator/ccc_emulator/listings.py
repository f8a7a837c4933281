# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""What each list call reads, page by page.

ListPhoneNumbers reads an instance's bound numbers, ListUnassignedNumbers the account's pool numbers no
instance has bound, ListDoNotCallNumbers an instance's or the account's do-not-call list. ``actions.py``
parses the parameters into a ``Query``; every call runs under the state lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import do_not_call
from .replies import RawJson, instance_not_found
from .state import World


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

    def page(self, page_number: int, page_size: int) -> RawJson:
        numbers = self.view()
        start = (page_number - 1) * page_size
        items = ",".join(self.item(n) for n in numbers[start : start + page_size])
        return RawJson(
            '{"PageNumber":%d,"PageSize":%d,"TotalCount":%d,"List":[%s]}'
            % (page_number, page_size, len(numbers), items)
        )


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


class UnassignedNumbers(Listing):
    def __init__(self, world: World, query: Query):
        self.world, self.query = world, query

    def view(self) -> list[str]:
        return self.world.unassigned(self.query.pattern)

    def item(self, number: str) -> str:
        return self.world.unassigned_item(number)


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


LISTINGS = {
    "ListPhoneNumbers": BoundNumbers,
    "ListUnassignedNumbers": UnassignedNumbers,
    "ListDoNotCallNumbers": DoNotCallNumbers,
}
