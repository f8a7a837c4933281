# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Internal to the alibabacloud.ccc collection: calls run side by side, never more than a limit at once.

The reader's pages and the applier's batches both go through ``run_all``, so ``max_concurrency`` means
the same thing everywhere.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor


def run_all(function, arguments, limit):
    """``function`` over ``arguments``, at most ``limit`` at a time; the results in the arguments' order.
    The first exception a call raises is raised here once every started call has finished."""
    arguments = list(arguments)
    if len(arguments) <= 1 or limit <= 1:
        return [function(argument) for argument in arguments]
    with ThreadPoolExecutor(max_workers=min(limit, len(arguments))) as pool:
        return list(pool.map(function, arguments))
