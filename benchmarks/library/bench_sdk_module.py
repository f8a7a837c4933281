# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark-only module: the same convergence as ccc_phone_numbers, written the straightforward way
with the official Python SDK, as a module an operator might write in an afternoon.

It pages ListPhoneNumbers one call after the other, adds the missing numbers and (with purge) removes
the extra ones in batches, one call after the other, and returns what changed. It is the baseline the
collection's module is compared with under ansible-playbook, where both pay Ansible's own costs.
"""

from __future__ import annotations

import json

from alibabacloud_ccc20200701 import models as ccc_models
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import utils_models as open_api_models
from ansible.module_utils.basic import AnsibleModule


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def main():
    module = AnsibleModule(
        argument_spec={
            "endpoint": {"type": "str", "required": True},
            "access_key_id": {"type": "str", "required": True},
            "access_key_secret": {"type": "str", "required": True, "no_log": True},
            "instance_id": {"type": "str", "required": True},
            "numbers": {"type": "list", "elements": "str", "required": True},
            "usage": {"type": "str", "default": "Bidirection"},
            "purge": {"type": "bool", "default": False},
            "batch_size": {"type": "int", "default": 100},
        }
    )
    params = module.params
    if not params["numbers"] and not params["purge"]:
        module.exit_json(changed=False, added=[], removed=[])
    client = Client(
        open_api_models.Config(
            access_key_id=params["access_key_id"],
            access_key_secret=params["access_key_secret"],
            endpoint=params["endpoint"].split("://")[-1],
            protocol="http",
            read_timeout=60000,
            connect_timeout=10000,
        )
    )
    bound = {}
    page = 1
    while True:
        data = client.list_phone_numbers(
            ccc_models.ListPhoneNumbersRequest(instance_id=params["instance_id"], page_number=page, page_size=100)
        ).body.data
        for item in data.list or []:
            bound[item.number] = item.usage
        if not data.list or len(bound) >= (data.total_count or 0):
            break
        page += 1
    missing = [number for number in params["numbers"] if number not in bound]
    for batch in batches(missing, params["batch_size"]):
        client.add_phone_numbers(
            ccc_models.AddPhoneNumbersRequest(
                instance_id=params["instance_id"], usage=params["usage"], number_list=json.dumps(batch)
            )
        )
    extra = []
    if params["purge"]:
        wanted = set(params["numbers"])
        extra = [number for number in bound if number not in wanted]
        for batch in batches(extra, params["batch_size"]):
            client.remove_phone_numbers(
                ccc_models.RemovePhoneNumbersRequest(instance_id=params["instance_id"], number_list=json.dumps(batch))
            )
    module.exit_json(changed=bool(missing or extra), added=missing, removed=extra)


if __name__ == "__main__":
    main()
