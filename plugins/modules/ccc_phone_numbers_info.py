#!/usr/bin/python
# Copyright: (c) 2026, alibabacloud.ccc contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ccc_phone_numbers_info
short_description: List the phone numbers of an Alibaba Cloud Contact Center instance, or the account's free ones
version_added: 1.0.0
description:
  - Lists the phone numbers bound to an Alibaba Cloud Contact Center (CCC) instance, every page of them,
    optionally filtered by usage, activity, a search pattern or a list of numbers.
  - Returns them in the same shape as RV(alibabacloud.ccc.ccc_phone_numbers#module:phone_numbers), and as
    RV(bindings), the O(alibabacloud.ccc.ccc_phone_numbers#module:bindings) option that declares exactly them.
    That export brings an instance set up by hand under Ansible.
  - With O(unassigned=true), lists the account's numbers that no instance uses instead.
author:
  - alibabacloud.ccc maintainers (@alibabacloud-ccc)
requirements:
  - requests
options:
  instance_id:
    description:
      - The CCC instance, for example C(ccc-test).
      - Required unless O(unassigned=true), with which it cannot be given.
    type: str
    aliases: [instance]
  unassigned:
    description:
      - List the numbers the account owns that no instance uses (C(ListUnassignedNumbers)), with their province
        and city, instead of the numbers bound to an instance.
      - Only O(search_pattern) narrows this list; O(instance_id), O(numbers), O(usage) and O(active) cannot be
        given with it.
      - One listing reaches 10,000 numbers and this list has no usage or activity to list it by in parts, so when
        more match, the module fails with C(IncompleteListing); narrow the list with O(search_pattern).
    type: bool
    default: false
  return_phone_numbers:
    description:
      - Return RV(phone_numbers). Set V(false) when only RV(bindings) (or RV(total_count)) is wanted. For an
        instance of thousands of numbers the details make the result several MB, which Ansible then scans and
        copies.
    type: bool
    default: true
  numbers:
    description:
      - Only these numbers (those of them that are bound and match the other filters). Looked up with as few
        calls as the API allows; the result does not depend on how many numbers the instance holds.
      - Quote each number in YAML (V("057112340001")); a number that arrives as an integer is refused, as in
        O(alibabacloud.ccc.ccc_phone_numbers#module:numbers).
    type: list
    elements: str
    aliases: [number_list]
  usage:
    description:
      - Only numbers with this usage.
    type: str
    choices: [Inbound, Outbound, Bidirection]
  active:
    description:
      - Only active (V(true)) or inactive (V(false)) numbers.
    type: bool
  search_pattern:
    description:
      - Only numbers containing this text (the API's C(SearchPattern), a substring match). Applies to
        O(unassigned=true) too.
    type: str
  max_concurrency:
    description:
      - How many requests may be in flight at once when reading pages.
    type: int
    default: 8
notes:
  - Every listing is checked before it is returned - each page reports the same count, and the distinct
    numbers read are as many - and read again, at most twice, when the instance changed while it was read;
    then the module fails with C(IncompleteListing) rather than return a list that may miss or repeat numbers.
  - One listing of the API reaches 10,000 numbers (100 pages of 100). When more match, the module lists them
    by usage and activity (and, where one of those still holds more, by C(SearchPattern) look-ups), and
    returns them only when the counts prove the list complete; otherwise it fails with
    C(IncompleteListing) rather than return part of them. See the guide's limits section for the calls it
    costs.
  - RV(bindings) holds no C(number_group_id), since the API cannot read a number's group back. Fed back to
    M(alibabacloud.ccc.ccc_phone_numbers) with O(alibabacloud.ccc.ccc_phone_numbers#module:purge=true) it changes
    nothing, as long as the listing was not narrowed by O(numbers), O(usage), O(active) or O(search_pattern),
    since purge would unbind every number left out. The collection's playbook
    C(alibabacloud.ccc.export_phone_numbers) writes it to a variables file for the role
    C(alibabacloud.ccc.phone_numbers).
extends_documentation_fragment:
  - alibabacloud.ccc.connection
  - alibabacloud.ccc.attributes.info
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: alibabacloud.ccc.ccc_phone_numbers
"""

EXAMPLES = r"""
- name: List every number of the instance
  alibabacloud.ccc.ccc_phone_numbers_info:
    instance_id: ccc-test
  register: ccc_numbers

- name: Show the inbound numbers and the flow answering each
  ansible.builtin.debug:
    msg: "{{ item.number }} -> {{ item.contact_flow_name | default('no flow', true) }}"
  loop: "{{ ccc_numbers.phone_numbers | selectattr('usage', 'equalto', 'Inbound') }}"

- name: Look up two numbers only
  alibabacloud.ccc.ccc_phone_numbers_info:
    instance_id: ccc-test
    numbers: ["057112345678", "057112345679"]

- name: Export the instance as the bindings option, without the details of each number
  alibabacloud.ccc.ccc_phone_numbers_info:
    instance_id: ccc-test
    return_phone_numbers: false
  register: ccc_export

- name: Declare exactly that state (changes nothing; from now on edit the bindings instead of the console)
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    bindings: "{{ ccc_export.bindings }}"
    purge: true

- name: Find numbers the account owns that no instance uses, in the 0571 area
  alibabacloud.ccc.ccc_phone_numbers_info:
    unassigned: true
    search_pattern: "0571"
  register: ccc_free

- name: Show them
  ansible.builtin.debug:
    msg: "{{ ccc_free.total_count }} free: {{ ccc_free.phone_numbers | map(attribute='number') | join(', ') }}"

# Ad hoc, from the repository root:
# ansible localhost -m ccc_phone_numbers_info -a 'instance_id=ccc-test usage=Outbound'
"""

RETURN = r"""
bindings:
  description:
    - The bound numbers that match, as the O(alibabacloud.ccc.ccc_phone_numbers#module:bindings) option of
      M(alibabacloud.ccc.ccc_phone_numbers) takes them. Fed back with
      O(alibabacloud.ccc.ccc_phone_numbers#module:purge=true), it changes nothing.
    - One entry per distinct usage, contact flow and skill groups, sorted by them; numbers and skill group ids are
      sorted, so the same instance always exports the same text.
    - No entry has C(number_group_id), since the API cannot read a number's group back.
  returned: success, unless O(unassigned=true)
  type: list
  elements: dict
  sample:
    - usage: Inbound
      contact_flow_id: dDMD_0mif4hv
      skill_group_ids: [sales@ccc-test]
      numbers: ["057112345678", "057112345679"]
    - usage: Outbound
      skill_group_ids: []
      numbers: ["057112345680"]
  contains:
    usage:
      description: C(Inbound), C(Outbound) or C(Bidirection).
      type: str
    contact_flow_id:
      description:
        - The contact flow that answers these numbers; left out when they have none.
        - Always left out for C(Outbound) numbers, which take no flow. A flow the API left on one is left as it
          is by M(alibabacloud.ccc.ccc_phone_numbers) unless
          O(alibabacloud.ccc.ccc_phone_numbers#module:contact_flow_id) is V("").
      type: str
      returned: when the numbers have a contact flow and are not Outbound
    skill_group_ids:
      description: The skill groups these numbers belong to, sorted; V([]) when none.
      type: list
      elements: str
    numbers:
      description: The numbers with these settings, sorted.
      type: list
      elements: str
phone_numbers:
  description:
    - The bound numbers that match, sorted by number.
    - The same keys as RV(alibabacloud.ccc.ccc_phone_numbers#module:phone_numbers), plus the details the API
      keeps about each number (RV(phone_numbers[].instance_id) to RV(phone_numbers[].tags)).
    - With O(unassigned=true), the account's numbers that no instance uses, sorted by number, each with
      RV(phone_numbers[].number), RV(phone_numbers[].province) and RV(phone_numbers[].city) only.
  returned: success, unless O(return_phone_numbers=false)
  type: list
  elements: dict
  sample:
    - number: "057112345678"
      usage: Inbound
      contact_flow_id: dDMD_0mif4hv
      contact_flow_name: Main IVR
      active: true
      instance_id: ccc-test
      create_time: "1700000000000"
      city: Hangzhou
      province: Zhejiang
      provider: CMCC
      user_id: "1234567890"
      tags: null
      skill_group_ids: []
      skill_groups: []
  contains:
    number:
      description: The phone number.
      type: str
    usage:
      description: C(Inbound), C(Outbound) or C(Bidirection).
      type: str
    contact_flow_id:
      description: The contact flow that answers the number, or null.
      type: str
    contact_flow_name:
      description: The name of that contact flow.
      type: str
    active:
      description: Whether the number is active.
      type: bool
    instance_id:
      description: The instance the number is bound to.
      type: str
    create_time:
      description: When the number was bound, in milliseconds since the epoch (as the API returns it).
      type: str
    city:
      description: The city of the number.
      type: str
    province:
      description: The province of the number.
      type: str
    provider:
      description: The carrier of the number.
      type: str
    user_id:
      description: The account that owns the number.
      type: str
    tags:
      description: Tags as the API returns them.
      type: raw
    skill_group_ids:
      description:
        - Ids of the skill groups the number belongs to, sorted; the form
          M(alibabacloud.ccc.ccc_phone_numbers) takes in O(alibabacloud.ccc.ccc_phone_numbers#module:skill_group_ids).
      type: list
      elements: str
    skill_groups:
      description: Skill groups the number is tied to, each with C(skill_group_id), C(name) and C(display_name).
      type: list
      elements: dict
error:
  description: What made the task fail.
  returned: failure
  type: dict
  contains:
    code:
      description:
        - The API error code, such as C(NotExists.InstanceId), or a code of the collection's own when no
          API error is behind the failure, such as C(InvalidOption) or C(ConnectionError).
      type: str
    message:
      description: The message that goes with the code.
      type: str
    request_id:
      description: The request id of the failed call, when the API answered.
      type: str
    http_status:
      description: The HTTP status of the failed call, when the API answered.
      type: int
total_count:
  description:
    - How many bound numbers of the instance match O(usage), O(active) and O(search_pattern), as the API counts
      them. O(numbers) does not narrow it, so with O(numbers) it is the size of the filtered instance, and
      the length of RV(phone_numbers) is how many of the named numbers were found. Without O(numbers) it is
      the length of RV(phone_numbers).
    - With O(unassigned=true), how many of the account's unassigned numbers match O(search_pattern).
  returned: success
  type: int
  sample: 2
"""

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import (
    phone_numbers_info_module,
    query_from_params,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._module import CCCModule
from ansible_collections.alibabacloud.ccc.plugins.module_utils._reader import Reader, UnassignedReader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._report import info_result, unassigned_result


def main():
    ccc = CCCModule(**phone_numbers_info_module())
    try:
        query = query_from_params(ccc.params, ccc.given)
        if query.unassigned:
            total, numbers = UnassignedReader(ccc.client(), query.max_concurrency).list_all(query.filters)
            result = unassigned_result(total, numbers, query.with_phone_numbers)
        else:
            listing, total = Reader(ccc.client(), query.instance_id, query.max_concurrency).query(query)
            result = info_result(listing, total, query.with_phone_numbers)
    except CCCError as exc:
        ccc.fail(exc)
    ccc.module.exit_json(**result)


if __name__ == "__main__":
    main()
