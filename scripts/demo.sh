#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Run demo/demo.yml beside the emulator, with the collection `make install` put in .build/collections
# (ansible.cfg points there). Usage, as `make demo` runs it:
#   tests/emulator/run.py --seed demo/seed.json -- scripts/demo.sh VENV
set -euo pipefail

venv=$1
: "${CCC_EMULATOR_VARS:?run it beside an emulator: tests/emulator/run.py --seed demo/seed.json -- scripts/demo.sh VENV}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The emulator's address and built-in keys reach the playbook as ccc_endpoint, ccc_access_key_id, ...
exec "$venv/bin/ansible-playbook" -i demo/inventory.yml demo/demo.yml -e @"$CCC_EMULATOR_VARS"
