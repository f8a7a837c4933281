# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: listing more numbers than one listing reaches.

ListPhoneNumbers pages reach 100 x 100 = 10,000 numbers per filter combination. Every bound number has
exactly one Usage and one Active value, so the six Usage x Active slices are disjoint and add up to the
instance: each is listed on its own, and the result is accepted only when the slices' counts add up to the
instance's, every slice was read whole, no number turned up in two slices and every item carries its
slice's Usage and Active.

A slice still over the reach is split by SearchPattern, a substring match. Substrings never partition
the numbers (a number holds many of them), so the split does not rely on disjointness: it keeps reading
listings of longer patterns until the distinct numbers it holds, each checked to contain its pattern and
to carry the slice's values, are as many as the slice counts. Numbers read that belong to a set of N
numbers, N distinct of them, are that whole set: that is the proof of completeness, whatever patterns led
there. When it cannot get there within its call budget, it refuses. To keep re-reading low it first
extends a pattern as far as every number holding it agrees (an area code), then reads the sub-listing
with the most numbers not read yet per call.

The pure checks are module functions; ``SlicedReader`` does the reading through two callables, so the
whole of it runs in unit tests against an in-memory account.
"""

from __future__ import annotations

import math
import threading

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import IncompleteListing

PAGE_SIZE = 100  # ListPhoneNumbers: PageSize is 1..100
MAX_PAGES = 100  # ListPhoneNumbers: PageNumber is 1..100
LISTABLE = PAGE_SIZE * MAX_PAGES

USAGES = ("Inbound", "Outbound", "Bidirection")
ACTIVE = ("true", "false")  # as the API takes them
DIGITS = "0123456789"
LONGEST_NUMBER = 33  # the planner accepts up to 32 digits and a leading +: no pattern needs to be longer

# Calls the SearchPattern split of one slice may make: this many per 100 numbers of the slice, plus a
# fixed allowance for finding where the numbers branch. Measured on the unit tests' in-memory account:
# numbers sharing an area code or prefix take 1.1 to 1.3 calls per 100 (15,000 of one area code: 171
# calls; 30,001 of four area codes: 393), 12,000 numbers of random digits 3.7; past the budget the
# slice is refused rather than cost thousands of calls.
SPLIT_CALLS_PER_PAGE = 3
SPLIT_CALLS_FIXED = 300


def pages_for(total):
    return min(MAX_PAGES, int(math.ceil(total / float(PAGE_SIZE))))


def slice_filters(filters):
    """The disjoint filter combinations that make up ``filters``: Usage x Active over what it leaves open."""
    usages = [filters["Usage"]] if filters.get("Usage") else USAGES
    actives = [str(filters["Active"]).lower()] if filters.get("Active") else ACTIVE
    return [dict(filters, Usage=usage, Active=active) for usage in usages for active in actives]


def describe(filters):
    """``Usage=Outbound, Active=true``: how messages name a slice."""
    return ", ".join("%s=%s" % (key, filters[key]) for key in ("Usage", "Active", "SearchPattern") if filters.get(key))


def _active(value):
    return str(value).lower()


def stray(filters, item):
    """Why ``item`` does not belong to the listing ``filters``, or None when it does."""
    number = item.get("Number") or ""
    if filters.get("Usage") and item.get("Usage") != filters["Usage"]:
        return "number %s came back with Usage=%s" % (number, item.get("Usage"))
    if filters.get("Active") and _active(item.get("Active")) != _active(filters["Active"]):
        return "number %s came back with Active=%s" % (number, _active(item.get("Active")))
    if filters.get("SearchPattern") and filters["SearchPattern"] not in number:
        return "number %s does not contain %s" % (number, filters["SearchPattern"])
    return None


def listing_name(filters):
    """How messages name a listing: its filters, or "the listing" when it has none."""
    return describe(filters) or "the listing"


def check_count(filters, first_count, count, page):
    """Every page of one listing must report the count its page 1 did: a list that gains or loses an item
    between two pages shifts every later page, so an item is read twice or not at all."""
    if count != first_count:
        raise IncompleteListing(
            "%s: the API counted %d numbers on page 1 and %d on page %d, so the list changed during the read"
            % (listing_name(filters), first_count, count, page),
            changed=True,
        )


def check_read(filters, total, items, stray=stray):
    """One listing read whole: ``items`` must be ``total`` distinct numbers, each matching ``filters``
    (``stray`` says why an item does not). Returns them by number."""
    by_number = {}
    for item in items:
        number = item.get("Number")
        reason = stray(filters, item) or (None if number else "an item came back without a Number")
        if reason:
            raise IncompleteListing(
                "%s: %s, so the API does not filter as the collection relies on" % (listing_name(filters), reason)
            )
        by_number[number] = item
    if len(items) != total or len(by_number) != total:
        raise IncompleteListing(
            "%s: the API counted %d numbers but %d distinct ones were read, so the list changed during the read"
            % (listing_name(filters), total, len(by_number)),
            changed=True,
        )
    return by_number


def merge_slices(total, parts):
    """Disjoint slices, each ``(filters, count, items by number)`` and each read whole, as one listing of
    ``total`` numbers; refused when a number is in two slices or the counts do not add up."""
    merged, slice_of = {}, {}
    for filters, _count, items in parts:
        for number, item in items.items():
            if number in slice_of:
                raise IncompleteListing(
                    "number %s was read in both %s and %s, so it changed slice during the read"
                    % (number, describe(slice_of[number]), describe(filters)),
                    changed=True,
                )
            slice_of[number] = filters
            merged[number] = item
    counted = sum(count for _filters, count, _items in parts)
    if counted != total or len(merged) != total:
        raise IncompleteListing(
            "the slices (%s) count %d numbers together but the instance counts %d, so numbers changed during "
            "the read" % ("; ".join("%s: %d" % (describe(f), count) for f, count, _items in parts), counted, total),
            changed=True,
        )
    return merged


def extensions(pattern):
    """Longer patterns that between them match every number containing ``pattern`` (other than ``pattern``
    itself): each occurrence has a digit after it or, at the end of a number, a digit or + before it.
    The left ones are only needed for numbers that end in ``pattern``, so they come second."""
    if not pattern:
        return [list(DIGITS + "+")]  # at the root the two sides are the same single characters
    return [pattern + digit for digit in DIGITS], [lead + pattern for lead in DIGITS + "+"]


def _holding(found, pattern):
    """How many of the numbers read so far contain ``pattern``."""
    return sum(1 for number in found if pattern in number) if pattern else len(found)


def _worth(count, unread):
    """Numbers not read yet that a sub-listing brings per call it costs (a split of one over the reach
    costs about 1.3 calls a page plus 60): reading the best first keeps re-reading low where the
    sub-listings overlap, as they do for numbers of several area codes."""
    pages = int(math.ceil(count / float(PAGE_SIZE)))
    return unread / max(1.0, pages if count <= LISTABLE else 1.3 * pages + 60)


class SlicedReader:
    """Reads a listing past the reach by slices. ``read_page(page, filters) -> (TotalCount, items)``;
    ``run_all(function, arguments) -> [results]`` runs calls concurrently within max_concurrency."""

    def __init__(self, read_page, run_all):
        self.read_page = read_page
        self.run_all = run_all
        self._lock = threading.Lock()
        self.calls = 0

    def _count_page(self, page, filters):
        with self._lock:
            self.calls += 1
        count, items = self.read_page(page, filters)
        for item in items:  # every page, so a filter the API ignores is caught on its first page
            reason = stray(filters, item)
            if reason:
                raise IncompleteListing(
                    "%s: %s, so the API does not filter as the collection relies on" % (describe(filters), reason)
                )
        return count, items

    def read(self, filters, total):
        """Every number matching ``filters``, whose unfiltered count ``total`` exceeds the reach."""
        slices = slice_filters(filters)
        heads = self.run_all(lambda f: self._count_page(1, f), slices)
        listed = [(f, count, items) for f, (count, items) in zip(slices, heads) if count <= LISTABLE]
        rest = iter(self._rest_of(listed))
        parts = []
        for f, (count, items) in zip(slices, heads):
            whole = check_read(f, count, items + next(rest)) if count <= LISTABLE else self._split(f, count, items)
            parts.append((f, count, whole))
        merged = merge_slices(total, parts)
        closing, _items = self._count_page(1, filters)
        if closing != total:
            raise IncompleteListing(
                "the instance counted %d numbers before the read and %d after, so it changed during the read"
                % (total, closing),
                changed=True,
            )
        return merged

    def _rest_of(self, heads):
        """Pages 2.. of each ``(filters, count, first items)``, all in one concurrent run: the items of
        each listing in page order."""
        wanted = [(index, page) for index, head in enumerate(heads) for page in range(2, pages_for(head[1]) + 1)]
        pages = self.run_all(lambda job: self._later_page(heads[job[0]], job[1]), wanted)
        rest = [[] for _head in heads]
        for (index, _page), items in zip(wanted, pages):
            rest[index].extend(items)
        return rest

    def _later_page(self, head, page):
        filters, first_count = head[0], head[1]
        count, items = self._count_page(page, filters)
        check_count(filters, first_count, count, page)
        return items

    def _split(self, slice_, count, sample):
        """The whole of a slice over the reach, by SearchPattern; refused when it cannot be proven whole."""
        allowance = SPLIT_CALLS_PER_PAGE * int(math.ceil(count / float(PAGE_SIZE))) + SPLIT_CALLS_FIXED
        budget = (self.calls + allowance, allowance)  # (the call count not to pass, the allowance)
        try:
            return self._cover(slice_, slice_.get("SearchPattern") or "", count, sample, budget)
        except IncompleteListing as exc:
            raise IncompleteListing(
                "the slice %s holds %d numbers, more than the %d one listing reaches, and splitting it by "
                "SearchPattern failed: %s" % (describe(slice_), count, LISTABLE, exc.message),
                changed=exc.changed,
            ) from None

    def _cover(self, slice_, pattern, count, sample, budget, found=None):
        """Every number of ``slice_`` containing ``pattern``, ``count`` of them (over the reach), added to
        ``found`` (the slice's numbers read so far, which count too); ``sample`` is a page of them."""
        found = {} if found is None else found
        pattern = self._stem(slice_, pattern, count, sample, budget)
        if len(pattern) >= LONGEST_NUMBER:
            raise IncompleteListing("%d numbers contain %s" % (count, pattern))
        holding = _holding(found, pattern)
        for candidates in extensions(pattern):
            if holding >= count:
                break
            self._spend(len(candidates), budget)
            listings = [dict(slice_, SearchPattern=c) for c in candidates]
            heads = dict(zip(candidates, self.run_all(lambda f: self._count_page(1, f), listings)))
            known = {c: _holding(found, c) for c in heads}  # numbers of each sub-listing read already
            while heads and holding < count:
                # The sub-listing with the most numbers not read yet per call it costs, then the largest.
                sub = max(heads, key=lambda c: (_worth(heads[c][0], heads[c][0] - known[c]), heads[c][0]))
                sub_count, items = heads.pop(sub)
                if known.pop(sub) >= sub_count:
                    continue
                sub_filters = dict(slice_, SearchPattern=sub)
                before = len(found)
                if sub_count > LISTABLE:
                    self._cover(slice_, sub, sub_count, items, budget, found)
                else:
                    self._spend(pages_for(sub_count) - 1, budget)
                    rest = self._rest_of([(sub_filters, sub_count, items)])[0]
                    found.update(check_read(sub_filters, sub_count, items + rest))
                new = list(found)[before:]  # dicts keep insertion order
                holding += sum(1 for number in new if pattern in number)
                for c in known:
                    known[c] += sum(1 for number in new if c in number)
        holding = _holding(found, pattern)
        if holding != count:
            raise IncompleteListing(
                "%s counts %d numbers but the longer patterns found %d of them"
                % (describe(dict(slice_, SearchPattern=pattern)), count, holding),
                changed=True,
            )
        return found

    def _stem(self, slice_, pattern, count, sample, budget):
        """The longest extension of ``pattern`` that all ``count`` numbers containing it contain too, read
        off a sample number by bisection (about four look-ups): numbers sharing an area code or prefix
        then branch where they differ, so the listings below barely overlap. Counting is what makes
        it safe: an extension counted as often as ``pattern`` matches the same numbers."""
        holder = next((item.get("Number") for item in sample if pattern in (item.get("Number") or "")), None)
        if not holder:
            return pattern
        start = holder.index(pattern)
        known, limit = 0, len(holder) - start - len(pattern)
        while known < limit:
            probe = (known + limit + 1) // 2
            candidate = holder[start : start + len(pattern) + probe]
            self._spend(1, budget)
            if self._count_page(1, dict(slice_, SearchPattern=candidate))[0] == count:
                known = probe
            else:
                limit = probe - 1
        return holder[start : start + len(pattern) + known]

    def _spend(self, calls, budget):
        if self.calls + calls > budget[0]:
            raise IncompleteListing("it would take more than %d calls" % budget[1])
