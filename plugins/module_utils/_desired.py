# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the modules' input, from options to a validated request.

Each module's argument spec is declared here, beside the checks the spec cannot make (number and id
syntax, the rules that hold across bindings), so that a module's options become one typed value in one
place: ``desired_from_params`` for ccc_phone_numbers, ``query_from_params`` for ccc_phone_numbers_info,
``do_not_call_from_params`` and ``do_not_call_query_from_params`` for the do-not-call modules. The options
the modules share (the instance, the numbers, state and purge, the pace of writes, ``max_removals``) are
declared once, and read by the same functions with the same rules.
The shape of the ``bindings`` option is defined here, so its inverse is too: ``bindings_option`` writes
Bindings read from an instance back as that option (the export ccc_phone_numbers_info returns).
Checks the argument spec already makes (``choices``, ``mutually_exclusive``, ``required``) are not
written again. Every problem raises ``ValidationError`` before any request is sent; what can only be
judged against the instance is the planner's (``_plan.py``).
"""

from __future__ import annotations

import re
from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import ValidationError

USAGES = ("Inbound", "Outbound", "Bidirection")


def takes_flow(usage):
    """Whether a number of this usage can be given a contact flow: a flow answers inbound calls, so an Outbound
    number takes none (the API accepts one, and may keep one when a number is switched to Outbound)."""
    return usage != "Outbound"


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

# One binding of the task: numbers that share a usage, a contact flow, a number group and skill groups.
# ``usage`` None leaves bound numbers' usage alone; ``contact_flow_id`` None leaves the flow alone and
# "" clears it; ``number_group_id`` applies to numbers when they are added; ``skill_group_ids`` None
# leaves membership alone, a (sorted) tuple is exactly the skill groups the numbers belong to.
Spec = namedtuple("Spec", ["numbers", "usage", "contact_flow_id", "number_group_id", "skill_group_ids"])


class Desired(namedtuple("Desired", ["instance_id", "bindings", "state", "purge", "force", "max_removals"])):
    """What a ccc_phone_numbers task asks for: ``bindings`` is a tuple of Specs, no number in two of them;
    ``max_removals`` None sets no limit."""

    @property
    def numbers(self):
        """Every named number, in the order the task named them."""
        return tuple(number for spec in self.bindings for number in spec.numbers)

    @property
    def named(self):
        return frozenset(self.numbers)


# How a task reads and writes: the settings that are not part of what the instance should hold.
Pace = namedtuple("Pace", ["batch_size", "max_concurrency"])


class Query(namedtuple("Query", ["instance_id", "numbers", "filters", "max_concurrency", "with_phone_numbers"])):
    """What a ccc_phone_numbers_info task asks for: ``numbers`` None lists every number matching ``filters``
    (the list call's parameters); ``instance_id`` None asks for the account's unassigned numbers instead."""

    @property
    def unassigned(self):
        return self.instance_id is None


# The do-not-call lists: each instance's own, and the account's (read-only here).
INSTANCE_SCOPE, SYSTEM_SCOPE = "INSTANCE", "SYSTEM"


class DoNotCall(namedtuple("DoNotCall", ["instance_id", "numbers", "state", "purge", "remark", "max_removals"])):
    """What a ccc_do_not_call_numbers task asks for: ``numbers`` in the task's order, ``remark`` (None: none)
    written on the numbers it adds."""

    @property
    def named(self):
        return frozenset(self.numbers)


# What a ccc_do_not_call_numbers_info task asks for: the list of ``scope``, the entries matching ``filters``
# (ListDoNotCallNumbers parameters: SearchPattern).
DoNotCallQuery = namedtuple("DoNotCallQuery", ["instance_id", "scope", "filters", "max_concurrency"])


# ------------------------------------------------------------------------------------ argument specs


# The other names the numbers option answers to, in both modules.
NUMBERS_ALIASES = ("number_list",)


def _instance_options():
    """The options every module takes to say which instance it reads (``instance_id`` is documented once, in
    the ``alibabacloud.ccc.instance`` doc fragment) and how many calls it may have in flight."""
    return dict(
        instance_id=dict(type="str", required=True, aliases=["instance"]),
        max_concurrency=dict(type="int", default=8),
    )


def _numbers_option():
    return dict(numbers=dict(type="list", elements="str", aliases=list(NUMBERS_ALIASES)))


def _converging_options():
    """The options of the modules that converge a list of numbers: what it should hold and how to write it."""
    return dict(
        _instance_options(),
        **_numbers_option(),
        **removal_options(),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        purge=dict(type="bool", default=False),
        batch_size=dict(type="int", default=100),
    )


def removal_options():
    """The guard every module that removes takes (documented once, in the ``alibabacloud.ccc.removals``
    doc fragment); ``max_removals_from_params`` reads it."""
    return dict(max_removals=dict(type="int"))


def phone_numbers_module():
    """The AnsibleModule arguments of ccc_phone_numbers (the connection options are added by CCCModule)."""
    binding = dict(
        numbers=dict(type="list", elements="str", required=True),
        usage=dict(type="str", choices=list(USAGES)),
        contact_flow_id=dict(type="str"),
        number_group_id=dict(type="str"),
        skill_group_ids=dict(type="list", elements="str"),
    )
    spec = dict(
        _converging_options(),
        usage=dict(type="str", choices=list(USAGES)),
        bindings=dict(type="list", elements="dict", options=binding),
        contact_flow_id=dict(type="str"),
        number_group_id=dict(type="str"),
        skill_group_ids=dict(type="list", elements="str"),
        force=dict(type="bool", default=False),
        return_phone_numbers=dict(type="bool", default=False),
    )
    return dict(
        argument_spec=spec,
        mutually_exclusive=[("bindings", key) for key in BINDING_KEYS],
        supports_check_mode=True,
    )


def phone_numbers_info_module():
    """The AnsibleModule arguments of ccc_phone_numbers_info: one instance's bound numbers, or (``unassigned``)
    the account's numbers no instance uses, which only ``search_pattern`` narrows."""
    spec = dict(
        _instance_options(),
        **_numbers_option(),
        usage=dict(type="str", choices=list(USAGES)),
        active=dict(type="bool"),
        search_pattern=dict(type="str"),
        unassigned=dict(type="bool", default=False),
        return_phone_numbers=dict(type="bool", default=True),
    )
    spec["instance_id"] = dict(spec["instance_id"], required=False)
    return dict(
        argument_spec=spec,
        mutually_exclusive=[("unassigned", name) for name in ("instance_id", "numbers", "usage", "active")],
        required_if=[("unassigned", False, ("instance_id",))],
        supports_check_mode=True,
    )


def do_not_call_module():
    """The AnsibleModule arguments of ccc_do_not_call_numbers."""
    return dict(argument_spec=dict(_converging_options(), remark=dict(type="str")), supports_check_mode=True)


def do_not_call_info_module():
    """The AnsibleModule arguments of ccc_do_not_call_numbers_info."""
    spec = dict(
        _instance_options(),
        scope=dict(type="str", choices=[INSTANCE_SCOPE, SYSTEM_SCOPE], default=INSTANCE_SCOPE),
        search_pattern=dict(type="str"),
    )
    return dict(argument_spec=spec, supports_check_mode=True)


# ------------------------------------------------------------------------------------------ values


def is_toll_free_400(number):
    """Chinese 400 numbers may only be bound for inbound calls."""
    return bool(_TOLL_FREE_400_RE.match(number))


def shown(items, limit=10):
    """A list for a message: the first ``limit`` items, then how many more."""
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
        listed = ", ".join(repr(b) for b in bad[:5]) + (" and %d more" % (len(bad) - 5) if len(bad) > 5 else "")
        raise ValidationError(
            "%snumbers must be digits with an optional leading '+' (3 to 32 digits); invalid: %s" % (where, listed)
        )
    if len(seen) > MAX_NAMED_NUMBERS:
        raise ValidationError(
            "%snumbers names %d distinct numbers; at most %d are accepted in one task"
            % (where, len(seen), MAX_NAMED_NUMBERS)
        )
    return tuple(seen)


def _numbers_given(given):
    """(where, value) of each numbers option in the options as the task gave them."""
    for name in ("numbers",) + NUMBERS_ALIASES:
        if given.get(name) is not None:
            yield "", given[name]
    bindings = given.get("bindings")
    for index, binding in enumerate(bindings if isinstance(bindings, list) else ()):
        if isinstance(binding, dict) and binding.get("numbers") is not None:
            yield where_binding(index), binding["numbers"]


def refuse_integers(given):
    """Numbers must arrive as strings. YAML reads an unquoted number as an integer, and one with a leading 0
    as octal ([057100000013] arrives as 6325010443), which the argument spec would then turn into the digits
    of a number nobody wrote. So the check reads the options as the task gave them (``CCCModule.given``),
    before the argument spec converted their types, including a single number given without a list."""
    for where, value in _numbers_given(given):
        integers = [
            str(item)
            for item in (value if isinstance(value, list) else [value])
            if isinstance(item, int) and not isinstance(item, bool)
        ]
        if integers:
            raise ValidationError(
                "%snumbers must be strings, but %s arrived as %s: quote phone numbers in YAML "
                '(numbers: ["057100000013"]). Unquoted, a number is read as an integer, and one with a leading 0 '
                "as octal: [057100000013] arrives as 6325010443"
                % (where, shown(integers, 5), "an integer" if len(integers) == 1 else "integers")
            )


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


def _at_least_one(params, *names):
    for name in names:
        if params.get(name) is not None and params[name] < 1:
            raise ValidationError("%s must be at least 1, got %d" % (name, params[name]))


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
    return Spec(
        normalize_numbers(raw.get("numbers"), where),
        raw.get("usage"),
        validate_id(where + "contact_flow_id", raw.get("contact_flow_id"), allow_empty=True),
        validate_id(where + "number_group_id", raw.get("number_group_id")),
        _skill_group_ids(raw.get("skill_group_ids"), where),
    )


def _specs_from_params(params):
    """The task's bindings: the ``bindings`` list, or the flat options as one binding; None when the
    task declares neither. (The argument spec keeps the two forms apart and checks each binding's keys.)"""
    listed = params.get("bindings")
    if listed is None:
        flat = _spec(params, "")
        return None if flat.numbers is None else (flat,)
    return tuple(_spec(raw, where_binding(index)) for index, raw in enumerate(listed))


def where_binding(index):
    return "bindings[%d]: " % index


def where_in(specs, index):
    """Messages name the binding when the task has several."""
    return where_binding(index) if len(specs) > 1 else ""


def _check_named_once(specs):
    seen, twice = set(), []
    for spec in specs:
        for number in spec.numbers:
            if number in seen and number not in twice:
                twice.append(number)
            seen.add(number)
    if twice:
        raise ValidationError("each number may appear in only one binding; named more than once: %s" % shown(twice))


def _check_present(spec, where):
    """The rules one binding must meet before anything is read."""
    if not takes_flow(spec.usage) and spec.contact_flow_id:
        raise ValidationError(
            "%scontact_flow_id cannot be set with usage=Outbound: a contact flow answers inbound calls" % where
        )
    if spec.usage and spec.usage != "Inbound":
        toll_free = [n for n in spec.numbers if is_toll_free_400(n)]
        if toll_free:
            raise ValidationError(
                "%s400 numbers can only be bound with usage=Inbound, not %s: %s" % (where, spec.usage, shown(toll_free))
            )


def _instance_id(params):
    instance_id = validate_id("instance_id", params.get("instance_id"))
    if not instance_id:
        raise ValidationError("instance_id must not be empty")
    return instance_id


def desired_from_params(params, given=None):
    """The options of ccc_phone_numbers as a Desired. Raises ValidationError.

    ``given`` is the options as the task gave them, before the argument spec converted their types
    (``CCCModule.given``); ``params`` itself when None."""
    refuse_integers(params if given is None else given)
    instance_id = _instance_id(params)
    specs = _specs_from_params(params)
    declared = specs is not None
    specs = specs or ()
    _check_named_once(specs)
    state, purge = _state_and_purge(params, declared, any(spec.numbers for spec in specs), instance_id, BOUND)
    if state == "present":
        for index, spec in enumerate(specs):
            _check_present(spec, where_in(specs, index))
    else:
        for index, spec in enumerate(specs):
            if any(value is not None for value in spec[1:]):
                raise ValidationError(
                    "%susage, contact_flow_id, number_group_id and skill_group_ids do not apply to state=absent"
                    % where_in(specs, index)
                )
    return Desired(instance_id, specs, state, purge, bool(params.get("force")), max_removals_from_params(params))


# How the state rules name what a module declares, does and removes, for its messages.
Words = namedtuple("Words", ["declared", "held", "add", "remove", "everything"])
BOUND = Words("numbers (or bindings)", "bound", "bind", "unbind", "every number of %s")
LISTED = Words("numbers", "listed", "add", "remove", "every number from the do-not-call list of %s")


def _state_and_purge(params, declared, named, instance_id, words):
    """(state, purge), checked: state=present needs the numbers declared (purge more than ever: left out is not
    "none"), state=absent needs numbers named and no purge. ``declared``: the task gave the numbers option, even
    empty; ``named``: it named at least one number."""
    state = params.get("state") or "present"
    purge = bool(params.get("purge"))
    if state == "present":
        if not declared and purge:
            # Left out is not "none": a forgotten variable must not empty the list.
            raise ValidationError(
                "purge=true needs %s: the numbers to keep %s. Left out, it would %s %s; give numbers=[] to %s every "
                "number on purpose"
                % (words.declared, words.held, words.remove, words.everything % instance_id, words.remove)
            )
        if not declared:
            raise ValidationError(
                "state=present needs %s to %s, or purge=true with numbers=[] to %s all"
                % (words.declared, words.add, words.remove)
            )
    else:
        if purge:
            raise ValidationError(
                "purge applies to state=present only; with state=absent name the numbers to %s" % words.remove
            )
        if not named:
            raise ValidationError("state=absent needs numbers: the numbers to %s" % words.remove)
    return state, purge


def max_removals_from_params(params):
    """How many removals one run may make (None: no limit); 0 allows none."""
    limit = params.get("max_removals")
    if limit is not None and limit < 0:
        raise ValidationError("max_removals must be 0 or more, got %d" % limit)
    return limit


def pace_from_params(params):
    """How many numbers a write carries and how many calls run at once."""
    _at_least_one(params, "batch_size", "max_concurrency")
    return Pace(params.get("batch_size") or 100, params["max_concurrency"])


def query_from_params(params, given=None):
    """The options of ccc_phone_numbers_info as a Query. Raises ValidationError. ``given`` as for
    ``desired_from_params``. (The argument spec keeps ``unassigned`` apart from the options that name an
    instance and its numbers.)"""
    refuse_integers(params if given is None else given)
    instance_id = None if params.get("unassigned") else _instance_id(params)
    _at_least_one(params, "max_concurrency")
    filters = {}
    if params.get("usage"):
        filters["Usage"] = params["usage"]
    if params.get("active") is not None:
        filters["Active"] = "true" if params["active"] else "false"
    if params.get("search_pattern"):
        filters["SearchPattern"] = params["search_pattern"]
    return Query(
        instance_id,
        normalize_numbers(params.get("numbers")),
        filters,
        params["max_concurrency"],
        params.get("return_phone_numbers") is not False,
    )


# ------------------------------------------------------------------------------------------ export


def bindings_option(bindings):
    """The ``bindings`` option of ccc_phone_numbers that declares exactly ``bindings`` (Bindings read from an
    instance), so that fed back with purge=true it changes nothing: one entry per distinct usage, contact flow
    and skill groups, with ``contact_flow_id`` left out when there is none (for a bound number, leaving the flow
    alone keeps it at none) and ``skill_group_ids`` always given (``[]``: in no skill group). An Outbound
    number takes no flow, so a flow the API kept on one is left out too, and left alone by the planner.
    Numbers, ids and entries are sorted, so exporting the same instance twice gives the same text and a change
    diffs cleanly. Number groups cannot be read back, so no entry names one."""
    numbers = {}
    for binding in bindings:
        flow = binding.contact_flow_id if takes_flow(binding.usage) else ""
        key = (binding.usage or "", flow or "", tuple(sorted(binding.skill_group_ids or ())))
        numbers.setdefault(key, []).append(binding.number)
    entries = []
    for (usage, flow, skill_groups), grouped in sorted(numbers.items()):
        entry = {"usage": usage or None}
        if flow:
            entry["contact_flow_id"] = flow
        entry.update(skill_group_ids=list(skill_groups), numbers=sorted(grouped))
        entries.append(entry)
    return entries


def do_not_call_from_params(params, given=None):
    """The options of ccc_do_not_call_numbers as a DoNotCall. Raises ValidationError. ``given`` as for
    ``desired_from_params``."""
    refuse_integers(params if given is None else given)
    instance_id = _instance_id(params)
    numbers = normalize_numbers(params.get("numbers"))
    state, purge = _state_and_purge(params, numbers is not None, bool(numbers), instance_id, LISTED)
    remark = params.get("remark") or None
    if remark is not None and state == "absent":
        raise ValidationError("remark applies to the numbers state=present adds, not to state=absent")
    return DoNotCall(instance_id, numbers or (), state, purge, remark, max_removals_from_params(params))


def do_not_call_query_from_params(params):
    """The options of ccc_do_not_call_numbers_info as a DoNotCallQuery. Raises ValidationError."""
    instance_id = _instance_id(params)
    _at_least_one(params, "max_concurrency")
    filters = {"SearchPattern": params["search_pattern"]} if params.get("search_pattern") else {}
    return DoNotCallQuery(instance_id, params.get("scope") or INSTANCE_SCOPE, filters, params["max_concurrency"])
