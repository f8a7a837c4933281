# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: reading an instance's lists, and its bound phone numbers.

``ListReader`` is what reading any list of an instance's numbers shares: a listing of the whole list (past
the 10,000 one listing reaches, by the caller's slices: ``_slices.py``), a look-up of named numbers at the cost
``_pager.Pager.find`` rules, the read of what a task is about, and the read-back after the writes. Every
listing and look-up is proven whole by the checked pager (``_pager.py``), or refused.
``Reader`` reads bound numbers with it (ListPhoneNumbers); ``_dnc_reader.DoNotCallReader`` the do-not-call
list. Every list item becomes one typed record in its reader, and only there: here a ``Binding`` (what the
planner compares) and its ``Details`` (what the info module and the report show besides); for the account's
numbers that no instance uses (``UnassignedReader``, ListUnassignedNumbers), an ``Unassigned``.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._concurrency import run_all
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._pager import Pager, as_list, reread
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Binding
from ansible_collections.alibabacloud.ccc.plugins.module_utils._slices import (
    LISTABLE,
    SlicedReader,
    check_read,
    describe,
)

# What a list item says about a number besides its Binding. ``skill_groups`` holds (id, name,
# display name) per group; ``active`` is a bool, or None where no listing showed the number.
Details = namedtuple(
    "Details",
    [
        "contact_flow_name",
        "active",
        "skill_groups",
        "instance_id",
        "create_time",
        "city",
        "province",
        "provider",
        "user_id",
        "tags",
    ],
)


def _active(value):
    if isinstance(value, str):
        return value.lower() == "true"
    return None if value is None else bool(value)


def binding_of(item):
    """A ListPhoneNumbers item's Binding. Membership comes with the items already read, at no extra call."""
    groups = item.get("SkillGroups")
    if groups:
        groups = (
            g["SkillGroupId"] for g in as_list(groups) if isinstance(g, dict) and isinstance(g.get("SkillGroupId"), str)
        )
    return Binding(item.get("Number"), item.get("Usage"), item.get("ContactFlowId"), groups)


def details_of(item):
    """What a ListPhoneNumbers item says besides its Binding."""
    groups = [g for g in as_list(item.get("SkillGroups")) if isinstance(g, dict)]
    return Details(
        contact_flow_name=item.get("ContactFlowName") or None,
        active=_active(item.get("Active")),
        skill_groups=tuple((g.get("SkillGroupId"), g.get("Name"), g.get("DisplayName")) for g in groups),
        instance_id=item.get("InstanceId"),
        create_time=item.get("CreateTime"),
        city=item.get("City"),
        province=item.get("Province"),
        provider=item.get("Provider"),
        user_id=item.get("UserId"),
        tags=item.get("Tags"),
    )


class BaseListing:
    """Items read from one of an instance's lists: ``records`` by number (what the planner compares), made by
    the class's ``record_of``; ``total`` is the API's count for the filters (None when only look-ups were made)."""

    record_of = None

    def __init__(self, items, total):
        self._items = items
        self.records = {number: self.record_of(item) for number, item in items.items()}
        self.total = total


class Listing(BaseListing):
    """Bound numbers read from the instance: ``bindings`` by number, and ``details(number)`` (made only for
    the numbers a result shows: a purge over 10,000 numbers needs none)."""

    record_of = staticmethod(binding_of)

    @property
    def bindings(self):
        return self.records

    def details(self, number):
        """The number's Details, or None when the listing does not hold it."""
        item = self._items.get(number)
        return None if item is None else details_of(item)

    def flow_names(self):
        """contact flow id -> name, for every flow the listing showed a name for."""
        return {
            item.get("ContactFlowId"): item.get("ContactFlowName")
            for item in self._items.values()
            if item.get("ContactFlowId") and item.get("ContactFlowName")
        }


