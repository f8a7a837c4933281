# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Skill-group membership of bound numbers: AddNumbersToSkillGroup and RemovePhoneNumbersFromSkillGroup.

``actions.py`` parses the parameters as it does for every call; the rules of membership live here. Both
calls run under the state lock and are all-or-nothing: a reply that refuses the call changed nothing.

The API documents no error codes for these calls. The ones used here are the emulator's choice, named
like the API's other codes: ``NotExists.SkillGroupId`` (404) for a skill group the instance does not have,
``NotExists.Number`` (404, the message ModifyPhoneNumber uses) for a number not bound to the instance.
"""

from __future__ import annotations

import dataclasses

from .replies import service_error
from .state import Instance


def join(instance: Instance, skill_group_id: str, numbers: list[str], number_groups: list[str]) -> None:
    """Adds ``numbers``, and every number bound with one of ``number_groups``, to the skill group.

    A number already in the group stays as it is, so the call can be repeated safely.
    """
    _skill_group(instance, skill_group_id)
    _bound(instance, numbers)
    grouped = [n for n in instance.ordered if instance.bindings[n].number_group_id in number_groups]
    for number in dict.fromkeys(numbers + grouped):
        binding = instance.bindings[number]
        if skill_group_id not in binding.skill_groups:
            instance.update(dataclasses.replace(binding, skill_groups=binding.skill_groups + (skill_group_id,)))


def leave(instance: Instance, skill_group_id: str, numbers: list[str]) -> None:
    """Takes ``numbers`` out of the skill group; a bound number that is not in it is left as it is."""
    _skill_group(instance, skill_group_id)
    _bound(instance, numbers)
    for number in numbers:
        binding = instance.bindings[number]
        if skill_group_id in binding.skill_groups:
            kept = tuple(sg for sg in binding.skill_groups if sg != skill_group_id)
            instance.update(dataclasses.replace(binding, skill_groups=kept))


def _skill_group(instance: Instance, skill_group_id: str) -> None:
    # A skill group of another instance is unknown here, as a contact flow of another instance is.
    if skill_group_id not in instance.skill_groups:
        raise service_error(
            404, "NotExists.SkillGroupId", "The specified skill group %s does not exist.", skill_group_id
        )


def _bound(instance: Instance, numbers: list[str]) -> None:
    for number in numbers:
        if number not in instance.bindings:
            raise service_error(
                404,
                "NotExists.Number",
                "The specified number %s does not exist in instance %s.",
                number,
                instance.instance_id,
            )
