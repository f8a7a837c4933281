# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Skill-group membership read from ListPhoneNumbers items, and the requests that change it."""

from __future__ import annotations

import json

import pytest

from ansible_collections.alibabacloud.ccc.plugins.module_utils._skill_groups import (
    membership_request,
    skill_group_ids,
)

SALES = {"SkillGroupId": "sales@ccc-test", "Name": "sales", "DisplayName": "Sales", "InstanceId": "ccc-test"}
SUPPORT = {"SkillGroupId": "support@ccc-test", "Name": "support", "DisplayName": "Support", "InstanceId": "ccc-test"}


@pytest.mark.parametrize(
    "skill_groups,expected",
    [
        ([SUPPORT, SALES], ("sales@ccc-test", "support@ccc-test")),
        ([SALES, SALES], ("sales@ccc-test",)),
        ([], ()),
        (None, ()),
        ("", ()),
        (SALES, ("sales@ccc-test",)),  # older pages: one group as an object
        ({"SkillGroup": [SALES, SUPPORT]}, ("sales@ccc-test", "support@ccc-test")),  # older pages: a wrapper
        ([SALES, {"Name": "no id"}, "junk"], ("sales@ccc-test",)),
    ],
    ids=["list", "repeated", "empty", "null", "empty-string", "one-object", "wrapper", "malformed-entries"],
)
def test_skill_group_ids_read_every_shape_the_api_has_sent(skill_groups, expected):
    assert skill_group_ids({"Number": "057100000001", "SkillGroups": skill_groups}) == expected


def test_an_item_without_skill_groups_is_in_none():
    assert skill_group_ids({"Number": "057100000001"}) == ()


@pytest.mark.parametrize(
    "join,action",
    [(True, "AddNumbersToSkillGroup"), (False, "RemovePhoneNumbersFromSkillGroup")],
    ids=["join", "leave"],
)
def test_membership_request_names_the_group_and_sends_numbers_as_a_json_array(join, action):
    sent, params = membership_request("ccc-test", "sales@ccc-test", ("057100000001", "+8657100000002"), join)
    assert sent == action
    assert params == {
        "InstanceId": "ccc-test",
        "SkillGroupId": "sales@ccc-test",
        "NumberList": '["057100000001", "+8657100000002"]',
    }
    assert json.loads(params["NumberList"]) == ["057100000001", "+8657100000002"]
