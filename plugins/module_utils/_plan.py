# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: the one pure planner, and the verdict on what a run did.

Nothing here performs I/O, and every decision about numbers is made here:
- ``compare_numbers`` is the set arithmetic every list of numbers shares (which named numbers to add, which
  to remove under state=absent or purge); ``limit_removals`` the guard every module that removes shares;
- ``make_plan`` turns (desired, current) into the adds, modifies (usage, flow and skill-group
  membership) and removes that converge the instance's bindings, and refuses, for every binding at once and
  before any write, what can only be judged against the instance (numbers that cannot be unbound without
  force among them); ``_dnc_plan.make_plan`` is its counterpart for the do-not-call list;
- ``in_doubt`` says which numbers must be read back after the writes, and ``settle`` judges them: which
  numbers reached their goal, which failed and why, and what to send once more; ``Verdict.after`` adds
  what that second sending did, and ``Verdict.explained`` why the numbers AddPhoneNumbers refused were
  refused, as far as the account's unassigned numbers tell. ``settle`` and ``Verdict.after`` ask the plan only
  what ``Goals`` declares, so they judge the writes of either resource;
- ``state_after`` is what the instance holds after a plan, or after a run's verdict.
The reader, the applier and the report carry out and render what these return.
"""

from __future__ import annotations

from collections import namedtuple

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import shown, takes_flow, where_in
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import TooManyRemovals, ValidationError

# Why a number did not reach its goal, as the result and the failure message say it.
NOT_ADDED = "AddPhoneNumbers reported it as not added"
# AddPhoneNumbers binds any number the account owns that no instance uses, so a number it refuses is most likely
# not the account's, or bound to another instance. The account's unassigned numbers (ListUnassignedNumbers) cannot
# tell those two apart, but they show when neither is the cause; reading the number back shows when it was bound
# to this instance meanwhile.
NOT_ADDED_LIKELY = NOT_ADDED + "; likely causes: the account does not own it, or it is bound to another instance"
NOT_ADDED_TAKEN = (
    NOT_ADDED + ": the account does not own it, or it is bound to another instance (it is not among the "
    "account's unassigned numbers)"
)
NOT_ADDED_FREE = (
    NOT_ADDED + ", although the account owns it and no instance uses it now (it is among the account's unassigned "
    "numbers), so it was probably bound elsewhere at the time; run the task again"
)
NOT_ADDED_HERE = (
    NOT_ADDED + ", and reading it back shows it bound to this instance with usage=%s, so something else bound it "
    "meanwhile; run the task again to apply this task's settings"
)
# A NotConverged message names this many failed numbers; as many refused adds are looked up to say why.
SHOWN_FAILURES = 10
NOT_REMOVED = "RemovePhoneNumbers reported it as not removed"
NEEDS_FORCE = " (a number tied to a skill group, contact flow or agent needs force=true)"
FLOW_KEPT = (
    "ModifyPhoneNumber was accepted with an empty ContactFlowId, but reading the number back shows it still "
    "answered by contact flow %s: the API did not clear the flow"
)
NOT_AS_READ = "the write was accepted, but reading the number back shows %s instead of usage=%s without a flow"
UNCONFIRMED = "the write was sent but its outcome could not be confirmed"
REFUSED = {"AddPhoneNumbers": NOT_ADDED_LIKELY, "RemovePhoneNumbers": NOT_REMOVED}


class Binding(namedtuple("Binding", ["number", "usage", "contact_flow_id", "skill_group_ids"])):
    """The state of one bound number, as far as this collection can read and change it: no flow is "",
    and ``skill_group_ids`` (the skill groups whose agents the number serves) is sorted and unique, however
    the value was given, so that two Bindings of the same state are equal."""

    __slots__ = ()

    def __new__(cls, number, usage, contact_flow_id=None, skill_group_ids=()):
        return super().__new__(cls, number, usage, contact_flow_id or "", tuple(sorted(set(skill_group_ids or ()))))


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


class Goals:
    """What ``settle`` and ``Verdict.after`` ask of a plan. These defaults fit a list a number is either on or
    not (the do-not-call list): ``goals()`` maps each number to what it should read back as, None for "not
    there", and a number read back as anything but None has reached a goal that is not None. ``Plan`` (bound
    numbers) compares whole Bindings instead, and verifies some writes by reading them back.

    Each plan also answers ``goals()``, ``only(numbers, pieces=None)`` (the part of the plan those numbers
    did) and ``retry(numbers, read)`` (the plan that takes them from what was read back to their goal)."""

    __slots__ = ()

    def read_back(self):
        """Numbers whose write must be confirmed by reading them again after it succeeded."""
        return frozenset()

    def pieces_shown(self, numbers, read):
        """Parts of the goals of ``numbers`` confirmed apart from the numbers (skill-group membership)."""
        return frozenset()

    @staticmethod
    def reached(read, goal):
        """The number read back (None: not there) is all the plan wants it to be."""
        return (read is None) == (goal is None)

    @staticmethod
    def settled(read, goal):
        """The number read back shows the part of its goal that its own write makes (for a list: all of it)."""
        return (read is None) == (goal is None)


class Plan(namedtuple("Plan", ["adds", "modifies", "removes"]), Goals):
    """``adds``: AddGroups; ``modifies``: Modify; ``removes``: Bindings to unbind."""

    __slots__ = ()

    def __bool__(self):
        return bool(self.adds or self.modifies or self.removes)

    __nonzero__ = __bool__

    def goals(self):
        """number -> the Binding the plan gives it, or None for a number it unbinds."""
        goal = {}
        for group in self.adds:
            for number in group.numbers:
                goal[number] = Binding(number, group.usage, group.contact_flow_id)
        for change in self.modifies:
            goal[change.after.number] = change.after
        for binding in self.removes:
            goal[binding.number] = None
        return goal

    @property
    def added_numbers(self):
        return [number for group in self.adds for number in group.numbers]

    def memberships(self, skip=()):
        """The membership calls of the plan, one per skill group and direction, leaving out ``skip``."""
        numbers = {}
        for change in self.modifies:
            for number, skill_group_id, join in change.pieces():
                if number not in skip:
                    numbers.setdefault((skill_group_id, join), []).append(number)
        return tuple(Membership(sg, join, tuple(ns)) for (sg, join), ns in sorted(numbers.items()))

    def memberships_after(self, facts):
        """The membership calls to send once the adds have been sent: numbers the plan adds join their
        groups only when their add was answered, since the API refuses a whole membership call for one
        number the instance does not hold."""
        return self.memberships(skip=set(self.added_numbers) - facts.answered)

    def read_back(self):
        return frozenset(change.after.number for change in self.modifies if change.clears_flow)

    def pieces_shown(self, numbers, read):
        """The plan's membership pieces of ``numbers`` that the numbers read back already show."""
        return frozenset(
            (number, skill_group_id, join)
            for change in self.modifies
            if change.after.number in numbers
            for number, skill_group_id, join in change.pieces()
            if read.get(number) is not None and (skill_group_id in read[number].skill_group_ids) == join
        )

    @staticmethod
    def reached(read, goal):
        return read == goal

    @staticmethod
    def settled(read, goal):
        """Usage and flow, which bindings and ModifyPhoneNumber set, are as planned (membership aside)."""
        return _settings(read) == _settings(goal)

    def retry(self, numbers, read):
        """The Plan that takes ``numbers`` from what was read back to their goal in this plan."""
        goals = self.goals()
        adds, modifies, removes = {}, [], []
        group_of = {n: g.number_group_id for g in self.adds for n in g.numbers}
        for number in numbers:
            goal, bound = goals[number], read.get(number)
            if goal is None:
                removes.append(bound)
            elif bound is None:
                adds.setdefault((goal.usage, goal.contact_flow_id, group_of.get(number, "")), []).append(number)
                if goal.skill_group_ids:
                    modifies.append(_joins_after_add(number, goal.usage, goal.contact_flow_id, goal.skill_group_ids))
            else:
                modifies.append(Modify(bound, goal))
        return Plan(
            tuple(AddGroup(u, f, g, tuple(ns)) for (u, f, g), ns in adds.items()), tuple(modifies), tuple(removes)
        )

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
            reached = Binding(after.number, settings.usage, settings.contact_flow_id, groups)
            if reached != before:
                modifies.append(Modify(before, reached))
        return Plan(tuple(adds), tuple(modifies), tuple(b for b in self.removes if b.number in keep))


