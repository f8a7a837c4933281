# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: reading an instance's bound phone numbers.

``Reader`` lists or looks up bound numbers with as few round trips as the API allows: concurrent
paging within ``max_concurrency``, or one SearchPattern look-up per number where that is cheaper.
Listings past the 10,000 numbers one listing reaches are read by slices (``_slices.py``).
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._plan import Binding
from ansible_collections.alibabacloud.ccc.plugins.module_utils._slices import (
    LISTABLE,
    MAX_PAGES,
    PAGE_SIZE,
    SlicedReader,
    describe,
)


def binding_of(item):
    return Binding(item.get("Number"), item.get("Usage"), item.get("ContactFlowId") or "", skill_group_ids(item))


def skill_group_ids(item):
    """The ids of the skill groups a list item puts its number in, sorted and unique: membership comes
    with the items already read, at no extra call."""
    groups = item.get("SkillGroups")
    if not groups:  # most numbers: keep reading 10,000 items cheap
        return ()
    groups = as_list(groups)
    return tuple(
        sorted({g["SkillGroupId"] for g in groups if isinstance(g, dict) and isinstance(g.get("SkillGroupId"), str)})
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


def _as_int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class Listing:
    """The bound numbers read from the instance: ``items`` maps number -> raw list item; ``total`` is
    the API's TotalCount for the filters (None when only look-ups were made). ``list_all`` only returns
    complete listings (else IncompleteListing)."""

    def __init__(self, items, total):
        self.items = items
        self.total = total

    @property
    def bindings(self):
        return {number: binding_of(item) for number, item in self.items.items()}


class Reader:
    def __init__(self, client, instance_id, max_concurrency=8):
        self.client = client
        self.instance_id = instance_id
        self.max_concurrency = max(1, max_concurrency)

    def _page(self, page, filters=None):
        params = {"InstanceId": self.instance_id, "PageNumber": str(page), "PageSize": str(PAGE_SIZE)}
        params.update(filters or {})
        data = self.client.call("ListPhoneNumbers", params, write=False).get("Data") or {}
        return _as_int(data.get("TotalCount")), as_list(data.get("List"))

    def _pages(self, pages, filters=None):
        """Fetch the given page numbers, concurrently within max_concurrency, in order."""
        return self._run_all(lambda p: self._page(p, filters), pages)

    def _run_all(self, function, arguments):
        """``function`` over ``arguments``, concurrently within max_concurrency, results in order."""
        arguments = list(arguments)
        if len(arguments) <= 1 or self.max_concurrency == 1:
            return [function(argument) for argument in arguments]
        with ThreadPoolExecutor(max_workers=min(self.max_concurrency, len(arguments))) as pool:
            return list(pool.map(function, arguments))

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
    indexed = {}
    for item in items:
        if isinstance(item, dict) and item.get("Number"):
            if "SkillGroups" in item and not isinstance(item["SkillGroups"], list):
                item = dict(item, SkillGroups=as_list(item["SkillGroups"]))
            indexed[item["Number"]] = item
    return indexed
