#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ansible-lint as others run it, with nothing `make` prepared:
# 1. bare (`ansible-lint`, no arguments) in a fresh copy of the checkout: what git would clone, tracked
#    and new unignored files, no .build, no .venv, no installed collection; .ansible-lint applies, and
#    ansible-lint installs the collection into its own cache from galaxy.yml;
# 2. on the contents of the built tarball, laid out as an installed collection
#    (ansible_collections/alibabacloud/ccc, the collections path pointing at it), production profile:
#    the tarball has no galaxy.yml or .ansible-lint, only what it ships (its .yamllint included).
# Both run with no ANSIBLE_* variables from the caller. Usage: scripts/lint_bare.sh VENV TARBALL
set -euo pipefail

venv=$1
tarball=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The linter and the ansible-core it drives, and nothing else from this environment.
bare_env=(env -u VIRTUAL_ENV)
while IFS='=' read -r name _; do
    [[ "$name" == ANSIBLE_* ]] && bare_env+=(-u "$name")
done < <(env)
bare_env+=("PATH=$venv/bin:$PATH")

status=0
echo "== ansible-lint, bare, in a fresh copy of the checkout"
clone=$scratch/clone
"$venv/bin/python" "$ROOT/scripts/sync_tree.py" "$ROOT" "$clone" >/dev/null
(cd "$clone" && "${bare_env[@]}" ansible-lint --nocolor) || status=1

echo "== ansible-lint --profile production on the contents of $(basename "$tarball")"
installed=$scratch/collections/ansible_collections/alibabacloud/ccc
mkdir -p "$installed"
tar -xzf "$tarball" -C "$installed"
(cd "$installed" && "${bare_env[@]}" ANSIBLE_COLLECTIONS_PATH="$scratch/collections" \
    ansible-lint --nocolor --profile production) || status=1
exit "$status"