# ------------------------------------------------------------------------------------------ planning


def _target(spec, current):
    """The Binding a bound number should have under ``spec``."""
    usage = spec.usage or current.usage
    if not takes_flow(usage) and takes_flow(current.usage):
        # An Outbound number answers no calls, so it has no contact flow: switching to Outbound clears it.
        flow = ""
    elif spec.contact_flow_id is not None:
        flow = spec.contact_flow_id
    else:
        # Left as it is, also on a number that stays Outbound: a flow the API kept there is only cleared when
        # the task says so (contact_flow_id: ""), so an export, which cannot declare it, changes nothing.
        flow = current.contact_flow_id
    groups = current.skill_group_ids if spec.skill_group_ids is None else spec.skill_group_ids
    return Binding(current.number, usage, flow, groups)


def compare_numbers(named, current, state, purge):
    """The set arithmetic of every list of numbers an instance holds: (the named numbers to add, the numbers
    to remove), for ``named`` (the task's numbers, in its order) against ``current`` (what the instance holds,
    by number). state=present adds the named numbers missing and, with ``purge``, removes every number not
    named (in number order), never a named one; state=absent removes the named numbers held, in the task's
    order. Numbers the task does not name are touched only by purge."""
    if state == "absent":
        return (), tuple(number for number in named if number in current)
    add = tuple(number for number in named if number not in current)
    if not purge:
        return add, ()
    keep = frozenset(named)
    return add, tuple(number for number in sorted(current) if number not in keep)


