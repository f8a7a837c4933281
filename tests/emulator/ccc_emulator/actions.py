# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The CCC calls, with the parameters, limits and replies of ccc-api.md and the SDK models.

Parameter checks come first (as the gateway does them), then the instance is looked up, then the
business rules run under the state lock.
"""

from __future__ import annotations

import json
import threading

from . import do_not_call, replies, skill_groups
from .listings import LISTINGS, Query
from .replies import ApiError, NoData, service_error
from .state import NUMBER, USAGES, Binding, Instance, World, is_400_number, now_ms

PAGE_LIMIT = 100


class Actions:
    def __init__(self, world: World):
        self.world = world
        self.lock = threading.Lock()

    def replace(self, world: World) -> None:
        with self.lock:
            self.world = world

    def call(self, action: str, params: dict[str, str]):
        handler = self.HANDLERS.get(action)
        if handler is None:
            raise replies.gateway_error(
                404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."
            )
        return handler(self, params)

    # --- the list calls (what each reads: listings.py) -------------------------------------------

    def list_phone_numbers(self, params: dict[str, str]):
        return self._page("ListPhoneNumbers", _phone_query(params))

    def list_unassigned_numbers(self, params: dict[str, str]):
        return self._page("ListUnassignedNumbers", _unassigned_query(params))

    def list_do_not_call_numbers(self, params: dict[str, str]):
        return self._page("ListDoNotCallNumbers", _do_not_call_query(params))

    def _page(self, action: str, query: Query):
        with self.lock:
            return LISTINGS[action](self.world, query).page(query.page_number, query.page_size)

    # --- AddPhoneNumbers ------------------------------------------------------------------------

    def add_phone_numbers(self, params: dict[str, str]):
        instance_id = _required(params, "InstanceId")
        usage = _usage(_required(params, "Usage"))
        flow = _optional(params, "ContactFlowId")
        number_group = _optional(params, "NumberGroupId")
        numbers = self._number_list(params, required=False)
        failed = []
        with self.lock:
            instance = self._instance(instance_id)
            if flow is not None:
                _flow_exists(instance, flow)
            created = now_ms()
            for number in numbers:
                if (
                    number not in self.world.pool
                    or number in self.world.owner
                    or (is_400_number(number) and usage != "Inbound")
                ):
                    failed.append(number)
                    continue
                instance.bind(Binding(number, usage, flow, (), True, created, number_group))
                self.world.assign(number, instance_id)
        return failed

    # --- ModifyPhoneNumber ----------------------------------------------------------------------

    def modify_phone_number(self, params: dict[str, str]):
        instance_id = _required(params, "InstanceId")
        number = _required(params, "Number")
        usage = _usage(_required(params, "Usage"))
        with self.lock:
            instance = self._instance(instance_id)
            binding = instance.bindings.get(number)
            if binding is None:
                raise service_error(404, "NotExists.Number", "The specified number %s does not exist.", number)
            if is_400_number(number) and usage != "Inbound":
                raise replies.enumeration("Usage", ["Inbound"])
            flow = binding.contact_flow_id
            if "ContactFlowId" in params:  # absent keeps the flow; an empty value clears it
                flow = params["ContactFlowId"] or None
                if flow is not None:
                    _flow_exists(instance, flow)
            instance.update(
                Binding(
                    number,
                    usage,
                    flow,
                    binding.skill_groups,
                    binding.active,
                    binding.create_time_ms,
                    binding.number_group_id,
                )
            )
        return NoData

    # --- RemovePhoneNumbers ---------------------------------------------------------------------

    def remove_phone_numbers(self, params: dict[str, str]):
        instance_id = _required(params, "InstanceId")
        numbers = self._number_list(params, required=True)
        force = bool(_boolean(params, "Force"))
        failed = []
        with self.lock:
            instance = self._instance(instance_id)
            for number in numbers:
                binding = instance.bindings.get(number)
                if binding is None or ((binding.skill_groups or binding.contact_flow_id) and not force):
                    failed.append(number)
                    continue
                instance.unbind(number)
                self.world.release(number)
        return failed

    # --- older reply shapes (the old_shapes fault) ----------------------------------------------

    @staticmethod
    def old_shapes(action: str, data):
        """``data`` as older API pages show it: ListPhoneNumbers' List as one object (a single item) or a
        wrapper holding the list, each item's SkillGroups as one object; RemovePhoneNumbers' failed numbers
        in FailureList beside a placeholder string Data. Other replies are unchanged."""
        if action == "ListPhoneNumbers":
            page = json.loads(data) if isinstance(data, str) else data
            items = page["List"]
            for item in items:
                groups = item.get("SkillGroups") or []
                item["SkillGroups"] = groups[0] if len(groups) == 1 else {"SkillGroup": groups}
            page["List"] = items[0] if len(items) == 1 else {"PhoneNumber": items}
            return page
        if action == "RemovePhoneNumbers":
            return replies.Members("Success", FailureList=data)
        return data

    # --- skill-group membership (rules in skill_groups.py) ---------------------------------------

    def add_numbers_to_skill_group(self, params: dict[str, str]):
        instance_id = _required(params, "InstanceId")
        skill_group_id = _required(params, "SkillGroupId")
        numbers = self._number_list(params, required=False)
        number_groups = _id_list(params, "InstNumberGroupIdList")
        with self.lock:
            skill_groups.join(self._instance(instance_id), skill_group_id, numbers, number_groups)
        return NoData

    def remove_phone_numbers_from_skill_group(self, params: dict[str, str]):
        instance_id = _required(params, "InstanceId")
        skill_group_id = _required(params, "SkillGroupId")
        numbers = self._number_list(params, required=True)
        with self.lock:
            skill_groups.leave(self._instance(instance_id), skill_group_id, numbers)
        return NoData

    # --- do-not-call lists (rules in do_not_call.py) ---------------------------------------------

    def import_do_not_call_numbers(self, params: dict[str, str]):
        instance_id = _required(params, "InstanceId")
        if _optional(params, "FilePath") is not None:
            raise replies.invalid_parameter("FilePath", "the emulator keeps no OSS files, send NumberList")
        raw = _optional(params, "NumberList")
        values = _json_array(raw, "NumberList") if raw is not None else []
        if not values:
            raise replies.empty("NumberList")
        if len(values) > self.world.max_do_not_call_per_import:
            raise replies.maximum("NumberList", self.world.max_do_not_call_per_import)
        numbers = []
        for value in values:
            number = str(value).strip()
            if not number:
                raise replies.blank("NumberList")
            if not NUMBER.match(number):
                raise replies.invalid_parameter("NumberList", f"{number} is not a phone number")
            numbers.append(number)
        remark = _optional(params, "Remark")
        with self.lock:
            instance = self._instance(instance_id)
            do_not_call.import_numbers(
                instance.do_not_call, list(dict.fromkeys(numbers)), remark, self.world.do_not_call_creator, now_ms()
            )
        return NoData

    def remove_do_not_call_numbers(self, params: dict[str, str]):
        instance_id = _required(params, "InstanceId")
        raw = _optional(params, "NumberList")
        values = _json_array(raw, "NumberList") if raw is not None else []
        if not values:
            raise replies.minimum("NumberList", 1)
        if len(values) > do_not_call.REMOVE_LIMIT:
            raise replies.maximum("NumberList", do_not_call.REMOVE_LIMIT)
        with self.lock:
            instance = self._instance(instance_id)
            do_not_call.remove_numbers(instance.do_not_call, [str(v).strip() for v in values])
        return ""  # the SDK types Data as a string; nothing in it names what was (not) removed

    # --- faults that change state ---------------------------------------------------------------

    def move_number(self, number: str, usage: str | None, active: bool | None) -> None:
        """Gives a bound number another usage and/or activity (the move_number fault); unbound: no-op."""
        with self.lock:
            instance = self.world.instances.get(self.world.owner.get(number, ""))
            if instance is None:
                return
            binding = instance.bindings[number]
            instance.update(
                Binding(
                    number,
                    usage or binding.usage,
                    binding.contact_flow_id,
                    binding.skill_groups,
                    binding.active if active is None else active,
                    binding.create_time_ms,
                    binding.number_group_id,
                )
            )

    def change_listing(self, kind: str, action: str, params: dict[str, str], number, remark) -> None:
        """insert_number / drop_number: changes the list the call reads before it is answered."""
        query_of = QUERIES.get(action)
        if query_of is None:
            return
        try:
            query = query_of(params)
            with self.lock:
                LISTINGS[action](self.world, query).change(kind, number, remark)
        except ApiError:
            pass  # the call refuses these parameters itself; there is no list to change

    HANDLERS = {
        "ListPhoneNumbers": list_phone_numbers,
        "AddPhoneNumbers": add_phone_numbers,
        "ModifyPhoneNumber": modify_phone_number,
        "RemovePhoneNumbers": remove_phone_numbers,
        "AddNumbersToSkillGroup": add_numbers_to_skill_group,
        "RemovePhoneNumbersFromSkillGroup": remove_phone_numbers_from_skill_group,
        "ListUnassignedNumbers": list_unassigned_numbers,
        "ImportDoNotCallNumbers": import_do_not_call_numbers,
        "RemoveDoNotCallNumbers": remove_do_not_call_numbers,
        "ListDoNotCallNumbers": list_do_not_call_numbers,
    }

    # --- shared checks --------------------------------------------------------------------------

    def _instance(self, instance_id: str) -> Instance:
        instance = self.world.instances.get(instance_id)
        if instance is None:
            raise replies.instance_not_found(instance_id)
        return instance

    def _number_list(self, params: dict[str, str], *, required: bool) -> list[str]:
        raw = _required(params, "NumberList") if required else _optional(params, "NumberList")
        if raw is None:
            return []
        value = _json_array(raw, "NumberList")
        if len(value) > self.world.max_numbers_per_call:
            raise replies.maximum("NumberList", self.world.max_numbers_per_call)
        return list(dict.fromkeys(str(v).strip() for v in value))  # a repeated number is handled once


def _phone_query(params: dict[str, str]) -> Query:
    instance_id = _required(params, "InstanceId")
    page_number, page_size = _page_param(params, "PageNumber"), _page_param(params, "PageSize")
    usage = _optional(params, "Usage")
    if usage is not None:
        _usage(usage)
    return Query(
        page_number,
        page_size,
        instance_id=instance_id,
        usage=usage,
        active=_boolean(params, "Active"),
        pattern=_optional(params, "SearchPattern"),
    )


def _unassigned_query(params: dict[str, str]) -> Query:
    page_number, page_size = _page_param(params, "PageNumber"), _page_param(params, "PageSize")
    return Query(page_number, page_size, pattern=_optional(params, "SearchPattern"))


def _do_not_call_query(params: dict[str, str]) -> Query:
    instance_id = _required(params, "InstanceId")
    page_number, page_size = _page_param(params, "PageNumber"), _page_param(params, "PageSize")
    scope = _optional(params, "Scope") or do_not_call.INSTANCE
    if scope not in do_not_call.SCOPES:
        raise replies.enumeration("Scope", list(do_not_call.SCOPES))
    return Query(
        page_number, page_size, instance_id=instance_id, pattern=_optional(params, "SearchPattern"), scope=scope
    )


QUERIES = {
    "ListPhoneNumbers": _phone_query,
    "ListUnassignedNumbers": _unassigned_query,
    "ListDoNotCallNumbers": _do_not_call_query,
}


def _json_array(raw: str, name: str) -> list:
    """A JSON array of numbers, given as strings or integers (integers are read as their digits)."""
    try:
        value = json.loads(raw)
    except ValueError:
        raise replies.invalid_parameter(name, "it must be a JSON array of numbers") from None
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        raise replies.invalid_parameter(name, "it must be a JSON array of numbers")
    return value


def _optional(params: dict[str, str], name: str) -> str | None:
    value = params.get(name)
    return value if value else None


def _required(params: dict[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise replies.missing_parameter(name)
    return value


def _id_list(params: dict[str, str], name: str) -> list[str]:
    raw = _optional(params, name)
    if raw is None:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        raise replies.invalid_parameter(name, "it must be a JSON array of ids") from None
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise replies.invalid_parameter(name, "it must be a JSON array of ids")
    return value


def _usage(value: str) -> str:
    if value not in USAGES:
        raise replies.enumeration("Usage", list(USAGES))
    return value


def _boolean(params: dict[str, str], name: str) -> bool | None:
    value = _optional(params, name)
    if value is None:
        return None
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise replies.invalid_parameter(name, "it must be true or false")
    return lowered == "true"


def _page_param(params: dict[str, str], name: str) -> int:
    raw = _required(params, name)
    try:
        value = int(raw)
    except ValueError:
        raise replies.invalid_parameter(name, "it must be an integer") from None
    if value < 1:
        raise replies.minimum(name, 1)
    if value > PAGE_LIMIT:
        raise replies.maximum(name, PAGE_LIMIT)
    return value


def _flow_exists(instance: Instance, flow: str) -> None:
    if flow not in instance.contact_flows:
        raise service_error(404, "NotExists.ContactFlowId", "The specified contact flow %s does not exist.", flow)


def error_for_unknown_version(version: str) -> ApiError | None:
    if version != replies.API_VERSION:
        return replies.gateway_error(400, "InvalidVersion", "Specified parameter Version is not valid.")
    return None
