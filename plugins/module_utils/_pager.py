# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: reading a list call page by page, and proving it whole.

CCC's list calls (ListPhoneNumbers, ListDoNotCallNumbers, ListUnassignedNumbers) page alike: ``PageNumber``
and ``PageSize`` in, ``Data.TotalCount`` and ``Data.List`` out. A list that gains or loses an item between two
pages shifts every later page, so an item is read twice or not at all, and a listing taken as read would
make a number that is bound look unbound (and be bound again) or leave one purge should unbind. So a listing
is accepted only when every page reported the count page 1 did and the distinct items read are as many; when
the list changed it is read again, at most ``REREADS`` times, and then refused with ``IncompleteListing``
before anything is decided on it.

``Pager`` knows the call, its fixed parameters and the paging; what an item is, and when one does not belong
to the listing, is the caller's ``check`` (``_slices.check_read`` for bound numbers).
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing
from ansible_collections.alibabacloud.ccc.plugins.module_utils._slices import (
    LISTABLE,
    PAGE_SIZE,
    check_count,
    listing_name,
    pages_for,
)

# A list that changed while it was read is read again this many times; a third change in a row is
# refused rather than chased, since a list changing that often cannot be read soundly by any number of reads.
REREADS = 2


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


def as_int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def reread(read):
    """``read()``, again while it raises an IncompleteListing saying the list changed, at most ``REREADS``
    more times. Any other refusal is raised at once: reading again would meet it again."""
    last = None
    for _attempt in range(REREADS + 1):
        try:
            return read()
        except IncompleteListing as exc:
            if not exc.changed:
                raise
            last = exc
    raise IncompleteListing(
        "the list changed during each of %d reads; the last time, %s" % (REREADS + 1, last.message), changed=True
    )


def _one_at_a_time(function, arguments):
    return [function(argument) for argument in arguments]


class Pager:
    """Pages of ``action`` (with ``params``, such as the instance) read through ``client``.
    ``run_all(function, arguments)`` runs page reads side by side within max_concurrency;
    ``check(filters, total, items) -> items by key`` proves a listing whole or raises IncompleteListing."""

    def __init__(self, client, action, params, run_all, check):
        self.client = client
        self.action = action
        self.params = dict(params)
        self.run_all = run_all
        self.check = check

    def page(self, number, filters=None, size=PAGE_SIZE):
        """(TotalCount, items) of one page of the listing ``filters`` (the call's own parameters) selects."""
        params = dict(self.params, PageNumber=str(number), PageSize=str(size))
        params.update(filters or {})
        data = self.client.call(self.action, params, write=False).get("Data") or {}
        return as_int(data.get("TotalCount")), as_list(data.get("List"))

    def count(self, filters=None):
        """The API's count for ``filters``, in one call."""
        return self.page(1, filters, size=1)[0]

    def read(self, filters=None, head=None, side_by_side=True):
        """(TotalCount, items by key): every item of the listing ``filters`` selects, proven whole, read again
        when it changed during the read. ``head`` is its page 1 when the caller has read that already;
        ``side_by_side=False`` reads one page at a time (for reads that already run side by side)."""
        filters, heads = dict(filters or {}), [head]

        def read_once():
            return self.read_once(filters, heads.pop() if heads else None, side_by_side)

        return reread(read_once)

    def read_once(self, filters=None, head=None, side_by_side=True):
        """One read of ``read``, refused with IncompleteListing when it cannot be proven whole."""
        filters = dict(filters or {})
        total, first = head or self.page(1, filters)
        if total > LISTABLE:
            raise IncompleteListing(
                "%s: the API counts %d, more than the %d one listing reaches" % (listing_name(filters), total, LISTABLE)
            )
        later = list(range(2, pages_for(total) + 1))
        # Every page is read before any is judged, so a read costs the same calls whatever it finds.
        pages = (self.run_all if side_by_side else _one_at_a_time)(lambda p: self.page(p, filters), later)
        items = list(first)
        for page, (count, page_items) in zip(later, pages):
            check_count(filters, total, count, page)
            items.extend(page_items)
        return total, self.check(filters, total, items)
