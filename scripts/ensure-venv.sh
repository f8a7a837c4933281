#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Create or refresh a virtual environment from a pinned requirements file.
# Usage: scripts/ensure-venv.sh VENV_DIR REQUIREMENTS_FILE [OTHER_FILE_THAT_AFFECTS_IT...]
#
# A stamp inside the venv holds a hash of the interpreter version and of every file named; when it
# matches, nothing is installed, so running this again costs a fraction of a second.
set -euo pipefail

venv=$1
shift
requirements=$1
python=${PYTHON:-python3.11}

key=$({ "$python" -c 'import sys; print(sys.version)'; cat "$@"; } | sha256sum | cut -d' ' -f1)
stamp="$venv/.requirements.sha256"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$key" ]]; then
    echo "$venv: up to date with $requirements"
    exit 0
fi

# A venv built by another interpreter cannot be repaired in place.
if [[ -x "$venv/bin/python" ]] &&
    [[ "$("$venv/bin/python" -c 'import sys; print(sys.version)' 2>/dev/null)" != "$("$python" -c 'import sys; print(sys.version)')" ]]; then
    rm -rf "$venv"
fi

if [[ ! -x "$venv/bin/python" ]]; then
    echo "$venv: creating with $("$python" --version)"
    "$python" -m venv "$venv"
fi

echo "$venv: installing $requirements"
rm -f "$stamp"
# The filter hides the noise of index locations that are missing on some machines; pip's status decides.
set +e
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" 2>&1 |
    grep -v "is ignored: it is neither a file nor a directory"
status=${PIPESTATUS[0]}
set -e
if ((status != 0)); then
    echo "$venv: pip install -r $requirements failed (exit $status)" >&2
    exit "$status"
fi
"$venv/bin/python" -m pip check
echo "$key" >"$stamp"