def limit_removals(numbers, limit, verb="unbind"):
    """The removal guard (``max_removals``): a plan that would remove more than ``limit`` numbers is refused
    whole, before any write and in check mode alike. ``limit`` None sets none."""
    numbers = sorted(numbers)
    if limit is not None and len(numbers) > limit:
        raise TooManyRemovals(
            "the plan would %s %d number%s, more than max_removals=%d allows, so nothing was changed: %s. "
            "Review the plan with --check --diff; if it is right, raise max_removals"
            % (verb, len(numbers), "" if len(numbers) == 1 else "s", limit, shown(numbers, 5))
        )


def _ties(binding):
    """What the listing shows a number is tied to, which RemovePhoneNumbers refuses to break without Force."""
    ties = ["contact flow %s" % binding.contact_flow_id] if binding.contact_flow_id else []
    if binding.skill_group_ids:
        ties.append(
            "skill group%s %s" % ("s" if len(binding.skill_group_ids) > 1 else "", ", ".join(binding.skill_group_ids))
        )
    return " and ".join(ties)


def _refuse_removals(desired, removes, problems):
    """Every refusal a plan can meet, raised before any write: more removals than ``max_removals`` first (the
    guard against a plan nobody meant), then, together, ``problems`` and removals the API would refuse
    without force. Ties the listing cannot show (agents) are still the API's to refuse, number by number."""
    limit_removals([binding.number for binding in removes], desired.max_removals)
    tied = [] if desired.force else [b for b in removes if _ties(b)]
    if tied:
        problems.append(
            "%d number(s) to unbind are tied to a contact flow or skill groups, which RemovePhoneNumbers refuses "
            "to break without force=true: %s; set force=true to unbind them anyway"
            % (len(tied), shown("%s (%s)" % (b.number, _ties(b)) for b in tied))
        )
    if problems:
        raise ValidationError("; ".join(problems))


