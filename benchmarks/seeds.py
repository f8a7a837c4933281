# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The emulator state and faults each benchmark run starts from (stdlib only)."""

from __future__ import annotations

INSTANCE_ID = "ccc-bench"
NUMBER_PREFIX = "0571"
USAGES = ("Inbound", "Outbound", "Bidirection")


def pool_numbers(count: int) -> list[str]:
    """The numbers `generate_pool` creates: prefix + 8-digit index, index from 1."""
    return [f"{NUMBER_PREFIX}{index:08d}" for index in range(1, count + 1)]


def seed(pool_size: int, bound: int, usage: str = "Bidirection", spread: bool = False) -> dict:
    """``spread``: number i (from 0) gets usage i mod 3 and activity i mod 2, filling all six slices."""
    instance: dict = {"contact_flows": {"flow-bench": "Bench IVR"}, "skill_groups": {}, "numbers": []}
    if bound:
        instance["generate_bound"] = {"count": bound, "usage": usage, "contact_flow_id": None}
        if spread:
            instance["generate_bound"].update(usage=list(USAGES), active=[True, False])
    return {
        "generate_pool": {"prefix": NUMBER_PREFIX, "count": pool_size},
        "instances": {INSTANCE_ID: instance},
    }


def latency(delay_ms: int) -> list[dict]:
    """The fault rules that make every API call take ``delay_ms`` longer (none for 0)."""
    return [{"action": "*", "kind": "latency", "delay_ms": delay_ms}] if delay_ms else []
