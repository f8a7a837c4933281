#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The export playbook as users run it, `ansible-playbook alibabacloud.ccc.export_phone_numbers`, then the role
# given the file it wrote, exclusively: no change. The emulator's address and keys are in the integration
# config file, which ansible-test hands to role targets only.
set -eux
set -- -e @../../integration_config.yml "$@"

# Loopback only: no run may try the real metadata address.
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
export ANSIBLE_ROLES_PATH=../
exported="${OUTPUT_DIR}/host_vars/ccc.yml"
connection=(
    -e 'phone_numbers_endpoint={{ ccc_endpoint }}'
    -e 'phone_numbers_access_key_id={{ ccc_access_key_id }}'
    -e 'phone_numbers_access_key_secret={{ ccc_access_key_secret }}'
)
export_playbook() {
    ansible-playbook alibabacloud.ccc.export_phone_numbers -e phone_numbers_instance_id=ccc-adopt \
        -e "phone_numbers_export_file=${exported}" "${connection[@]}" "$@"
}

ansible-playbook seed.yml "$@"
export_playbook "$@"
ansible-playbook converge.yml -e "export_file=${exported}" "$@"

# An existing file is kept: the second export fails before it reads the instance, and the file is unchanged.
cp "${exported}" "${OUTPUT_DIR}/first.yml"
if export_playbook "$@" > "${OUTPUT_DIR}/again.log" 2>&1; then
    echo "the export overwrote an existing file without phone_numbers_export_force" >&2
    exit 1
fi
grep -q "exists and was left as it is: set phone_numbers_export_force=true" "${OUTPUT_DIR}/again.log"
cmp "${exported}" "${OUTPUT_DIR}/first.yml"

# With force it is written again, the same text: the export of an unchanged instance is stable.
echo "# edited" >> "${exported}"
export_playbook -e phone_numbers_export_force=true "$@"
cmp "${exported}" "${OUTPUT_DIR}/first.yml"
