# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Instances, the account's number pool, and the seed document that fills them.

Every bound number keeps its list item pre-encoded, and every instance keeps its numbers sorted, so a
page of ListPhoneNumbers is a slice plus a join however large the instance is.
"""

from __future__ import annotations

import bisect
import json
import re
import time
from dataclasses import dataclass, field

from .auth import Credential
from .do_not_call import DEFAULT_IMPORT_LIMIT, INSTANCE, SYSTEM, DoNotCallList, Entry
from .identity import ACCOUNT

USAGES = ("Inbound", "Outbound", "Bidirection")
NUMBER = re.compile(r"^\+?[0-9]{3,32}$")
SEED_CREATE_TIME_MS = 1767225600000  # 2026-01-01T00:00:00Z, so seeded state reads the same on every run
DEFAULT_CREDENTIALS = (
    Credential("LTAIEmulatorKey0001", "EmulatorSecret0001"),
    Credential("STS.EmulatorKey0001", "EmulatorStsSecret0001", "EmulatorStsToken0001"),
)
DEFAULT_MAX_NUMBERS_PER_CALL = 100
# Area codes the seeds use, so City/Province read like the real thing; anything else is left empty.
AREAS = {
    "010": ("Beijing", "Beijing"),
    "021": ("Shanghai", "Shanghai"),
    "0571": ("Hangzhou", "Zhejiang"),
    "0755": ("Shenzhen", "Guangdong"),
    "020": ("Guangzhou", "Guangdong"),
}
PROVIDERS = ("China Mobile", "China Unicom", "China Telecom")


class SeedError(ValueError):
    """The seed document is malformed; the message says where."""


def is_400_number(number: str) -> bool:
    """A Chinese toll-free 400 number, written nationally or with the +86 country code."""
    return number.startswith("400") or number.startswith("+86400")


@dataclass
class PoolNumber:
    number: str
    city: str
    province: str
    provider: str
    user_id: str | None = None
    tags: str | None = None


@dataclass
class Binding:
    number: str
    usage: str
    contact_flow_id: str | None
    skill_groups: tuple[str, ...]
    active: bool
    create_time_ms: int
    number_group_id: str | None = None


@dataclass
class Instance:
    instance_id: str
    contact_flows: dict[str, str]
    skill_groups: dict[str, str]
    bindings: dict[str, Binding] = field(default_factory=dict)
    ordered: list[str] = field(default_factory=list)  # bound numbers, sorted
    do_not_call: DoNotCallList = field(default_factory=lambda: DoNotCallList(INSTANCE))
    _encoded: dict[str, str] = field(default_factory=dict)
    _filtered: dict[tuple, list[str]] = field(default_factory=dict)

    def bind(self, binding: Binding) -> None:
        if binding.number not in self.bindings:
            bisect.insort(self.ordered, binding.number)
        self.bindings[binding.number] = binding
        self._changed(binding.number)

    def unbind(self, number: str) -> None:
        del self.bindings[number]
        del self.ordered[bisect.bisect_left(self.ordered, number)]
        self._changed(number)

    def update(self, binding: Binding) -> None:
        self.bindings[binding.number] = binding
        self._changed(binding.number)

    def _changed(self, number: str) -> None:
        self._encoded.pop(number, None)
        self._filtered.clear()

    def matching(self, usage: str | None, active: bool | None, pattern: str | None) -> list[str]:
        if usage is None and active is None and not pattern:
            return self.ordered
        key = (usage, active, pattern)
        found = self._filtered.get(key)
        if found is None:
            found = [
                n
                for n in self.ordered
                if (usage is None or self.bindings[n].usage == usage)
                and (active is None or self.bindings[n].active == active)
                and (not pattern or pattern in n)
            ]
            if len(self._filtered) >= 64:
                self._filtered.clear()
            self._filtered[key] = found
        return found

    def encoded_item(self, number: str, pool: dict[str, PoolNumber]) -> str:
        encoded = self._encoded.get(number)
        if encoded is None:
            encoded = json.dumps(self.list_item(number, pool), separators=(",", ":"), ensure_ascii=False)
            self._encoded[number] = encoded
        return encoded

    def list_item(self, number: str, pool: dict[str, PoolNumber]) -> dict:
        binding = self.bindings[number]
        owned = pool[number]
        return {
            "Number": number,
            "Usage": binding.usage,
            "ContactFlowId": binding.contact_flow_id,
            "ContactFlowName": self.contact_flows.get(binding.contact_flow_id) if binding.contact_flow_id else None,
            "Active": binding.active,
            "CreateTime": str(binding.create_time_ms),
            "InstanceId": self.instance_id,
            "City": owned.city,
            "Province": owned.province,
            "Provider": owned.provider,
            "UserId": owned.user_id,
            "Tags": owned.tags,
            "SkillGroups": [
                {
                    "SkillGroupId": sg,
                    # Real ids read "name@instance-id"; Name is the part before "@".
                    "Name": sg.split("@", 1)[0],
                    "DisplayName": self.skill_groups.get(sg, sg),
                    "InstanceId": self.instance_id,
                }
                for sg in binding.skill_groups
            ],
        }

    def describe(self) -> dict:
        return {
            "contact_flows": dict(self.contact_flows),
            "skill_groups": dict(self.skill_groups),
            "numbers": [
                {
                    "number": b.number,
                    "usage": b.usage,
                    "contact_flow_id": b.contact_flow_id,
                    "skill_groups": list(b.skill_groups),
                    "active": b.active,
                    "create_time": b.create_time_ms,
                    "number_group_id": b.number_group_id,
                }
                for b in (self.bindings[n] for n in self.ordered)
            ],
            "do_not_call": self.do_not_call.describe(),
        }


@dataclass
class World:
    """Everything a seed document describes. Guarded by the emulator's state lock."""

    credentials: list[Credential]
    pool: dict[str, PoolNumber]
    instances: dict[str, Instance]
    owner: dict[str, str]  # bound number -> instance id (a number is bound to one instance at most)
    max_numbers_per_call: int
    system_do_not_call: DoNotCallList = field(default_factory=lambda: DoNotCallList(SYSTEM))
    max_do_not_call_per_import: int = DEFAULT_IMPORT_LIMIT
    do_not_call_creator: str | None = ACCOUNT
    # ListUnassignedNumbers' views (pattern -> numbers), rebuilt after any bind, unbind or pool change
    _unassigned: dict[str | None, list[str]] = field(default_factory=dict)
    _unassigned_items: dict[str, str] = field(default_factory=dict)

    # Every change of the pool or of who owns a number goes through these four, so the account view
    # (ListUnassignedNumbers) can never go stale.
    def assign(self, number: str, instance_id: str) -> None:
        self.owner[number] = instance_id
        self._unassigned.clear()

    def release(self, number: str) -> None:
        del self.owner[number]
        self._unassigned.clear()

    def add_to_pool(self, owned: PoolNumber) -> None:
        self.pool[owned.number] = owned
        self._unassigned.clear()

    def remove_from_pool(self, number: str) -> None:
        del self.pool[number]
        self._unassigned_items.pop(number, None)
        self._unassigned.clear()

    def unassigned(self, pattern: str | None) -> list[str]:
        """Pool numbers no instance has bound, in number order; ``pattern`` is a substring of the number."""
        found = self._unassigned.get(pattern)
        if found is None:
            everything = self._unassigned.get(None)
            if everything is None:
                everything = self._unassigned[None] = sorted(n for n in self.pool if n not in self.owner)
            found = [n for n in everything if pattern in n] if pattern else everything
            if len(self._unassigned) >= 64:
                self._unassigned.clear()
                self._unassigned[None] = everything
            self._unassigned[pattern] = found
        return found

    def unassigned_item(self, number: str) -> str:
        encoded = self._unassigned_items.get(number)
        if encoded is None:
            owned = self.pool[number]
            encoded = json.dumps(
                {"Number": number, "Province": owned.province, "City": owned.city},
                separators=(",", ":"),
                ensure_ascii=False,
            )
            self._unassigned_items[number] = encoded
        return encoded

    def describe(self) -> dict:
        return {
            "max_numbers_per_call": self.max_numbers_per_call,
            "max_do_not_call_per_import": self.max_do_not_call_per_import,
            "do_not_call_creator": self.do_not_call_creator,
            "pool": sorted(self.pool),
            "unassigned": list(self.unassigned(None)),
            "system_do_not_call": self.system_do_not_call.describe(),
            "instances": {iid: inst.describe() for iid, inst in sorted(self.instances.items())},
        }


