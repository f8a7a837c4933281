# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: reading a do-not-call list (ListDoNotCallNumbers).

The reading is the shared ``_reader.ListReader``'s: the checked pager, the look-up cost rule, the read of what
a task is about and the read-back. What is particular to this list is here: a list item becomes an ``Entry``
(``entry_of``, the only reader of an item), and the listing check knows that ``SearchPattern`` matches a
substring of the number OR of the remark (the API's rule; the remark ignoring case, as a database match
does), so a look-up by number keeps only the number itself, and an item of another scope does not belong.
Past the 10,000 one listing reaches, the list is one slice split by SearchPattern (``_slices.SlicedReader``).
"""

from __future__ import annotations

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import INSTANCE_SCOPE
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_plan import Entry
from ansible_collections.alibabacloud.ccc.plugins.module_utils._pager import as_int
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import BaseListing, ListReader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._slices import SlicedReader, check_read

ACTION = "ListDoNotCallNumbers"
# Why a split by longer patterns can come out short on this list; reading again would not help.
UNSPLIT = (
    "either entries hold the pattern in their remark alone, where no longer pattern of digits reaches them, or the "
    "list changed during the read"
)


def entry_of(item):
    """A ListDoNotCallNumbers item's Entry. ``CreatedTime`` (with the deprecated ``CreateTime`` as a fallback)
    is epoch milliseconds."""
    created = item.get("CreatedTime", item.get("CreateTime"))
    return Entry(
        item.get("Number"),
        item.get("Remark") or None,
        item.get("Scope"),
        item.get("Creator") or None,
        None if created is None else as_int(created, None),
    )


def holds(item, pattern):
    """The listing of the SearchPattern ``pattern`` holds ``item``: its number or its remark contains it."""
    remark = item.get("Remark")
    return pattern in (item.get("Number") or "") or (bool(remark) and pattern.casefold() in remark.casefold())


def stray_of(scope):
    """The listing check of the list of ``scope``: why an item does not belong to the listing ``filters``."""

    def stray(filters, item):
        number = item.get("Number") or ""
        if item.get("Scope") and item["Scope"] != scope:
            return "number %s came back with Scope=%s" % (number, item["Scope"])
        pattern = filters.get("SearchPattern")
        if pattern and not holds(item, pattern):
            return "number %s contains %s in neither its number nor its remark" % (number, pattern)
        return None

    return stray


class DoNotCallListing(BaseListing):
    """Entries of a do-not-call list by number (``records``, also ``entries``)."""

    record_of = staticmethod(entry_of)

    @property
    def entries(self):
        return self.records


class DoNotCallReader(ListReader):
    """The do-not-call list of ``scope`` (the instance's own by default; the account's is ``SYSTEM``)."""

    listing = DoNotCallListing
    HELD = "are listed"
    REMOVE = "remove"

    def __init__(self, client, instance_id, max_concurrency, scope=INSTANCE_SCOPE):
        self.stray = stray_of(scope)
        super().__init__(
            client,
            instance_id,
            max_concurrency,
            ACTION,
            lambda filters, total, items: check_read(filters, total, items, self.stray),
            {"Scope": scope},
        )

    def past_reach(self, filters, total):
        return SlicedReader(
            self.pager.page, self._run_all, self.stray, holds, slices=lambda f: [f], unsplit=UNSPLIT
        ).read(filters, total)

    def query(self, query):
        """What ccc_do_not_call_numbers_info asks for: (DoNotCallListing, its count)."""
        listing = self.list_all(query.filters)
        return listing, listing.total
