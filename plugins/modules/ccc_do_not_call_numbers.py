#!/usr/bin/python
# Copyright: (c) 2026, alibabacloud.ccc contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ccc_do_not_call_numbers
short_description: Keep an Alibaba Cloud Contact Center instance's do-not-call list
version_added: 1.0.0
description:
  - Declares which phone numbers are on the do-not-call list of an Alibaba Cloud Contact Center (CCC) instance,
    the numbers its outbound dialing must never call.
  - Reads the list, plans the smallest set of changes, and applies them with the CCC 2020-07-01 API
    (C(ImportDoNotCallNumbers), C(RemoveDoNotCallNumbers)). Running it again changes nothing.
  - Numbers this task does not name are left alone, unless O(purge=true), which makes the list hold exactly
    O(numbers), for example a list kept in a file or exported from a CRM.
  - Every input error is reported before any request is sent.
  - The account-wide (C(SYSTEM)) list is read-only here; read it with
    M(alibabacloud.ccc.ccc_do_not_call_numbers_info).
author:
  - alibabacloud.ccc maintainers (@alibabacloud-ccc)
requirements:
  - requests
options:
  numbers:
    description:
      - The phone numbers this task is about (digits, with an optional leading C(+)).
      - Quote each number in YAML (V("13900000001")). Unquoted, YAML reads a number as an integer, and one with
        a leading C(0) as octal, so a number that arrives as an integer is refused before any request.
      - Duplicates collapse and surrounding spaces are ignored; anything else is an error naming the number.
      - With O(state=present), these numbers are put on the list; with O(state=absent), they are taken off.
      - With O(purge=true), every listed number not named here is taken off; V(numbers=[]) with
        V(purge=true) empties the list. Left out, O(purge=true) is refused before any request, so a forgotten
        variable cannot empty the list.
    type: list
    elements: str
    aliases: [number_list]
  state:
    description:
      - V(present) puts the numbers on the list; V(absent) takes them off.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), also take off every listed number that is not in O(numbers).
      - Needs O(numbers) in the task, even empty; left out, the task fails before any request. V(numbers=[])
        empties the list on purpose.
      - Reads the whole list, and needs it whole. Every listing is checked (each page reports the same count, and
        the distinct numbers read are as many) and read again, at most twice, when the list changed while it was
        read; past the 10,000 entries one listing reaches, the list is read by C(SearchPattern). Purge fails
        with C(IncompleteListing), before any write, when the counts cannot prove the listing whole.
      - Set O(max_removals) to bound how many numbers one run may take off.
    type: bool
    default: false
  remark:
    description:
      - The remark written on the numbers this run puts on the list, for example where they came from.
      - A number already listed keeps its remark; the API cannot change a remark in place.
      - Not allowed with O(state=absent).
    type: str
  batch_size:
    description:
      - How many numbers one C(ImportDoNotCallNumbers) request carries. The API does not document a limit;
        lower this if a request fails with C(Parameter.Maximum).
      - Removals go 300 numbers a request, the most C(RemoveDoNotCallNumbers) takes.
    type: int
    default: 100
  max_concurrency:
    description:
      - How many requests may be in flight at once when reading pages, looking up numbers, importing and
        removing. V(1) sends one request at a time.
    type: int
    default: 8
notes:
  - Without O(purge), a few named numbers are looked up with C(SearchPattern) rather than reading the whole
    list; whichever of the look-ups or a listing costs fewer calls is used.
  - C(SearchPattern) matches a number or a remark; a look-up keeps only the entry of the number itself.
  - In check mode every read happens and no write; the result predicts the real run, refusals included.
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
  - module: alibabacloud.ccc.ccc_do_not_call_numbers_info
  - module: alibabacloud.ccc.ccc_phone_numbers
  - name: ImportDoNotCallNumbers API reference
    description: The Alibaba Cloud Contact Center 2020-07-01 API used to list numbers not to call.
    link: https://api.aliyun.com/#product=CCC&api=ImportDoNotCallNumbers&type=RPC&version=2020-07-01
"""

EXAMPLES = r"""
- name: Never call these two numbers from the instance
  alibabacloud.ccc.ccc_do_not_call_numbers:
    instance_id: ccc-test
    numbers: ["13900000001", "13900000002"]
    remark: Asked not to be called

- name: Keep the list exactly as the file says, one number a line (review first with --check --diff)
  alibabacloud.ccc.ccc_do_not_call_numbers:
    instance_id: ccc-test
    numbers: "{{ lookup('ansible.builtin.file', 'do-not-call.txt').splitlines() | map('trim') | select | list }}"
    remark: CRM export
    purge: true
    max_removals: 50

- name: Take a number off the list
  alibabacloud.ccc.ccc_do_not_call_numbers:
    instance_id: ccc-test
    numbers: ["13900000002"]
    state: absent

# Ad hoc, from the repository root (the short name resolves through ansible.cfg):
# ansible localhost -m ccc_do_not_call_numbers -a 'instance_id=ccc-test numbers=13900000001'
"""

RETURN = r"""
added:
  description: Numbers this run put on the list (in check mode, would put), in the order the task names them.
  returned: always
  type: list
  elements: str
  sample: ["13900000001"]
removed:
  description: Numbers this run took off the list (in check mode, would take off).
  returned: always
  type: list
  elements: str
  sample: ["13900000009"]
failed_numbers:
  description:
    - Numbers whose write could not be confirmed.
    - When not empty the task fails, and still reports what did change.
  returned: always
  type: list
  elements: str
  sample: []
request_ids:
  description: The action and request id of every write call, for support cases.
  returned: always
  type: list
  elements: dict
  sample: [{"action": "ImportDoNotCallNumbers", "request_id": "EEEE671A-3E24-4A04-81E6-6C4F5B39DF75"}]
error:
  description: What made the task fail.
  returned: failure
  type: dict
  contains:
    code:
      description:
        - The API error code, such as C(NotExists.InstanceId).
        - Or a code of the collection's own when no API error is behind the failure, such as C(InvalidOption)
          for bad input, C(TooManyRemovals) when the plan would remove more than O(max_removals) (nothing was
          changed), C(NotConverged) when some numbers could not be confirmed (see RV(failed_numbers)),
          C(IncompleteListing) when the list could not be read whole (nothing was changed), or C(ConnectionError).
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

from ansible_collections.alibabacloud.ccc.plugins.module_utils._converge import DO_NOT_CALL, converge
from ansible_collections.alibabacloud.ccc.plugins.module_utils._desired import (
    do_not_call_from_params,
    do_not_call_module,
    pace_from_params,
)
from ansible_collections.alibabacloud.ccc.plugins.module_utils._errors import CCCError
from ansible_collections.alibabacloud.ccc.plugins.module_utils._module import CCCModule


def main():
    ccc = CCCModule(**do_not_call_module())
    try:
        desired = do_not_call_from_params(ccc.params, ccc.given)
        pace = pace_from_params(ccc.params)
        report = converge(ccc.client(), desired, pace, ccc.module.check_mode, DO_NOT_CALL)
    except CCCError as exc:
        ccc.fail(exc)
    ccc.exit_with(report.result(with_diff=ccc.module._diff), report.error())


if __name__ == "__main__":
    main()