class ListReader:
    """Reads one list of ``instance_id`` with ``action`` (and fixed ``params``), items checked by ``check`` (see
    ``_pager.Pager``). A subclass names its ``listing`` class, how its messages say a number is held
    (``HELD``) and removed (``REMOVE``), and how it reads past the reach of one listing (``past_reach``)."""

    listing = None
    HELD = "are bound"
    REMOVE = "unbind"

    def __init__(self, client, instance_id, max_concurrency, action, check, params=None):
        self.client = client
        self.instance_id = instance_id
        self.max_concurrency = max_concurrency
        self.pager = Pager(client, action, dict(params or {}, InstanceId=instance_id), self._run_all, check)

    def _run_all(self, function, arguments):
        return run_all(function, arguments, self.max_concurrency)

    def _refused(self, exc):
        return IncompleteListing("instance %s: %s" % (self.instance_id, exc.message), exc.changed)

    def list_all(self, filters=None):
        """Every item matching ``filters`` (the call's parameters), all pages; past the reach of one listing,
        by ``past_reach``. Raises IncompleteListing rather than return part of them."""
        try:
            total, items = reread(lambda: self._list_once(dict(filters or {})))
        except IncompleteListing as exc:
            raise self._refused(exc) from None
        return self.listing(items, total)

    def _list_once(self, filters):
        head = self.pager.page(1, filters)
        total = head[0]
        if total <= LISTABLE:
            return self.pager.read_once(filters, head)
        try:
            return total, self.past_reach(filters, total)
        except IncompleteListing as exc:
            raise IncompleteListing(
                "%d numbers %s, more than the %d one listing reaches, and they could not all be read: %s"
                % (total, "match %s" % describe(filters) if filters else self.HELD, LISTABLE, exc.message),
                exc.changed,
            ) from None

    def past_reach(self, filters, total):
        """Items by number of a listing of ``total`` items, more than one listing reaches. Each reader says how
        (``Reader`` by its slices, ``DoNotCallReader`` by SearchPattern); the base has no list to split."""
        raise NotImplementedError

    def find(self, numbers, filters=None):
        """Those of ``numbers`` the listing ``filters`` selects, at the cost ``Pager.find`` rules; ``total`` is
        the API's count for ``filters`` when a page was read, else None."""
        try:
            items, total = self.pager.find(numbers, filters)
        except IncompleteListing as exc:
            raise self._refused(exc) from None
        return self.listing(items, total)

    def read_scope(self, desired):
        """What a task is about: the whole list with purge, else the named numbers. Nothing is decided on a
        partial view: a listing that cannot be proven whole is refused."""
        try:
            return self.list_all() if desired.purge else self.find(desired.numbers)
        except IncompleteListing as exc:
            if not desired.purge:
                raise IncompleteListing("nothing was changed: %s. Run the task again" % exc.message) from None
            raise IncompleteListing(
                "purge refused, nothing was changed: %s. Run the task again, or name the numbers to %s with "
                "state=absent" % (exc.message, self.REMOVE)
            ) from None

    def read_back(self, numbers):
        """What ``numbers`` hold now: (number -> record, or None for a number the list does not hold; the
        listing of those it holds)."""
        found = self.find(numbers)
        return {number: found.records.get(number) for number in numbers}, found

    def count(self, filters=None):
        """The API's count of items matching ``filters``, in one call."""
        return self.pager.count(filters)


class Reader(ListReader):
    """Bound numbers (ListPhoneNumbers); past the reach, by Usage x Active slices."""

    listing = Listing

    def __init__(self, client, instance_id, max_concurrency):
        super().__init__(client, instance_id, max_concurrency, "ListPhoneNumbers", check_read)

    def past_reach(self, filters, total):
        return SlicedReader(self.pager.page, self._run_all).read(filters, total)

    def query(self, query):
        """What ccc_phone_numbers_info asks for: (Listing, the API's count for the query's filters)."""
        filters = query.filters
        listing = self.list_all(filters) if query.numbers is None else self.find(query.numbers, filters)
        return listing, self.count(filters) if listing.total is None else listing.total

    def find(self, numbers, filters=None):
        # A look-up replaces the caller's SearchPattern, which matches numbers only: a number that does not
        # contain it cannot be in the listing, and is not looked up.
        pattern = (filters or {}).get("SearchPattern")
        return super().find([n for n in numbers if not pattern or pattern in n], filters)


# One of the account's numbers that no instance uses, as ListUnassignedNumbers lists it.
Unassigned = namedtuple("Unassigned", ["number", "province", "city"])


def unassigned_of(item):
    return Unassigned(item.get("Number"), item.get("Province"), item.get("City"))


class UnassignedReader:
    """The account's numbers that no instance uses (ListUnassignedNumbers: no instance, and SearchPattern its
    only filter), every listing proven whole as the bound numbers' are."""

    def __init__(self, client, max_concurrency):
        self.max_concurrency = max_concurrency
        self.pager = Pager(client, "ListUnassignedNumbers", {}, self._run_all, check_read)

    def _run_all(self, function, arguments):
        return run_all(function, arguments, self.max_concurrency)

    def list_all(self, filters=None):
        """(the API's count, number -> Unassigned) of every unassigned number matching ``filters``
        (``SearchPattern``), all pages read side by side. Raises IncompleteListing rather than return part
        of them, also past the 10,000 one listing reaches: this list has no Usage or Active to slice it by."""
        filters = dict(filters or {})
        head = self.pager.page(1, filters)
        if head[0] > LISTABLE:
            raise IncompleteListing(
                "the account has %d unassigned numbers%s, more than the %d one listing reaches: narrow them with "
                "search_pattern" % (head[0], " matching %s" % describe(filters) if filters else "", LISTABLE)
            )
        try:
            total, items = self.pager.read(filters, head)
        except IncompleteListing as exc:
            raise IncompleteListing("the account's unassigned numbers: %s" % exc.message, exc.changed) from None
        return total, {number: unassigned_of(item) for number, item in items.items()}

    def among(self, numbers):
        """number -> whether the account lists it as unassigned, for each of ``numbers``: one SearchPattern
        look-up each (``Pager.look_up``: only the number itself counts), side by side."""
        found = self.pager.look_up(sorted(numbers))
        return {number: number in found for number in numbers}