def make_plan(desired, current):
    """Return the Plan that takes ``current`` (number -> Binding) to what ``desired`` asks.

    Numbers the task does not name are never touched, except by purge; purge never removes a named
    number. A bound number whose usage or flow differs is modified in place, never removed and re-added.
    Raises TooManyRemovals past ``max_removals``, and ValidationError for what can only be judged once
    the current state is known, for every binding at once and before any write.
    """
    to_add, to_remove = compare_numbers(desired.numbers, current, desired.state, desired.purge)
    removes = tuple(current[n] for n in to_remove)
    if desired.state == "absent":
        _refuse_removals(desired, removes, [])
        return Plan((), (), removes)

    to_add = frozenset(to_add)
    problems = []
    adds = {}
    modifies = []
    for index, spec in enumerate(desired.bindings):
        where = where_in(desired.bindings, index)
        missing = [n for n in spec.numbers if n in to_add]
        if missing and not spec.usage:
            problems.append(
                "%susage is required to bind numbers that are not bound to %s yet: %s"
                % (where, desired.instance_id, shown(missing))
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
            before = current[number]
            after = _target(spec, before)
            if not takes_flow(after.usage) and spec.contact_flow_id:
                flows_on_outbound.append(number)
            elif after != before:
                modifies.append(Modify(before, after))
        if flows_on_outbound:
            problems.append(
                "%scontact_flow_id cannot be set on %s: bound with usage=Outbound, and a contact flow answers "
                "inbound calls; give usage Inbound or Bidirection as well" % (where, shown(flows_on_outbound))
            )
    _refuse_removals(desired, removes, problems)
    groups = tuple(AddGroup(usage, flow, group, tuple(numbers)) for (usage, flow, group), numbers in adds.items())
    return Plan(groups, tuple(modifies), removes)


def _joins_after_add(number, usage, flow, skill_group_ids):
    """A number the plan adds is in no skill group; it joins its groups once it is bound."""
    added = Binding(number, usage, flow)
    return Modify(added, added._replace(skill_group_ids=skill_group_ids))


# ------------------------------------------------------------------------------------ after the writes


class Facts:
    """What the writes of a run were answered, as the applier records them; it judges nothing.
    ``answered``: numbers whose add, modify or remove call succeeded for them; ``refused``: number ->
    the action whose reply listed it as failed; ``pieces``: membership pieces ((number, skill_group_id,
    join)) whose call succeeded; ``lost``: numbers of calls whose reply was lost; ``error``: the CCCError
    that stopped the run, if any; ``request_ids``: every reply's, in the order they came."""

    def __init__(self):
        self.answered = set()
        self.refused = {}
        self.pieces = set()
        self.lost = set()
        self.error = None
        self.request_ids = []


def in_doubt(plan, facts):
    """The numbers to read back after the writes: replies lost, numbers reported as failed (perhaps
    already as wanted), and answered writes the plan says to verify."""
    return frozenset(facts.lost) | frozenset(facts.refused) | (plan.read_back() & frozenset(facts.answered))


class Verdict(
    namedtuple("Verdict", ["done", "confirmed", "pieces", "failed", "read", "resend", "error", "request_ids", "force"])
):
    """What a run did. ``done`` is the part of the plan that took effect (``confirmed`` numbers and
    membership ``pieces``); ``failed`` maps number -> why it did not reach its goal; ``read`` holds the
    Bindings read back (None: not bound); ``resend`` is the Plan of lost writes still needed, to send once
    more; ``error`` is the CCCError that stopped the run, if any."""

    def after(self, plan, facts):
        """This verdict once ``resend`` was sent and ``facts`` recorded; what is lost again stays unconfirmed."""
        confirmed = set(self.confirmed) | facts.answered
        pieces = set(self.pieces) | facts.pieces
        failed = {n: why for n, why in self.failed.items() if n not in facts.answered}
        failed.update(_refusals(facts, self.force))
        failed.update((n, UNCONFIRMED) for n in facts.lost)
        return self._replace(
            done=plan.only(confirmed, pieces),
            confirmed=frozenset(confirmed),
            pieces=frozenset(pieces),
            failed=failed,
            resend=plan.only(()),
            error=self.error or facts.error,
            request_ids=self.request_ids + facts.request_ids,
        )

    def unexplained(self):
        """The refused adds the failure message names whose likely causes the account's unassigned numbers can
        narrow: those that read back as not bound to this instance. Only the named ones, so the extra reading
        after a refusal stays small; none when an error stopped the run, whose message is that error."""
        if self.error is not None:
            return []
        named = sorted(self.failed)[:SHOWN_FAILURES]
        return [n for n in named if self.failed[n] == NOT_ADDED_LIKELY and n in self.read and self.read[n] is None]

    def explained(self, free):
        """This verdict with each refused add of ``free`` (number -> whether the account lists it as unassigned)
        given its cause."""
        failed = dict(self.failed)
        failed.update((n, NOT_ADDED_FREE if unassigned else NOT_ADDED_TAKEN) for n, unassigned in free.items())
        return self._replace(failed=failed)


def _refusals(facts, force):
    hint = {"RemovePhoneNumbers": "" if force else NEEDS_FORCE}
    return {n: REFUSED.get(action, action) + hint.get(action, "") for n, action in facts.refused.items()}


def settle(plan, facts, read, force=False):
    """The verdict on a run's first sending of ``plan`` (a ``Plan``, or any plan answering what ``Goals``
    declares). ``read`` maps each number of ``in_doubt`` to what was read back (a Binding, a do-not-call
    entry; None when the instance does not hold it), or is None when reading back failed.

    A lost write that reached its goal is confirmed; one that did not is sent once more (unless the
    run stopped on an error). A reported failure is never retried: the number fails with the reason the
    API gave, unless it reads back as wanted (say, bound by a concurrent run), which is success but no
    change of this run. A write the plan verifies fails when the number does not read back as planned.
    Goals have two parts, judged apart because different calls make them: usage and flow (``settled``),
    and skill-group membership pieces, confirmed one by one as the numbers show them."""
    goals = plan.goals()
    confirmed = set(facts.answered)
    pieces = set(facts.pieces)
    failed = _refusals(facts, force)
    resend = plan.only(())
    doubtful = in_doubt(plan, facts)
    if read is None:
        failed.update((n, UNCONFIRMED) for n in facts.lost)
    else:
        shown_pieces = plan.pieces_shown(doubtful, read)
        pieces.update(p for p in shown_pieces if p[0] in facts.lost)
        reached = {n for n in doubtful if plan.reached(read.get(n), goals[n])}
        settled = {n for n in doubtful if plan.settled(read.get(n), goals[n])}
        for number in doubtful & reached:
            failed.pop(number, None)
        for number, action in facts.refused.items():
            if number in failed and action == "AddPhoneNumbers" and read.get(number) is not None:
                failed[number] = NOT_ADDED_HERE % read[number].usage
        confirmed.update(n for n in facts.lost if n in reached or n in settled)
        for number in sorted((plan.read_back() & facts.answered) - settled):
            confirmed.discard(number)
            failed[number] = _not_as_planned(read.get(number), goals[number])
        lost = sorted(set(facts.lost) - reached - set(failed))
        if lost and facts.error is None:
            resend = plan.retry(lost, read).only(lost)
        else:
            failed.update((n, UNCONFIRMED) for n in lost)
    return Verdict(
        done=plan.only(confirmed, pieces),
        confirmed=frozenset(confirmed),
        pieces=frozenset(pieces),
        failed=failed,
        read={} if read is None else dict(read),
        resend=resend,
        error=facts.error,
        request_ids=list(facts.request_ids),
        force=force,
    )


def _not_as_planned(read, goal):
    if read is not None and read.contact_flow_id:
        return FLOW_KEPT % read.contact_flow_id
    return NOT_AS_READ % ("it is no longer bound" if read is None else "usage=%s" % read.usage, goal.usage)


def _settings(binding):
    """What bindings and ModifyPhoneNumber set (membership aside); None for a number not bound."""
    return None if binding is None else (binding.usage, binding.contact_flow_id)


def state_after(current, done, read=None):
    """What the instance holds after ``done`` (a plan: the whole plan in check mode, a verdict's ``done``
    after a run) from ``current`` (number -> Binding, or do-not-call entry), with what was read back (number
    -> the same, or None) taken as the truth where the run did not change it."""
    after = dict(current)
    for number, binding in (read or {}).items():
        if binding is None:
            after.pop(number, None)
        else:
            after[number] = binding
    for number, goal in done.goals().items():
        if goal is None:
            after.pop(number, None)
        else:
            after[number] = goal
    return after


def split_batches(items, size):
    """Consecutive slices of at most ``size`` items."""
    items = list(items)
    return [tuple(items[i : i + size]) for i in range(0, len(items), size)]
