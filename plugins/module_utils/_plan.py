# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: phone-number rules and the one pure planner.

Nothing here performs I/O, and every decision is made here. ``desired_from_params`` turns module
options into a validated ``Desired`` (every input error is raised before any request), ``make_plan``
turns (desired, current) into the adds, modifies (usage, flow and skill-group membership) and removes
that converge the instance, and ``settle`` judges writes whose outcome is in doubt against what was
read back. The reader, the applier and the report only carry out and render what these return.
"""

from __future__ import annotations

import re
from collections import namedtuple

USAGES = ("Inbound", "Outbound", "Bidirection")

# A number is an optional leading "+" and digits. The API stores numbers as given, so no other
# normalisation (spaces inside, dashes, country-code rewriting) is attempted: it would silently
# address a different number than the one the console shows.
_NUMBER_RE = re.compile(r"^\+?[0-9]{3,32}$")
# A Chinese toll-free 400 number, written nationally (400...) or with the country code (+86400...,
# 86400..., 0086400...). Chinese national numbers never start with 86, so the prefix is unambiguous.
_TOLL_FREE_400_RE = re.compile(r"^\+?(?:0086|86)?400")
# Instance, contact-flow and number-group ids are opaque tokens made of these characters.
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
# Skill group ids read "name@instance-id" (e.g. "sales@ccc-test").
_SKILL_GROUP_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,255}$")
# Far more than one task should ever name; a larger list is almost certainly a templating mistake.
MAX_NAMED_NUMBERS = 20000
# The settings a binding may carry; in the flat form they are options of the module itself.
BINDING_KEYS = ("numbers", "usage", "contact_flow_id", "number_group_id", "skill_group_ids")


def scope_argument_spec():
    """The options both modules take to say which instance and numbers they are about."""
    return dict(
        instance_id=dict(type="str", required=True, aliases=["instance"]),
        numbers=dict(type="list", elements="str", aliases=["number_list"]),
        usage=dict(type="str", choices=list(USAGES)),
        max_concurrency=dict(type="int", default=8),
    )


def bindings_argument_spec():
    """The ``bindings`` option of ccc_phone_numbers: the flat binding options, as a list."""
    return dict(
        type="list",
        elements="dict",
        options=dict(
            numbers=dict(type="list", elements="str", required=True),
            usage=dict(type="str", choices=list(USAGES)),
            contact_flow_id=dict(type="str"),
            number_group_id=dict(type="str"),
            skill_group_ids=dict(type="list", elements="str"),
        ),
    )


class ValidationError(ValueError):
    """Bad input, found before any write is sent."""


# The state of one bound number, as far as this collection can read and change it. ``skill_group_ids``
# is a sorted tuple: the skill groups whose agents the number serves.
Binding = namedtuple("Binding", ["number", "usage", "contact_flow_id", "skill_group_ids"], defaults=((),))

# One AddNumbersToSkillGroup (``join``) or RemovePhoneNumbersFromSkillGroup call's shape.
Membership = namedtuple("Membership", ["skill_group_id", "join", "numbers"])

# One AddPhoneNumbers request shape: every number in ``numbers`` gets the same settings.
AddGroup = namedtuple("AddGroup", ["usage", "contact_flow_id", "number_group_id", "numbers"])


class Modify(namedtuple("Modify", ["before", "after"])):
    """A change to a bound number: ``before`` and ``after`` are Bindings of the same number. Its usage and
    flow change with ModifyPhoneNumber (``resets``), its skill groups with the membership calls. A number
    the plan adds has a Modify too when it joins skill groups after it is added."""

    @property
    def resets(self):
        """Usage or flow differ: the change needs a ModifyPhoneNumber."""
        return (self.before.usage, self.before.contact_flow_id) != (self.after.usage, self.after.contact_flow_id)

    @property
    def joined(self):
        return tuple(sorted(set(self.after.skill_group_ids) - set(self.before.skill_group_ids)))

    @property
    def left(self):
        return tuple(sorted(set(self.before.skill_group_ids) - set(self.after.skill_group_ids)))

    def pieces(self):
        """The membership pieces of the change: (number, skill_group_id, join)."""
        number = self.after.number
        return [(number, sg, True) for sg in self.joined] + [(number, sg, False) for sg in self.left]

    @property
    def clears_flow(self):
        """The change relies on an empty ContactFlowId clearing the flow, which the API does not
        document: the number is read back after the write to confirm it."""
        return bool(self.before.contact_flow_id) and not self.after.contact_flow_id


# One binding of the task: numbers that share a usage, a contact flow, a number group and skill groups.
# ``usage`` None leaves bound numbers' usage alone; ``contact_flow_id`` None leaves the flow alone and
# "" clears it; ``number_group_id`` applies to numbers when they are added; ``skill_group_ids`` None
# leaves membership alone, a (sorted) tuple is exactly the skill groups the numbers belong to.
Spec = namedtuple("Spec", ["numbers", "usage", "contact_flow_id", "number_group_id", "skill_group_ids"])


class Desired(namedtuple("Desired", ["instance_id", "bindings", "state", "purge", "force"])):
    """What the task asks for: ``bindings`` is a tuple of Specs, no number in two of them."""

    @property
    def numbers(self):
        """Every named number, in the order the task named them."""
        return tuple(number for spec in self.bindings for number in spec.numbers)

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

    def memberships(self, skip=()):
        """The membership calls of the plan, one per skill group and direction, leaving out ``skip``
        (numbers not known to be bound, which the API would refuse the whole call for)."""
        numbers = {}
        for change in self.modifies:
            for number, skill_group_id, join in change.pieces():
                if number not in skip:
                    numbers.setdefault((skill_group_id, join), []).append(number)
        return tuple(Membership(sg, join, tuple(ns)) for (sg, join), ns in sorted(numbers.items()))

    def read_back(self):
        """Numbers whose write must be confirmed by reading them again after it succeeded."""
        return frozenset(change.after.number for change in self.modifies if change.clears_flow)

    def only(self, numbers, pieces=None):
        """The part of the plan a run did when just ``numbers`` were confirmed (their add, modify or
        remove) and, of the skill-group membership, just ``pieces`` ((number, skill_group_id, join));
        ``pieces`` None keeps the membership changes of ``numbers``."""
        keep = frozenset(numbers)
        adds = []
        for group in self.adds:
            kept = tuple(n for n in group.numbers if n in keep)
            if kept:
                adds.append(group._replace(numbers=kept))
        modifies = []
        for change in self.modifies:
            before, after = change
            done = [p for p in change.pieces() if (after.number in keep if pieces is None else p in pieces)]
            groups = set(before.skill_group_ids)
            groups.update(sg for _n, sg, join in done if join)
            groups.difference_update(sg for _n, sg, join in done if not join)
            settings = after if change.resets and after.number in keep else before
            reached = Binding(after.number, settings.usage, settings.contact_flow_id, tuple(sorted(groups)))
            if reached != before:
                modifies.append(Modify(before, reached))
        return Plan(tuple(adds), tuple(modifies), tuple(b for b in self.removes if b.number in keep))


def is_toll_free_400(number):
    """Chinese 400 numbers may only be bound for inbound calls."""
    return bool(_TOLL_FREE_400_RE.match(number))


def _shown(items, limit=10):
    items = list(items)
    return ", ".join(items[:limit]) + (" and %d more" % (len(items) - limit) if len(items) > limit else "")


def normalize_numbers(raw, where=""):
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
            "%snumbers must be digits with an optional leading '+' (3 to 32 digits); invalid: %s" % (where, shown)
        )
    if len(seen) > MAX_NAMED_NUMBERS:
        raise ValidationError(
            "%snumbers names %d distinct numbers; at most %d are accepted in one task"
            % (where, len(seen), MAX_NAMED_NUMBERS)
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


def _skill_group_ids(raw, where):
    """The exact skill groups of a binding, sorted and unique; None (not given) leaves membership alone."""
    if raw is None:
        return None
    ids = set()
    for value in raw:
        text = value.strip() if isinstance(value, str) else str(value)
        if not _SKILL_GROUP_ID_RE.match(text):
            raise ValidationError(
                "%sskill_group_ids: %r is not a valid skill group id: use letters, digits, '_', '.', ':', '@' "
                "and '-' (at most 256 characters)" % (where, value)
            )
        ids.add(text)
    return tuple(sorted(ids))


def _spec(raw, where):
    """One binding's options as a validated Spec; ``where`` prefixes messages ("bindings[2]: ")."""
    usage = raw.get("usage")
    if usage is not None and usage not in USAGES:
        raise ValidationError("%susage must be one of %s, got %r" % (where, ", ".join(USAGES), usage))
    return Spec(
        normalize_numbers(raw.get("numbers"), where),
        usage,
        validate_id(where + "contact_flow_id", raw.get("contact_flow_id"), allow_empty=True),
        validate_id(where + "number_group_id", raw.get("number_group_id")),
        _skill_group_ids(raw.get("skill_group_ids"), where),
    )


