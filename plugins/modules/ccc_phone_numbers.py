#!/usr/bin/python
# Copyright: (c) 2026, alibabacloud.ccc contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ccc_phone_numbers
short_description: Bind phone numbers to an Alibaba Cloud Contact Center instance
version_added: 1.0.0
description:
  - Declares which phone numbers are bound to an Alibaba Cloud Contact Center (CCC) instance, with which
    usage (C(Inbound), C(Outbound), C(Bidirection)) and which IVR contact flow answers them.
  - Reads the instance, plans the smallest set of changes, and applies them with the CCC 2020-07-01 API
    (C(AddPhoneNumbers), C(ModifyPhoneNumber), C(RemovePhoneNumbers)). Running it again changes nothing.
  - Settings of bound numbers are changed in place with C(ModifyPhoneNumber); a number is never unbound
    and bound again to change its usage or flow.
  - With O(skill_group_ids), declares the skill groups whose agents use the numbers, and changes membership
    with C(AddNumbersToSkillGroup) and C(RemovePhoneNumbersFromSkillGroup).
  - Several groups of numbers with their own settings are declared at once with O(bindings); the task then
    reads the instance once, plans every binding together and shows one diff.
  - Numbers this task does not name are left alone, unless O(purge=true).
  - Every input error is reported before any request is sent, and every rule is checked across all
    bindings before any write.
author:
  - alibabacloud.ccc maintainers (@alibabacloud-ccc)
requirements:
  - requests