def pool_number(number: str, index: int = 0, **extra) -> PoolNumber:
    city, province = next(
        (
            area
            for code, area in sorted(AREAS.items(), key=lambda kv: -len(kv[0]))
            if number.lstrip("+").startswith(code)
        ),
        ("", ""),
    )
    return PoolNumber(
        number=number,
        city=extra.get("city", city),
        province=extra.get("province", province),
        provider=extra.get("provider", PROVIDERS[index % len(PROVIDERS)]),
        user_id=extra.get("user_id"),
        tags=extra.get("tags"),
    )


def build_world(seed: dict) -> World:
    """Builds the state a seed document describes, or raises SeedError."""
    if not isinstance(seed, dict):
        raise SeedError("the seed must be a JSON object")
    _only(
        seed,
        "seed",
        {
            "credentials",
            "pool",
            "generate_pool",
            "max_numbers_per_call",
            "instances",
            "system_do_not_call",
            "generate_system_do_not_call",
            "max_do_not_call_per_import",
            "do_not_call_creator",
        },
    )
    credentials = _credentials(seed.get("credentials"))
    limit = _positive(seed.get("max_numbers_per_call", DEFAULT_MAX_NUMBERS_PER_CALL), "max_numbers_per_call")
    import_limit = _positive(seed.get("max_do_not_call_per_import", DEFAULT_IMPORT_LIMIT), "max_do_not_call_per_import")
    creator = seed.get("do_not_call_creator", ACCOUNT)
    if creator is not None and not isinstance(creator, str):
        raise SeedError("do_not_call_creator must be a string or null")

    pool: dict[str, PoolNumber] = {}
    for index, entry in enumerate(_list(seed.get("pool", []), "pool")):
        if isinstance(entry, dict):
            _only(entry, "pool entry", {"number", "city", "province", "provider", "user_id", "tags"})
            number = _number(entry.get("number"), "pool entry")
            pool[number] = pool_number(number, index, **{k: v for k, v in entry.items() if k != "number"})
        else:
            number = _number(entry, "pool")
            pool[number] = pool_number(number, index)
    generate = seed.get("generate_pool")
    if generate is not None:
        if not isinstance(generate, dict):
            raise SeedError("generate_pool must be an object {prefix, count}")
        _only(generate, "generate_pool", {"prefix", "count"})
        prefix, count = generate.get("prefix", ""), generate.get("count", 0)
        if not isinstance(prefix, str) or not isinstance(count, int) or count < 0:
            raise SeedError("generate_pool needs a string prefix and a non-negative integer count")
        for index in range(1, count + 1):
            number = _number(f"{prefix}{index:08d}", "generate_pool")
            pool.setdefault(number, pool_number(number, index))

    world = World(
        credentials=credentials,
        pool=pool,
        instances={},
        owner={},
        max_numbers_per_call=limit,
        max_do_not_call_per_import=import_limit,
        do_not_call_creator=creator,
    )
    _fill_do_not_call(
        world.system_do_not_call,
        seed.get("system_do_not_call", []),
        seed.get("generate_system_do_not_call"),
        creator,
        "system_do_not_call",
        "generate_system_do_not_call",
    )
    instances = seed.get("instances", {})
    if not isinstance(instances, dict):
        raise SeedError("instances must be an object keyed by instance id")
    for instance_id, spec in instances.items():
        world.instances[instance_id] = _instance(world, instance_id, spec)
    for instance in world.instances.values():
        for number in instance.ordered:  # encode list items now, so the first walk is as fast as the next
            instance.encoded_item(number, world.pool)
        for number in instance.do_not_call.matching(None):
            instance.do_not_call.encoded_item(number)
    for number in world.system_do_not_call.matching(None):
        world.system_do_not_call.encoded_item(number)
    return world


