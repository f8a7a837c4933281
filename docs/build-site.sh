#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Build the collection's HTML documentation site (modules, role, user guide) with antsibull-docs and
# Sphinx into docs/_build/html. Offline: no intersphinx inventories are fetched.
#
# Needs antsibull-docs, sphinx and sphinx-ansible-theme on PATH (the repo's .venv has them) and the
# collection visible to Ansible. CCC_DOCS_COLLECTIONS_PATH may name a directory holding
# ansible_collections/alibabacloud/ccc (default: the Makefile's .build tree, used when it exists);
# otherwise a temporary tree linking to this checkout is made.
set -euo pipefail

repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"

for tool in antsibull-docs sphinx-build; do
    command -v "${tool}" >/dev/null || { echo "build-site.sh: ${tool} is not on PATH (make venv installs it)" >&2; exit 1; }
done
sphinx_python="$(dirname "$(command -v sphinx-build)")/python"
[[ -x "${sphinx_python}" ]] || sphinx_python=python3
if ! "${sphinx_python}" -c 'import sphinx_ansible_theme' 2>/dev/null; then
    echo "build-site.sh: the Sphinx theme is missing: pip install sphinx-ansible-theme (pinned in requirements-dev.txt)" >&2
    exit 1
fi
build="${repo}/docs/_build"
src="${build}/sphinx"
html="${build}/html"

collections="${CCC_DOCS_COLLECTIONS_PATH:-${repo}/.build}"
if [[ ! -f "${collections}/ansible_collections/alibabacloud/ccc/galaxy.yml" ]]; then
    # Outside the repository, so no tool walking the checkout meets a link back to it.
    collections="$(mktemp -d "${TMPDIR:-/tmp}/ccc-docs-collections.XXXXXX")"
    trap 'rm -rf "${collections}"' EXIT
    mkdir -p "${collections}/ansible_collections/alibabacloud"
    ln -s "${repo}" "${collections}/ansible_collections/alibabacloud/ccc"
fi
export ANSIBLE_COLLECTIONS_PATH="${collections}"

rm -rf "${src}" "${html}"
mkdir -p "${src}"

# A Sphinx project for this one collection (conf.py, antsibull-docs.cfg), then its RST pages.
antsibull-docs sphinx-init \
    --use-current --squash-hierarchy --fail-on-error --no-add-antsibull-docs-version \
    --project alibabacloud.ccc --copyright "alibabacloud.ccc contributors" \
    --title "alibabacloud.ccc" --html-short-title "alibabacloud.ccc" \
    --dest-dir "${src}" alibabacloud.ccc >/dev/null

# The generated conf.py fetches intersphinx inventories from docs.python.org and docs.ansible.com.
# Offline, a local inventory of the few Ansible labels the generated pages use takes their place.
python3 "${repo}/docs/offline_inventory.py" "${src}/ansible_devel.inv"
cat >> "${src}/conf.py" <<CONF

# Offline build: Ansible labels resolve from a local inventory, nothing is downloaded.
intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '${src}/ansible_devel.inv')}
CONF

mkdir -p "${src}/rst"
chmod og-w "${src}/rst"
antsibull-docs --config-file "${src}/antsibull-docs.cfg" collection \
    --use-current --squash-hierarchy --fail-on-error --no-add-antsibull-docs-version \
    --cleanup everything --dest-dir "${src}/rst" alibabacloud.ccc

# -W: any warning (an unresolved reference, a broken toctree) fails the build.
sphinx-build -q -b html -W --keep-going -c "${src}" "${src}/rst" "${html}"
echo "documentation site: ${html}/index.html"