options:
  bindings:
    description:
      - The numbers of the instance as several bindings, each a set of numbers with its own settings. The
        task plans them together, with one read of the instance, one plan, one diff and one result.
      - A number may appear in only one binding; the task fails before any request when one is named twice.
      - With O(purge=true), every bound number that no binding names is unbound.
      - M(alibabacloud.ccc.ccc_phone_numbers_info) returns what an instance holds in this shape
        (RV(alibabacloud.ccc.ccc_phone_numbers_info#module:bindings)); fed back with O(purge=true), it changes
        nothing.
      - Mutually exclusive with O(numbers), O(usage), O(contact_flow_id), O(number_group_id) and
        O(skill_group_ids), which declare a single binding.
    type: list
    elements: dict
    suboptions:
      numbers:
        description:
          - The numbers of this binding, as O(numbers) takes them.
        type: list
        elements: str
        required: true
      usage:
        description:
          - Usage of these numbers, as O(usage).
        type: str
        choices: [Inbound, Outbound, Bidirection]
      contact_flow_id:
        description:
          - Contact flow of these numbers, as O(contact_flow_id).
        type: str
      number_group_id:
        description:
          - Number group these numbers join when added, as O(number_group_id).
        type: str
      skill_group_ids:
        description:
          - The exact skill groups of these numbers, as O(skill_group_ids).
        type: list
        elements: str
  numbers:
    description:
      - The phone numbers this task is about, as shown in the console (digits, with an optional leading C(+)).
      - Quote each number in YAML (V("057112340001")). Unquoted, YAML reads a number as an integer, and one with
        a leading C(0) as octal (C(057100000013) arrives as C(6325010443)), so a number that arrives as an
        integer is refused before any request.
      - Duplicates collapse and surrounding spaces are ignored; anything else is an error.
      - With O(state=present), these numbers are bound; with O(state=absent), they are unbound.
      - With O(purge=true), every bound number not listed here is unbound; V(numbers=[]) with
        V(purge=true) unbinds every number of the instance. Left out, O(purge=true) is refused before any
        request, so a forgotten variable cannot empty the instance.
      - Declares one binding together with O(usage), O(contact_flow_id), O(number_group_id) and
        O(skill_group_ids); see O(bindings) for several.
    type: list
    elements: str
    aliases: [number_list]
  usage:
    description:
      - What the numbers are used for. Required to bind numbers that are not bound yet.
      - When given, bound numbers with another usage are changed in place.
      - 400 numbers (Chinese toll-free numbers starting with C(400)) can only be V(Inbound).
    type: str
    choices: [Inbound, Outbound, Bidirection]
  contact_flow_id:
    description:
      - The IVR contact flow that answers calls to the numbers.
      - When given, bound numbers are set to this flow; V("") clears the flow. When omitted, the flow of
        bound numbers is left as it is.
      - Not allowed with O(usage=Outbound), nor for a bound Outbound number that keeps its usage. A number
        switched to C(Outbound) loses its flow, since an Outbound number answers no calls; the module reads
        such a number back after the change and fails if the API kept the flow.
      - A number that is C(Outbound) already keeps a flow the API left on it, as any number keeps a flow the
        task does not name; V("") clears it.
    type: str
  number_group_id:
    description:
      - Number group the numbers join when they are added.
      - The API accepts it only when binding and cannot read it back, so it is not compared or changed
        for numbers that are already bound.
    type: str
  skill_group_ids:
    description:
      - The skill groups the numbers belong to, exactly; their agents dial out from, and inbound routing
        reaches them through, these numbers. Ids as the console shows them, for example
        V(sales@ccc-test).
      - Numbers are added to the groups they miss and removed from the others, with one
        C(AddNumbersToSkillGroup) or C(RemovePhoneNumbersFromSkillGroup) call per skill group and
        direction (within O(batch_size)). Numbers bound by this task join after they are added.
      - V([]) takes the numbers out of every skill group. When omitted, membership is left as it is.
      - Membership is read from the listing the task makes anyway, so it costs no extra call. The ids are
        checked by the API when the membership calls are sent, after the numbers are bound; an unknown
        skill group fails the task with the API's error code, and the numbers stay bound.
      - Other numbers of the skill groups are never touched. A number in a skill group is only unbound
        with O(force=true).
    type: list
    elements: str
  state:
    description:
      - V(present) binds the numbers with the given settings; V(absent) unbinds them.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also unbind every number of the instance that is not in O(numbers) or in any
        of O(bindings).
      - Needs O(numbers) or O(bindings) in the task, even empty; with both left out the task fails before any
        request. V(numbers=[]) unbinds every number on purpose.
      - Needs a complete view of the instance. Every listing is checked (each page reports the same count, and
        the distinct numbers read are as many) and read again, at most twice, when the instance changed while
        it was read; past the 10,000 numbers one listing reaches, the instance is listed by usage and activity
        (and by C(SearchPattern) where one of those still holds more). Purge fails with C(IncompleteListing),
        before any write, when the counts cannot prove the listing whole.
      - Set O(max_removals) to bound how many numbers one run may unbind.
    type: bool
    default: false
  force:
    description:
      - Unbind numbers even when they are tied to skill groups, contact flows or agents (C(Force=true)).
      - Without it, numbers to unbind that the listing shows with a contact flow or skill groups are refused
        with every other refusal, before any write and in check mode, naming them. Ties the listing cannot
        show (agents) are refused by the API; those numbers are reported in RV(failed_numbers).
      - Unbinding never releases a number from the account, with or without O(force).
    type: bool
    default: false
  batch_size:
    description:
      - How many numbers one C(AddPhoneNumbers), C(RemovePhoneNumbers), C(AddNumbersToSkillGroup) or
        C(RemovePhoneNumbersFromSkillGroup) request carries.
      - The API caps the list size without documenting the cap; lower this if a request fails with
        C(Parameter.Maximum).
    type: int
    default: 100
  max_concurrency:
    description:
      - How many requests may be in flight at once when reading pages, looking up numbers, modifying
        numbers one by one and changing skill-group membership. V(1) sends one request at a time.
      - CCC's default quota is about 100 calls per second per API and account; throttled calls are
        retried, but lower this if other tools share the account's quota.
    type: int
    default: 8
  return_phone_numbers:
    description:
      - Also return RV(phone_numbers), the binding of every number in scope after the run.
      - Off by default because a task's result is carried, masked and logged by Ansible for every number in
        it. With O(purge=true) the scope is the whole instance, and on 10,000 numbers the bindings cost Ansible
        more time than every API call of a converged run together (measured in C(make bench)), and
        1.5 MB in every job log that keeps results. RV(added), RV(modified), RV(removed),
        RV(failed_numbers) and the diff say what changed without them.
      - Use M(alibabacloud.ccc.ccc_phone_numbers_info) to read the numbers with every detail the API keeps.
    type: bool
    default: false
notes:
  - One listing of the API reaches 10,000 numbers (100 pages of 100). Without O(purge), named numbers in a
    larger instance are looked up one by one with C(SearchPattern); with O(purge) a larger instance is listed
    by slices (see the user guide's limits section).
  - In check mode every read happens and no write; the result predicts the real run, refusals included.
  - Every listing and look-up is proven whole before anything is planned on it (see O(purge)); the user
    guide's Safety section says what removal does and what guards it.
  - A write whose reply is lost (timeout, connection reset) is never resent blindly; the module reads the
    numbers again and only sends what is still needed.
extends_documentation_fragment:
  - alibabacloud.ccc.instance
  - alibabacloud.ccc.connection
  - alibabacloud.ccc.removals
  - alibabacloud.ccc.attributes
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: alibabacloud.ccc.ccc_phone_numbers_info
  - name: AddPhoneNumbers API reference
    description: The Alibaba Cloud Contact Center 2020-07-01 API used to bind numbers.
    link: https://api.aliyun.com/#product=CCC&api=AddPhoneNumbers&type=RPC&version=2020-07-01
  - name: AddNumbersToSkillGroup API reference
    description: The API used to add numbers to a skill group.
    link: https://api.aliyun.com/#product=CCC&api=AddNumbersToSkillGroup&type=RPC&version=2020-07-01
"""

EXAMPLES = r"""
- name: Bind two numbers for inbound calls answered by the main IVR
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    numbers:
      - "057112345678"
      - "057112345679"
    usage: Inbound
    contact_flow_id: dDMD_0mif4hv

- name: Set credentials once for every module of the collection
  module_defaults:
    group/alibabacloud.ccc.ccc:
      access_key_id: "{{ vault_ccc_access_key_id }}"
      access_key_secret: "{{ vault_ccc_access_key_secret }}"
      region: cn-shanghai
  block:
    - name: Use the numbers for outbound campaigns
      alibabacloud.ccc.ccc_phone_numbers:
        instance_id: ccc-test
        numbers: "{{ campaign_numbers }}"
        usage: Outbound

- name: Declare every number of the instance in one task (review first with --check --diff)
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    bindings:
      - numbers: ["057112345678", "057112345679"]
        usage: Inbound
        contact_flow_id: dDMD_0mif4hv
      - numbers: ["4008001234"]
        usage: Inbound
        contact_flow_id: hotline_flow
      - numbers: "{{ campaign_numbers }}"
        usage: Outbound
    purge: true

- name: Bring an instance set up in the console under Ansible - export what it holds as bindings
  alibabacloud.ccc.ccc_phone_numbers_info:
    instance_id: ccc-test
    return_phone_numbers: false
  register: ccc_export

- name: Declare exactly that - no change now, and from now on edit the bindings instead of the console
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    bindings: "{{ ccc_export.bindings }}"
    purge: true

- name: Let the sales and support agents dial out from the hotline numbers
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    bindings:
      - numbers: ["057112345678", "057112345679"]
        usage: Bidirection
        skill_group_ids: [sales@ccc-test, support@ccc-test]
      - numbers: "{{ campaign_numbers }}"
        usage: Outbound
        skill_group_ids: [campaigns@ccc-test]

- name: Take a number out of every skill group, keeping it bound
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    numbers: ["057112345679"]
    skill_group_ids: []

- name: Make these the only numbers of the instance (review first with --check --diff)
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    numbers: "{{ ccc_numbers }}"
    usage: Bidirection
    purge: true

- name: In production, purge with a guard - never unbind more than 20 numbers in one run
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-prod
    numbers: "{{ ccc_numbers }}"
    usage: Bidirection
    purge: true
    force: true
    max_removals: 20

- name: Unbind a number, even if a skill group still uses it
  alibabacloud.ccc.ccc_phone_numbers:
    instance_id: ccc-test
    numbers: ["057112345679"]
    state: absent
    force: true

# Ad hoc, from the repository root (the short name resolves through ansible.cfg):
# ansible localhost -m ccc_phone_numbers -a 'instance_id=ccc-test numbers=057112345678 usage=Inbound'
"""

RETURN = r"""
added:
  description: Numbers bound by this run (in check mode, that would be bound).
  returned: always
  type: list
  elements: str
  sample: ["057112345678"]
removed:
  description: Numbers unbound by this run (in check mode, that would be unbound).
  returned: always
  type: list
  elements: str
  sample: ["057112345600"]
modified:
  description: Bound numbers whose usage or contact flow this run changed in place.
  returned: always
  type: list
  elements: dict
  contains:
    number:
      description: The number.
      type: str
    before:
      description: C(usage) and C(contact_flow_id) before the change.
      type: dict
    after:
      description: C(usage) and C(contact_flow_id) after the change.
      type: dict
  sample: [{"number": "057112345678", "before": {"usage": "Outbound", "contact_flow_id": null},
            "after": {"usage": "Inbound", "contact_flow_id": "dDMD_0mif4hv"}}]
skill_group_changes:
  description:
    - Numbers whose skill-group membership this run changed (in check mode, would change), in the order the
      task names them. Numbers bound by this run are listed here too when they joined skill groups.
    - When the task fails part-way, only the changes the API confirmed.
  returned: always
  type: list
  elements: dict
  contains:
    number:
      description: The number.
      type: str
    joined:
      description: Ids of the skill groups the number was added to.
      type: list
      elements: str
    left:
      description: Ids of the skill groups the number was removed from.
      type: list
      elements: str
  sample: [{"number": "057112345678", "joined": ["support@ccc-test"], "left": ["sales@ccc-test"]}]
failed_numbers:
  description:
    - Numbers the API refused to bind or unbind, or whose write could not be confirmed.
    - When not empty the task fails, and still reports what did change.
  returned: always
  type: list
  elements: str
  sample: []
phone_numbers:
  description:
    - The numbers in scope after the run, as bound on the instance (with O(purge=true), every bound number of
      the instance; otherwise the named numbers that are bound).
    - Fields the API sets itself (such as RV(phone_numbers[].active)) are as last read, and null for numbers
      bound by this run.
    - M(alibabacloud.ccc.ccc_phone_numbers_info) returns the same keys and more details about each number.
  returned: when O(return_phone_numbers=true)
  type: list
  elements: dict
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
      description: The name of that contact flow, when known.
      type: str
    active:
      description: Whether the number is active.
      type: bool
    skill_group_ids:
      description:
        - Ids of the skill groups the number belongs to, sorted, as O(skill_group_ids) takes them.
        - M(alibabacloud.ccc.ccc_phone_numbers_info) returns their names too.
      type: list
      elements: str
request_ids:
  description: The action and request id of every write call, for support cases.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "AddPhoneNumbers", "request_id": "EEEE671A-3E24-4A04-81E6-6C4F5B39DF75"}]
error:
  description: The API error that made the task fail.
  returned: failure
  type: dict
  contains:
    code:
      description:
        - The API error code, such as C(NotExists.InstanceId).
        - Or a code of the collection's own when no API error is behind the failure, such as
          C(InvalidOption) for bad input (including removals that need O(force)), C(TooManyRemovals) when the
          plan would unbind more than O(max_removals) (nothing was changed), C(NotConverged) when some numbers
          could not be bound or unbound (see RV(failed_numbers)), C(IncompleteListing) when the instance could
          not be read whole (nothing was changed), or C(ConnectionError).
      type: str
    message:
      description: The API's message.
      type: str
    request_id:
      description: The request id of the failed call.
      type: str
    http_status:
      description: The HTTP status of the failed call.
      type: int
"""

from ansible_collections.alibabacloud.ccc.plugins.module_utils._converge import converge
from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import (
    desired_from_params,
    pace_from_params,
    phone_numbers_module,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._module import CCCModule


def main():
    ccc = CCCModule(**phone_numbers_module())
    try:
        desired = desired_from_params(ccc.params, ccc.given)
        pace = pace_from_params(ccc.params)
        report = converge(ccc.client(), desired, pace, check_mode=ccc.module.check_mode)
    except CCCError as exc:
        ccc.fail(exc)
    result = report.result(with_diff=ccc.module._diff, with_bindings=ccc.params["return_phone_numbers"])
    ccc.exit_with(result, report.error())


if __name__ == "__main__":
    main()