def _instance(world: World, instance_id: str, spec: dict) -> Instance:
    where = f"instance {instance_id}"
    if not isinstance(spec, dict):
        raise SeedError(f"{where} must be an object")
    _only(
        spec,
        where,
        {"contact_flows", "skill_groups", "numbers", "generate_bound", "do_not_call", "generate_do_not_call"},
    )
    instance = Instance(
        instance_id,
        _names(spec.get("contact_flows", {}), f"{where} contact_flows"),
        _names(spec.get("skill_groups", {}), f"{where} skill_groups"),
    )
    for entry in _list(spec.get("numbers", []), f"{where} numbers"):
        if not isinstance(entry, dict):
            raise SeedError(f"{where} numbers must be objects with at least 'number'")
        _only(
            entry,
            f"{where} number",
            {"number", "usage", "contact_flow_id", "skill_groups", "active", "create_time", "number_group_id"},
        )
        number = _number(entry.get("number"), f"{where} numbers")
        if number not in world.pool:
            world.add_to_pool(pool_number(number, len(world.pool)))
        _bind_seeded(
            world,
            instance,
            number,
            entry.get("usage", "Bidirection"),
            entry.get("contact_flow_id"),
            entry.get("skill_groups", []),
            entry.get("active", True),
            entry.get("create_time", SEED_CREATE_TIME_MS),
            entry.get("number_group_id"),
        )
    generate = spec.get("generate_bound")
    if generate is not None:
        for position, rule in enumerate(generate if isinstance(generate, list) else [generate]):
            _generate_bound(
                world,
                instance,
                rule,
                f"{where} generate_bound" + (f"[{position}]" if isinstance(generate, list) else ""),
            )
    _fill_do_not_call(
        instance.do_not_call,
        spec.get("do_not_call", []),
        spec.get("generate_do_not_call"),
        world.do_not_call_creator,
        f"{where} do_not_call",
        f"{where} generate_do_not_call",
    )
    return instance


