# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Baseline: the same convergence written the straightforward way with the official Python SDK.

Pages ListPhoneNumbers one call after the other (PageSize 100), then adds the missing numbers in
batches of the module's default size, one call after the other, and with --purge removes the extra
ones the same way. This is how the SDK's own examples read: one request, wait, next request.
Prints one JSON object: seconds spent in API work (client construction and imports excluded),
counts, and this process's peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

from alibabacloud_ccc20200701 import models as ccc_models
from alibabacloud_ccc20200701.client import Client
from alibabacloud_tea_openapi import utils_models as open_api_models

PAGE_SIZE = 100


def list_bound(client: Client, instance_id: str) -> dict[str, str]:
    bound: dict[str, str] = {}
    page = 1
    while True:
        reply = client.list_phone_numbers(
            ccc_models.ListPhoneNumbersRequest(instance_id=instance_id, page_number=page, page_size=PAGE_SIZE)
        )
        data = reply.body.data
        items = data.list or []
        for item in items:
            bound[item.number] = item.usage
        if not items or len(bound) >= (data.total_count or 0):
            return bound
        page += 1


def batches(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="host:port of the emulator")
    parser.add_argument("--instance-id", required=True)
    parser.add_argument("--numbers-file", required=True, help="JSON list of the desired numbers")
    parser.add_argument("--usage", default="Bidirection")
    parser.add_argument("--batch-size", type=int, required=True)
    parser.add_argument("--purge", action="store_true")
    parser.add_argument("--access-key-id", required=True)
    parser.add_argument(
        "--access-key-secret-env",
        default="BENCH_ACCESS_KEY_SECRET",
        help="name of the environment variable holding the secret",
    )
    args = parser.parse_args()

    with open(args.numbers_file, encoding="utf-8") as handle:
        desired: list[str] = json.load(handle)
    config = open_api_models.Config(
        access_key_id=args.access_key_id,
        access_key_secret=os.environ[args.access_key_secret_env],
        endpoint=args.endpoint,
        protocol="http",
        read_timeout=60000,
        connect_timeout=10000,
    )
    client = Client(config)

    started = time.monotonic()
    bound = list_bound(client, args.instance_id)
    missing = [number for number in desired if number not in bound]
    failed: list[str] = []
    for batch in batches(missing, args.batch_size):
        reply = client.add_phone_numbers(
            ccc_models.AddPhoneNumbersRequest(
                instance_id=args.instance_id, usage=args.usage, number_list=json.dumps(batch)
            )
        )
        failed.extend(_failed_numbers(reply.body.data))
    extra: list[str] = []
    if args.purge:
        wanted = set(desired)
        extra = [number for number in bound if number not in wanted]
        for batch in batches(extra, args.batch_size):
            reply = client.remove_phone_numbers(
                ccc_models.RemovePhoneNumbersRequest(instance_id=args.instance_id, number_list=json.dumps(batch))
            )
            failed.extend(_failed_numbers(reply.body.data))
    seconds = time.monotonic() - started

    json.dump(
        {
            "seconds": seconds,
            "listed": len(bound),
            "added": len(missing),
            "removed": len(extra),
            "failed": failed,
            "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 1 if failed else 0


def _failed_numbers(data) -> list[str]:
    # Add/Remove reply with the numbers that failed; the SDK types Data loosely (list or None).
    if not data:
        return []
    return [str(item) for item in data] if isinstance(data, list) else [str(data)]


if __name__ == "__main__":
    sys.exit(main())
