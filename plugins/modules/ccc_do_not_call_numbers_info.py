#!/usr/bin/python
# Copyright: (c) 2026, alibabacloud.ccc contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ccc_do_not_call_numbers_info
short_description: List the do-not-call numbers of an Alibaba Cloud Contact Center instance or account
version_added: 1.0.0
description:
  - Lists the numbers on the do-not-call list of an Alibaba Cloud Contact Center (CCC) instance (O(scope=INSTANCE)),
    or on the account-wide list every instance honours (O(scope=SYSTEM)), every page of them, optionally only
    those matching O(search_pattern).
author:
  - alibabacloud.ccc maintainers (@alibabacloud-ccc)
requirements:
  - requests
options:
  scope:
    description:
      - V(INSTANCE) lists the instance's own list, which M(alibabacloud.ccc.ccc_do_not_call_numbers) manages.
      - V(SYSTEM) lists the account-wide list, which this collection only reads. The API still needs an
        existing O(instance_id) to read it.
    type: str
    choices: [INSTANCE, SYSTEM]
    default: INSTANCE
  search_pattern:
    description:
      - Only entries whose number or remark contains this text (the API's C(SearchPattern), a substring match).
    type: str
  max_concurrency:
    description:
      - How many requests may be in flight at once when reading pages.
    type: int
    default: 8
notes:
  - Every listing is checked before it is returned - each page reports the same count, and the distinct
    numbers read are as many - and read again, at most twice, when the list changed while it was read; then
    the module fails with C(IncompleteListing) rather than return a list that may miss or repeat numbers.
  - Past the 10,000 entries one listing reaches, the list is read by C(SearchPattern) and returned only when
    the counts prove it complete.
extends_documentation_fragment:
  - alibabacloud.ccc.instance
  - alibabacloud.ccc.connection
  - alibabacloud.ccc.attributes.info
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
seealso:
  - module: alibabacloud.ccc.ccc_do_not_call_numbers
"""

EXAMPLES = r"""
- name: Read the instance's do-not-call list
  alibabacloud.ccc.ccc_do_not_call_numbers_info:
    instance_id: ccc-test
  register: ccc_do_not_call

- name: Show each number and why it is listed
  ansible.builtin.debug:
    msg: "{{ item.number }}: {{ item.remark | default('no remark', true) }}"
  loop: "{{ ccc_do_not_call.do_not_call_numbers }}"

- name: Read the account-wide list, only entries mentioning a regulator
  alibabacloud.ccc.ccc_do_not_call_numbers_info:
    instance_id: ccc-test
    scope: SYSTEM
    search_pattern: regulator

# Ad hoc, from the repository root:
# ansible localhost -m ccc_do_not_call_numbers_info -a 'instance_id=ccc-test scope=SYSTEM'
"""

RETURN = r"""
do_not_call_numbers:
  description: The entries of the list that match, sorted by number.
  returned: success
  type: list
  elements: dict
  sample:
    - number: "13900000001"
      remark: Complaint
      scope: INSTANCE
      creator: agent@ccc-test
      created_time: 1767225600000
  contains:
    number:
      description: The phone number.
      type: str
    remark:
      description: The remark written when the number was listed, or null.
      type: str
    scope:
      description: C(INSTANCE) or C(SYSTEM), the list the entry is on.
      type: str
    creator:
      description: Who listed the number, as the API reports it, or null.
      type: str
    created_time:
      description: When the number was listed, in milliseconds since the epoch (as the API returns it).
      type: int
total_count:
  description: How many entries of the list match O(search_pattern), as the API counts them.
  returned: success
  type: int
  sample: 1
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
"""

from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import (
    do_not_call_info_module,
    do_not_call_query_from_params,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_reader import DoNotCallReader
from ansible_collections.alibabacloud.ccc.plugins.module_utils._dnc_report import info_result
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._module import CCCModule


def main():
    ccc = CCCModule(**do_not_call_info_module())
    try:
        query = do_not_call_query_from_params(ccc.params)
        reader = DoNotCallReader(ccc.client(), query.instance_id, query.max_concurrency, query.scope)
        listing, total = reader.query(query)
    except CCCError as exc:
        ccc.fail(exc)
    ccc.module.exit_json(**info_result(listing, total))


if __name__ == "__main__":
    main()
