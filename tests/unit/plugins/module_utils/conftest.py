# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.alibabacloud.ccc.tests.unit.plugins.module_utils.cred_fakes import FakeHttp


@pytest.fixture
def http():
    return FakeHttp()