def _specs_from_params(params):
    """The task's bindings: the ``bindings`` list, or the flat options as one binding; None when the
    task declares neither."""
    listed = params.get("bindings")
    if listed is None:
        flat = _spec(params, "")
        return None if flat.numbers is None else (flat,)
    given = [key for key in BINDING_KEYS if params.get(key) is not None]
    if given:
        raise ValidationError("bindings is mutually exclusive with %s: put them inside each binding" % ", ".join(given))
    specs = []
    for index, raw in enumerate(listed):
        if not isinstance(raw, dict):
            raise ValidationError("bindings[%d] must be a dictionary, got %r" % (index, raw))
        where = "bindings[%d]: " % index
        unknown = sorted(set(raw) - set(BINDING_KEYS))
        if unknown:
            raise ValidationError(
                "%sunknown keys %s; a binding takes %s" % (where, ", ".join(unknown), ", ".join(BINDING_KEYS))
            )
        if raw.get("numbers") is None:
            raise ValidationError("%snumbers is required" % where)
        specs.append(_spec(raw, where))
    return tuple(specs)


def _where(specs, index):
    """Messages name the binding when the task has several."""
    return "bindings[%d]: " % index if len(specs) > 1 else ""


def _check_named_once(specs):
    seen, twice = set(), []
    for spec in specs:
        for number in spec.numbers:
            if number in seen and number not in twice:
                twice.append(number)
            seen.add(number)
    if twice:
        raise ValidationError("each number may appear in only one binding; named more than once: %s" % _shown(twice))


