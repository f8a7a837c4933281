# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: phone-number rules and the pure planner.

Nothing here performs I/O. ``desired_from_params`` turns module options into a validated ``Desired``
(every input error is raised here, before any request), and ``make_plan`` turns (desired, current)
into the adds, modifies and removes that converge the instance.
"""

from __future__ import annotations

import re
from collections import namedtuple

USAGES = ("Inbound", "Outbound", "Bidirection")

# A number is an optional leading "+" and digits. The API stores numbers as given, so no other
# normalisation (spaces inside, dashes, country-code rewriting) is attempted: it would silently
# address a different number than the one the console shows.
_NUMBER_RE = re.compile(r"^\+?[0-9]{3,32}$")
# Instance, contact-flow and number-group ids are opaque tokens made of these characters.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
# Far more than one task should ever name; a larger list is almost certainly a templating mistake.
MAX_NAMED_NUMBERS = 20000


def scope_argument_spec():
    """The options both modules take to say which instance and numbers they are about."""
    return dict(
        instance_id=dict(type="str", required=True, aliases=["instance"]),
        numbers=dict(type="list", elements="str", aliases=["number_list"]),
        usage=dict(type="str", choices=list(USAGES)),
        max_concurrency=dict(type="int", default=8),
    )


class ValidationError(ValueError):
    """Bad input, found before any request is sent."""


# The state of one bound number, as far as this collection can read and change it.
Binding = namedtuple("Binding", ["number", "usage", "contact_flow_id"])

# One AddPhoneNumbers request shape: every number in ``numbers`` gets the same settings.
AddGroup = namedtuple("AddGroup", ["usage", "contact_flow_id", "number_group_id", "numbers"])

# A ModifyPhoneNumber: ``before`` and ``after`` are Bindings of the same number.
Modify = namedtuple("Modify", ["before", "after"])


class Desired(
    namedtuple(
        "Desired", ["instance_id", "numbers", "usage", "contact_flow_id", "number_group_id", "state", "purge", "force"]
    )
):
    """What the task asks for. ``numbers`` is a de-duplicated tuple in the order given;
    ``contact_flow_id`` is None for "leave as is" and "" for "clear"."""

    @property
    def named(self):
        return frozenset(self.numbers)


class Plan(namedtuple("Plan", ["adds", "modifies", "removes"])):
    """``adds``: AddGroups; ``modifies``: Modify; ``removes``: Bindings to unbind."""

    def __bool__(self):
        return bool(self.adds or self.modifies or self.removes)

    __nonzero__ = __bool__

    def goals(self):
        """number -> the Binding the plan gives it, or None for a number it unbinds."""
        goal = {}
        for group in self.adds:
            for number in group.numbers:
                goal[number] = Binding(number, group.usage, group.contact_flow_id or "")
        for change in self.modifies:
            goal[change.after.number] = change.after
        for binding in self.removes:
            goal[binding.number] = None
        return goal

    @property
    def added_numbers(self):
        return [number for group in self.adds for number in group.numbers]


def is_toll_free_400(number):
    """Chinese 400 numbers may only be bound for inbound calls."""
    return number.lstrip("+").startswith("400")


def normalize_numbers(raw):
    """Strip, validate and de-duplicate numbers, keeping the order first given."""
    if raw is None:
        return None
    seen = []
    known = set()
    bad = []
    for item in raw:
        text = item.strip() if isinstance(item, str) else str(item).strip()
        if not _NUMBER_RE.match(text):
            bad.append(item)
            continue
        if text not in known:
            known.add(text)
            seen.append(text)
    if bad:
        shown = ", ".join(repr(b) for b in bad[:5]) + (" and %d more" % (len(bad) - 5) if len(bad) > 5 else "")
        raise ValidationError(
            "numbers must be digits with an optional leading '+' (3 to 32 digits); invalid: %s" % shown
        )
    if len(seen) > MAX_NAMED_NUMBERS:
        raise ValidationError(
            "numbers names %d distinct numbers; at most %d are accepted in one task" % (len(seen), MAX_NAMED_NUMBERS)
        )
    return tuple(seen)


def validate_id(name, value, allow_empty=False):
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else str(value)
    if text == "" and allow_empty:
        return ""
    if not _ID_RE.match(text):
        raise ValidationError(
            "%s %r is not a valid id: use letters, digits, '_', '.', ':' and '-' (at most 128 characters)"
            % (name, value)
        )
    return text


def desired_from_params(params):
    """Validate the options of ccc_phone_numbers and return a Desired. Raises ValidationError."""
    instance_id = validate_id("instance_id", params.get("instance_id"))
    if not instance_id:
        raise ValidationError("instance_id must not be empty")
    numbers = normalize_numbers(params.get("numbers"))
    usage = params.get("usage")
    if usage is not None and usage not in USAGES:
        raise ValidationError("usage must be one of %s, got %r" % (", ".join(USAGES), usage))
    flow = validate_id("contact_flow_id", params.get("contact_flow_id"), allow_empty=True)
    group = validate_id("number_group_id", params.get("number_group_id"))
    for name in ("batch_size", "max_concurrency"):
        if params.get(name) is not None and params[name] < 1:
            raise ValidationError("%s must be at least 1, got %d" % (name, params[name]))
    state = params.get("state") or "present"
    purge = bool(params.get("purge"))

    if state == "present":
        if numbers is None and not purge:
            raise ValidationError(
                "state=present needs numbers (the numbers to bind), or purge=true with numbers=[] to unbind all"
            )
        if usage == "Outbound" and flow:
            raise ValidationError(
                "contact_flow_id cannot be set with usage=Outbound: a contact flow answers inbound calls"
            )
        if usage and usage != "Inbound":
            toll_free = [n for n in numbers or () if is_toll_free_400(n)]
            if toll_free:
                raise ValidationError(
                    "400 numbers can only be bound with usage=Inbound, not %s: %s" % (usage, ", ".join(toll_free))
                )
    else:
        if purge:
            raise ValidationError("purge applies to state=present only; with state=absent name the numbers to unbind")
        if not numbers:
            raise ValidationError("state=absent needs numbers: the numbers to unbind")
        if usage is not None or flow is not None or group is not None:
            raise ValidationError("usage, contact_flow_id and number_group_id do not apply to state=absent")
    return Desired(instance_id, numbers or (), usage, flow, group, state, purge, bool(params.get("force")))


def _target(desired, current):
    """The Binding a bound number should have, or None when the task leaves it alone."""
    usage = desired.usage or current.usage
    flow = current.contact_flow_id or ""
    if desired.contact_flow_id is not None:
        flow = desired.contact_flow_id
    return Binding(current.number, usage, flow)


def make_plan(desired, current):
    """Return the Plan that takes ``current`` (number -> Binding) to what ``desired`` asks.

    Numbers the task does not name are never touched, except by purge; purge never removes a named
    number. A bound number whose usage or flow differs is modified in place, never removed and re-added.
    Raises ValidationError for what can only be judged once the current state is known.
    """
    if desired.state == "absent":
        return Plan((), (), tuple(current[n] for n in desired.numbers if n in current))

    missing = [n for n in desired.numbers if n not in current]
    if missing and not desired.usage:
        raise ValidationError(
            "usage is required to bind numbers that are not bound to %s yet: %s"
            % (desired.instance_id, ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else ""))
        )
    adds = ()
    if missing:
        adds = (AddGroup(desired.usage, desired.contact_flow_id or "", desired.number_group_id or "", tuple(missing)),)

    modifies = []
    for number in desired.numbers:
        if number not in current:
            continue
        before = _normalized(current[number])
        after = _target(desired, before)
        if after.usage == "Outbound" and desired.contact_flow_id:
            raise ValidationError(
                "contact_flow_id cannot be set on %s: it is bound with usage=Outbound, and a contact flow answers "
                "inbound calls; give usage Inbound or Bidirection as well" % number
            )
        if after != before:
            modifies.append(Modify(before, after))

    removes = ()
    if desired.purge:
        named = desired.named
        removes = tuple(current[n] for n in sorted(current) if n not in named)
    return Plan(adds, tuple(modifies), removes)


def _normalized(binding):
    return Binding(binding.number, binding.usage, binding.contact_flow_id or "")


def apply_to(current, plan):
    """The state ``plan`` leads to from ``current`` (number -> Binding). Used for reporting and tests."""
    after = dict(current)
    for number, goal in plan.goals().items():
        if goal is None:
            after.pop(number, None)
        else:
            after[number] = goal
    return after


def split_batches(items, size):
    """Consecutive slices of at most ``size`` items."""
    items = list(items)
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]
