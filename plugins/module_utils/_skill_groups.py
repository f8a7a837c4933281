# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: skill-group membership as the API shows and changes it.

ListPhoneNumbers items already carry each number's ``SkillGroups``, so membership costs no extra read.
AddNumbersToSkillGroup and RemovePhoneNumbersFromSkillGroup change it for one skill group and many
numbers per call; neither reply carries ``Data``, so a call that returns is a call that worked.
"""

from __future__ import annotations

import json

JOIN = "AddNumbersToSkillGroup"
LEAVE = "RemovePhoneNumbersFromSkillGroup"


def skill_group_ids(item):
    """The ids of the skill groups a ListPhoneNumbers item puts its number in, sorted and unique.

    Older API pages show ``SkillGroups`` as a single object (an XML-to-JSON artifact: one group, or a
    wrapper holding the list); both are read as the list they stand for.
    """
    groups = item.get("SkillGroups")
    if isinstance(groups, dict):
        inner = list(groups.values())
        groups = inner[0] if len(inner) == 1 and isinstance(inner[0], list) else [groups]
    if not isinstance(groups, list):
        return ()
    return tuple(
        sorted({g["SkillGroupId"] for g in groups if isinstance(g, dict) and isinstance(g.get("SkillGroupId"), str)})
    )


def membership_request(instance_id, skill_group_id, numbers, join):
    """``(action, params)`` of the one call that puts ``numbers`` into (``join``) or out of the group."""
    params = {"InstanceId": instance_id, "SkillGroupId": skill_group_id, "NumberList": json.dumps(list(numbers))}
    return (JOIN if join else LEAVE), params
