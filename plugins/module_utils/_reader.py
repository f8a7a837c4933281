# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: reading an instance's bound phone numbers.

``Reader`` lists or looks up bound numbers with as few round trips as the API allows: concurrent
paging within ``max_concurrency``, or one SearchPattern look-up per number where that is cheaper.
Listings past the 10,000 numbers one listing reaches are read by slices (``_slices.py``). Every list
item becomes one typed record here, and only here: a ``Binding`` (what the planner compares) and its
``Details`` (what the info module and the report show besides).
"""

from __future__ import annotations

import math
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._concurrency import run_all
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Binding
from ansible_collections.alibabacloud.ccc.plugins.module_utils._slices import (
    LISTABLE,
    MAX_PAGES,
    PAGE_SIZE,
    SlicedReader,
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


def as_list(value):
    """A JSON list as the API sends it today. Older API pages show ``List`` and ``SkillGroups`` as a
    single object (an XML-to-JSON artifact: one item, or a wrapper holding the list); accept those."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        inner = list(value.values())
        if len(inner) == 1 and isinstance(inner[0], list):
            return inner[0]
        return [value]
    return []


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


def _as_int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


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

    def _page(self, page, filters=None):
        params = {"InstanceId": self.instance_id, "PageNumber": str(page), "PageSize": str(PAGE_SIZE)}
        params.update(filters or {})
        data = self.client.call("ListPhoneNumbers", params, write=False).get("Data") or {}
        return _as_int(data.get("TotalCount")), as_list(data.get("List"))

    def _run_all(self, function, arguments):
        return run_all(function, arguments, self.max_concurrency)

    def _pages(self, pages, filters=None):
        """Fetch the given page numbers, concurrently within max_concurrency, in order."""
        return self._run_all(lambda p: self._page(p, filters), pages)

    def list_all(self, filters=None):
        """Every bound number matching ``filters`` (ListPhoneNumbers parameters), all pages; past the
        reach of one listing, by slices. Raises IncompleteListing rather than return part of them."""
        total, first = self._page(1, filters)
        if total > LISTABLE:
            try:
                items = SlicedReader(self._page, self._run_all).read(dict(filters or {}), total)
            except IncompleteListing as exc:
                raise IncompleteListing(
                    "instance %s holds %d numbers%s, more than the %d one listing reaches, and they could not all "
                    "be read: %s"
                    % (
                        self.instance_id,
                        total,
                        " matching %s" % describe(filters) if filters else "",
                        LISTABLE,
                        exc.message,
                    )
                ) from None
            return Listing(items, total)
        pages = min(MAX_PAGES, int(math.ceil(total / float(PAGE_SIZE))))
        items = _index(first)
        for _total, page_items in self._pages(list(range(2, pages + 1)), filters):
            items.update(_index(page_items))
        return Listing(items, total)

    def read_scope(self, desired):
        """The bound numbers a task is about: the whole instance with purge, else the named numbers.
        Purge never acts on a partial view: an instance that cannot be read whole is refused."""
        if not desired.purge:
            return self.find(desired.numbers)
        try:
            return self.list_all()
        except IncompleteListing as exc:
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
        wanted = set(numbers)
        if not wanted:
            return Listing({}, None)
        if len(wanted) == 1:
            # One look-up is never dearer than reading page 1 first, and one call cheaper whenever
            # the number is not on page 1 of a large instance.
            return Listing(self._search(sorted(wanted), filters), None)
        total, first = self._page(1, filters)
        found = {n: item for n, item in _index(first).items() if n in wanted}
        pages = min(MAX_PAGES, int(math.ceil(total / float(PAGE_SIZE))))
        if pages <= 1:
            return Listing(found, total)
        missing = sorted(wanted - set(found))
        if len(missing) < pages - 1 or total > LISTABLE:
            found.update(self._search(missing, filters))
            return Listing(found, total)
        for _total, page_items in self._pages(list(range(2, pages + 1)), filters):
            found.update((n, item) for n, item in _index(page_items).items() if n in wanted)
        return Listing(found, total)

    def count(self, filters=None):
        """The API's count of bound numbers matching ``filters``, in one call."""
        params = {"InstanceId": self.instance_id, "PageNumber": "1", "PageSize": "1"}
        params.update(filters or {})
        data = self.client.call("ListPhoneNumbers", params, write=False).get("Data") or {}
        return _as_int(data.get("TotalCount"))

    def _search(self, numbers, filters):
        """Look each number up with SearchPattern. The look-up replaces a SearchPattern of the caller's,
        so that filter is applied here: a number that does not contain it cannot match."""
        pattern = (filters or {}).get("SearchPattern")
        numbers = [n for n in numbers if not pattern or pattern in n]

        def look_up(number):
            hits = {}
            search = dict(filters or {}, SearchPattern=number)
            page = 1
            while True:
                total, page_items = self._page(page, search)
                hits.update((n, item) for n, item in _index(page_items).items() if n == number)
                if number in hits or page * PAGE_SIZE >= total or page >= MAX_PAGES:
                    return hits
                page += 1

        found = {}
        for hits in self._run_all(look_up, numbers):
            found.update(hits)
        return found


def _index(items):
    return {item["Number"]: item for item in items if isinstance(item, dict) and item.get("Number")}