def _fill_do_not_call(
    listed: DoNotCallList, entries, generate, creator: str | None, where: str, generate_where: str
) -> None:
    """Seeds a do-not-call list: entries (a number, or {number, remark, creator, created_time}), then
    ``generate`` ({prefix, count, remark}, or a list of them) adds ``prefix + 8-digit index`` numbers
    (index from 1) that are not listed yet. Every seeded entry is dated SEED_CREATE_TIME_MS unless it
    says otherwise, so a generated list reads in number order."""
    for entry in _list(entries, where):
        if not isinstance(entry, dict):
            entry = {"number": entry}
        _only(entry, f"{where} entry", {"number", "remark", "creator", "created_time"})
        number = _number(entry.get("number"), where)
        remark = entry.get("remark")
        created = entry.get("created_time", SEED_CREATE_TIME_MS)
        if remark is not None and not isinstance(remark, str):
            raise SeedError(f"{where} {number}: remark must be a string or null")
        if not isinstance(entry.get("creator", creator), (str, type(None))):
            raise SeedError(f"{where} {number}: creator must be a string or null")
        if not isinstance(created, int) or isinstance(created, bool):
            raise SeedError(f"{where} {number}: created_time must be epoch milliseconds")
        if not listed.add(Entry(number, remark, entry.get("creator", creator), created)):
            raise SeedError(f"{where}: {number} is listed twice")
    if generate is None:
        return
    for position, rule in enumerate(generate if isinstance(generate, list) else [generate]):
        at = generate_where + (f"[{position}]" if isinstance(generate, list) else "")
        if not isinstance(rule, dict):
            raise SeedError(f"{at} must be an object {{prefix, count, remark}}")
        _only(rule, at, {"prefix", "count", "remark"})
        prefix, count, remark = rule.get("prefix", ""), rule.get("count", 0), rule.get("remark")
        if not isinstance(prefix, str) or not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise SeedError(f"{at} needs a string prefix and a non-negative integer count")
        if remark is not None and not isinstance(remark, str):
            raise SeedError(f"{at}: remark must be a string or null")
        for index in range(1, count + 1):
            number = _number(f"{prefix}{index:08d}", at)
            listed.add(Entry(number, remark, creator, SEED_CREATE_TIME_MS))


