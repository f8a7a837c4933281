# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: reading an instance's bound phone numbers.

``Reader`` lists or looks up bound numbers with as few round trips as the API allows: concurrent
paging within ``max_concurrency``, or one SearchPattern look-up per number where that is cheaper.
Every listing, look-ups included, is proven whole by the checked pager (``_pager.py``); listings past the
10,000 numbers one listing reaches are read by slices (``_slices.py``). Every list
item becomes one typed record here, and only here: a ``Binding`` (what the planner compares) and its
``Details`` (what the info module and the report show besides); for the account's numbers that no instance
uses (``UnassignedReader``, ListUnassignedNumbers), an ``Unassigned``.
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
    pages_for,
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


class Listing:
    """Bound numbers read from the instance: ``bindings`` by number (what the planner compares), and
    ``details(number)`` (made only for the numbers a result shows: a purge over 10,000 numbers needs none);
    ``total`` is the API's TotalCount for the filters (None when only look-ups were made)."""

    def __init__(self, items, total):
        self._items = items
        self.bindings = {number: binding_of(item) for number, item in items.items()}
        self.total = total

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


class Reader:
    def __init__(self, client, instance_id, max_concurrency):
        self.client = client
        self.instance_id = instance_id
        self.max_concurrency = max_concurrency
        self.pager = Pager(client, "ListPhoneNumbers", {"InstanceId": instance_id}, self._run_all, check_read)

    def _run_all(self, function, arguments):
        return run_all(function, arguments, self.max_concurrency)

    def list_all(self, filters=None):
        """Every bound number matching ``filters`` (ListPhoneNumbers parameters), all pages; past the
        reach of one listing, by slices. Raises IncompleteListing rather than return part of them."""
        try:
            total, items = reread(lambda: self._list_once(dict(filters or {})))
        except IncompleteListing as exc:
            raise IncompleteListing("instance %s: %s" % (self.instance_id, exc.message), exc.changed) from None
        return Listing(items, total)

    def _list_once(self, filters):
        head = self.pager.page(1, filters)
        total = head[0]
        if total <= LISTABLE:
            return self.pager.read_once(filters, head)
        try:
            return total, SlicedReader(self.pager.page, self._run_all).read(filters, total)
        except IncompleteListing as exc:
            raise IncompleteListing(
                "%d numbers %s, more than the %d one listing reaches, and they could not all be read: %s"
                % (total, "match %s" % describe(filters) if filters else "are bound", LISTABLE, exc.message),
                exc.changed,
            ) from None

    def read_scope(self, desired):
        """The bound numbers a task is about: the whole instance with purge, else the named numbers.
        Nothing is decided on a partial view: a listing that cannot be proven whole is refused."""
        try:
            return self.list_all() if desired.purge else self.find(desired.numbers)
        except IncompleteListing as exc:
            if not desired.purge:
                raise IncompleteListing("nothing was changed: %s. Run the task again" % exc.message) from None
            raise IncompleteListing(
                "purge refused, nothing was changed: %s. Run the task again, or name the numbers to unbind with "
                "state=absent" % exc.message
            ) from None

    def read_back(self, numbers):
        """What ``numbers`` hold now: (number -> Binding, or None for a number that is not bound; the
        Listing of those bound)."""
        found = self.find(numbers)
        return {number: found.bindings.get(number) for number in numbers}, found

    def query(self, query):
        """What ccc_phone_numbers_info asks for: (Listing, the API's count for the query's filters)."""
        filters = query.filters
        listing = self.list_all(filters) if query.numbers is None else self.find(query.numbers, filters)
        return listing, self.count(filters) if listing.total is None else listing.total

    def find(self, numbers, filters=None):
        """The bound numbers among ``numbers`` that match ``filters``: one listing when the instance is
        small, otherwise whichever is cheaper of listing every page or one SearchPattern look-up per
        number. ``total`` is the API's count for ``filters`` when a page was read, else None."""
        try:
            return self._find(set(numbers), dict(filters or {}))
        except IncompleteListing as exc:
            raise IncompleteListing("instance %s: %s" % (self.instance_id, exc.message), exc.changed) from None

    def _find(self, wanted, filters):
        if not wanted:
            return Listing({}, None)
        if len(wanted) == 1:
            # One look-up is never dearer than reading page 1 first, and one call cheaper whenever
            # the number is not on page 1 of a large instance.
            return Listing(self._search(sorted(wanted), filters), None)
        head = self.pager.page(1, filters)
        total, first = head
        pages = pages_for(total)
        missing = wanted - set(_index(first))
        if pages > 1 and (len(missing) < pages - 1 or total > LISTABLE):
            # Page 1 is one answer, true when it was given; the numbers it lacks are looked up.
            found = {n: item for n, item in _index(first).items() if n in wanted}
            found.update(self._search(sorted(missing), filters))
            return Listing(found, total)
        total, items = self.pager.read(filters, head)
        return Listing({n: item for n, item in items.items() if n in wanted}, total)

    def count(self, filters=None):
        """The API's count of bound numbers matching ``filters``, in one call."""
        return self.pager.count(filters)

    def _search(self, numbers, filters):
        """Look each number up with SearchPattern, every look-up a listing proven whole. The look-up
        replaces a SearchPattern of the caller's, so that filter is applied here: a number that does not
        contain it cannot match."""
        pattern = filters.get("SearchPattern")
        numbers = [n for n in numbers if not pattern or pattern in n]

        def look_up(number):
            # The look-ups already run side by side, so each reads its (rare) later pages one at a time.
            _total, items = self.pager.read(dict(filters, SearchPattern=number), side_by_side=False)
            return {number: items[number]} if number in items else {}

        found = {}
        for hits in self._run_all(look_up, numbers):
            found.update(hits)
        return found


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
        look-up each (a substring match, so only the number itself counts), side by side."""

        def look_up(number):
            # The look-ups already run side by side, so each reads its (rare) later pages one at a time.
            _total, items = self.pager.read({"SearchPattern": number}, side_by_side=False)
            return number, number in items

        return dict(self._run_all(look_up, list(numbers)))


def _index(items):
    return {item["Number"]: item for item in items if isinstance(item, dict) and item.get("Number")}