def _check_present(spec, where):
    """The rules one binding must meet before anything is read."""
    if spec.usage == "Outbound" and spec.contact_flow_id:
        raise ValidationError(
            "%scontact_flow_id cannot be set with usage=Outbound: a contact flow answers inbound calls" % where
        )
    if spec.usage and spec.usage != "Inbound":
        toll_free = [n for n in spec.numbers if is_toll_free_400(n)]
        if toll_free:
            raise ValidationError(
                "%s400 numbers can only be bound with usage=Inbound, not %s: %s"
                % (where, spec.usage, _shown(toll_free))
            )


def desired_from_params(params):
    """Validate the options of ccc_phone_numbers and return a Desired. Raises ValidationError."""
    instance_id = validate_id("instance_id", params.get("instance_id"))
    if not instance_id:
        raise ValidationError("instance_id must not be empty")
    for name in ("batch_size", "max_concurrency"):
        if params.get(name) is not None and params[name] < 1:
            raise ValidationError("%s must be at least 1, got %d" % (name, params[name]))
    specs = _specs_from_params(params)
    declared = specs is not None
    specs = specs or ()
    _check_named_once(specs)
    state = params.get("state") or "present"
    purge = bool(params.get("purge"))
    named = [n for spec in specs for n in spec.numbers]

    if state == "present":
        if not declared and not purge:
            raise ValidationError(
                "state=present needs numbers (or bindings) to bind, or purge=true with numbers=[] to unbind all"
            )
        for index, spec in enumerate(specs):
            _check_present(spec, _where(specs, index))
    else:
        if purge:
            raise ValidationError("purge applies to state=present only; with state=absent name the numbers to unbind")
        if not named:
            raise ValidationError("state=absent needs numbers: the numbers to unbind")
        for index, spec in enumerate(specs):
            if any(value is not None for value in spec[1:]):
                raise ValidationError(
                    "%susage, contact_flow_id, number_group_id and skill_group_ids do not apply to state=absent"
                    % _where(specs, index)
                )
    return Desired(instance_id, specs, state, purge, bool(params.get("force")))


def _target(spec, current):
    """The Binding a bound number should have under ``spec``."""
    usage = spec.usage or current.usage
    if usage == "Outbound":
        # An Outbound number answers no calls, so it has no contact flow: switching to Outbound clears it.
        flow = ""
    elif spec.contact_flow_id is not None:
        flow = spec.contact_flow_id
    else:
        flow = current.contact_flow_id
    groups = current.skill_group_ids if spec.skill_group_ids is None else spec.skill_group_ids
    return Binding(current.number, usage, flow, groups)