def _generate_bound(world: World, instance: Instance, rule, where: str) -> None:
    """Binds the next ``count`` free pool numbers; a list of usages or activities is rotated through,
    number by number (three usages and two activities spread over all six Usage x Active slices)."""
    if not isinstance(rule, dict):
        raise SeedError(f"{where} must be an object")
    _only(rule, where, {"count", "usage", "contact_flow_id", "skill_groups", "active"})
    count = rule.get("count", 0)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise SeedError(f"{where} count must be a non-negative integer")
    usages = rule.get("usage", "Bidirection")
    usages = usages if isinstance(usages, list) else [usages]
    actives = rule.get("active", True)
    actives = actives if isinstance(actives, list) else [actives]
    if not usages or not actives:
        raise SeedError(f"{where}: usage and active lists must not be empty")
    if any(usage not in USAGES for usage in usages) or any(not isinstance(a, bool) for a in actives):
        raise SeedError(f"{where}: usage must be one of {', '.join(USAGES)} and active a boolean (or lists of them)")
    inbound_only = usages == ["Inbound"]
    free = (n for n in sorted(world.pool) if n not in world.owner and (inbound_only or not is_400_number(n)))
    bound = 0
    for number in free:
        if bound == count:
            break
        _bind_seeded(
            world,
            instance,
            number,
            usages[bound % len(usages)],
            rule.get("contact_flow_id"),
            rule.get("skill_groups", []),
            actives[bound % len(actives)],
            SEED_CREATE_TIME_MS + bound,
            None,
        )
        bound += 1
    if bound < count:
        raise SeedError(f"{where} wants {count} numbers but the pool has only {bound} free")


def _bind_seeded(
    world: World, instance: Instance, number: str, usage, flow, skill_groups, active, create_time, number_group_id
) -> None:
    where = f"instance {instance.instance_id} number {number}"
    if usage not in USAGES:
        raise SeedError(f"{where}: usage must be one of {', '.join(USAGES)}")
    if is_400_number(number) and usage != "Inbound":
        raise SeedError(f"{where}: a 400 number can only be bound with usage Inbound")
    if flow is not None and flow not in instance.contact_flows:
        raise SeedError(f"{where}: contact flow {flow} is not in the instance's contact_flows")
    if not isinstance(skill_groups, list) or any(
        not isinstance(sg, str) or sg not in instance.skill_groups for sg in skill_groups
    ):
        raise SeedError(f"{where}: skill_groups must list ids from the instance's skill_groups")
    if not isinstance(active, bool) or not isinstance(create_time, int):
        raise SeedError(f"{where}: active must be a boolean and create_time epoch milliseconds")
    if number in world.owner:
        raise SeedError(f"{where}: already bound to instance {world.owner[number]}")
    skill_groups = tuple(dict.fromkeys(skill_groups))  # a group named twice is one membership
    instance.bind(Binding(number, usage, flow, skill_groups, active, create_time, number_group_id))
    world.assign(number, instance.instance_id)


def _credentials(entries) -> list[Credential]:
    if entries is None:
        return list(DEFAULT_CREDENTIALS)
    result = []
    for entry in _list(entries, "credentials"):
        if not isinstance(entry, dict):
            raise SeedError("credentials entries must be objects")
        _only(entry, "credentials entry", {"access_key_id", "access_key_secret", "security_token", "expired"})
        key_id, secret = entry.get("access_key_id"), entry.get("access_key_secret")
        token = entry.get("security_token")
        if not isinstance(key_id, str) or not key_id or not isinstance(secret, str) or not secret:
            raise SeedError("credentials entries need access_key_id and access_key_secret")
        if token is not None and not isinstance(token, str):
            raise SeedError("security_token must be a string or null")
        result.append(Credential(key_id, secret, token or None, bool(entry.get("expired", False))))
    return result


def _positive(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SeedError(f"{name} must be a positive integer")
    return value


def _number(value, where: str) -> str:
    if not isinstance(value, str) or not NUMBER.match(value):
        raise SeedError(f"{where}: {value!r} is not a phone number (digits with an optional leading +)")
    return value


def _names(value, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise SeedError(f"{where} must map ids to names")
    return dict(value)


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise SeedError(f"{where} must be a list")
    return value


def _only(mapping: dict, where: str, allowed: set[str]) -> None:
    unknown = sorted(set(mapping) - allowed)
    if unknown:
        raise SeedError(f"{where}: unknown key(s) {', '.join(unknown)}")


def now_ms() -> int:
    return int(time.time() * 1000)
