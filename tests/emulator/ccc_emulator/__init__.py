# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A local stand-in for the CCC 2020-07-01 phone-number API (tests only, never shipped).

It shares no code with ``plugins/``: the signature checks here are written from the spec so that the
collection's signer and this verifier check each other.
"""