def make_plan(desired, current):
    """Return the Plan that takes ``current`` (number -> Binding) to what ``desired`` asks.

    Numbers the task does not name are never touched, except by purge; purge never removes a named
    number. A bound number whose usage or flow differs is modified in place, never removed and re-added.
    Raises ValidationError for what can only be judged once the current state is known, for every
    binding at once and before any write.
    """
    if desired.state == "absent":
        return Plan((), (), tuple(current[n] for n in desired.numbers if n in current))

    problems = []
    adds = {}
    modifies = []
    for index, spec in enumerate(desired.bindings):
        where = _where(desired.bindings, index)
        missing = [n for n in spec.numbers if n not in current]
        if missing and not spec.usage:
            problems.append(
                "%susage is required to bind numbers that are not bound to %s yet: %s"
                % (where, desired.instance_id, _shown(missing))
            )
        elif missing:
            key = (spec.usage, spec.contact_flow_id or "", spec.number_group_id or "")
            adds.setdefault(key, []).extend(missing)
        flows_on_outbound = []
        for number in spec.numbers:
            if number not in current:
                if spec.usage and spec.skill_group_ids:
                    modifies.append(_joins_after_add(number, spec.usage, spec.contact_flow_id, spec.skill_group_ids))
                continue
            before = _normalized(current[number])
            after = _target(spec, before)
            if after.usage == "Outbound" and spec.contact_flow_id:
                flows_on_outbound.append(number)
            elif after != before:
                modifies.append(Modify(before, after))
        if flows_on_outbound:
            problems.append(
                "%scontact_flow_id cannot be set on %s: bound with usage=Outbound, and a contact flow answers "
                "inbound calls; give usage Inbound or Bidirection as well" % (where, _shown(flows_on_outbound))
            )
    if problems:
        raise ValidationError("; ".join(problems))

    removes = ()
    if desired.purge:
        named = desired.named
        removes = tuple(current[n] for n in sorted(current) if n not in named)
    groups = tuple(AddGroup(usage, flow, group, tuple(numbers)) for (usage, flow, group), numbers in adds.items())
    return Plan(groups, tuple(modifies), removes)


def _joins_after_add(number, usage, flow, skill_group_ids):
    """A number the plan adds is in no skill group; it joins its groups once it is bound."""
    added = Binding(number, usage, flow or "", ())
    return Modify(added, added._replace(skill_group_ids=skill_group_ids))


def _normalized(binding):
    return binding._replace(
        contact_flow_id=binding.contact_flow_id or "", skill_group_ids=tuple(sorted(set(binding.skill_group_ids)))
    )


Settlement = namedtuple("Settlement", ["reached", "retry", "settled", "pieces"])
Settlement.__doc__ = """What reading numbers back says: ``reached`` are at their goal already;
``retry`` is the Plan that takes the others from what was read to their goal. Goals have two parts,
judged apart because different calls make them: ``settled`` numbers are bound (or not) with the usage
and flow of their goal; ``pieces`` are the plan's skill-group membership pieces ((number,
skill_group_id, join)) that the numbers already show."""


def settle(plan, numbers, now):
    """Judge ``numbers`` of ``plan`` against what was read back (``now``: number -> Binding, absent
    when not bound). Used after writes whose reply was lost, reported failures, and read-backs."""
    goals = plan.goals()
    reached = []
    adds, modifies, removes = {}, [], []
    group_of = {n: g.number_group_id for g in plan.adds for n in g.numbers}
    for number in numbers:
        goal, bound = goals[number], now.get(number)
        bound = None if bound is None else _normalized(bound)
        if bound == goal:
            reached.append(number)
        elif goal is None:
            removes.append(bound)
        elif bound is None:
            adds.setdefault((goal.usage, goal.contact_flow_id, group_of.get(number, "")), []).append(number)
            if goal.skill_group_ids:
                modifies.append(_joins_after_add(number, goal.usage, goal.contact_flow_id, goal.skill_group_ids))
        else:
            modifies.append(Modify(bound, goal))
    retry = Plan(tuple(AddGroup(u, f, g, tuple(ns)) for (u, f, g), ns in adds.items()), tuple(modifies), tuple(removes))
    judged = frozenset(numbers)
    settled = frozenset(n for n in numbers if _settings(now.get(n)) == _settings(goals[n]))
    pieces = frozenset(
        (number, skill_group_id, join)
        for change in plan.modifies
        if change.after.number in judged
        for number, skill_group_id, join in change.pieces()
        if number in now and (skill_group_id in now[number].skill_group_ids) == join
    )
    return Settlement(frozenset(reached), retry, settled, pieces)


def _settings(binding):
    """What bindings and ModifyPhoneNumber set (membership aside); None for a number not bound."""
    return None if binding is None else (binding.usage, binding.contact_flow_id or "")


def apply_to(current, plan):
    """The state ``plan`` leads to from ``current`` (number -> Binding). The report renders it."""
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
