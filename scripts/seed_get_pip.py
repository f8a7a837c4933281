# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Make sure ansible-test can bootstrap pip in the virtual environments it creates.

ansible-test (run with --venv) creates an empty venv and installs pip into it with a "get-pip" script
that it downloads once from a host of its own and keeps in a cache under ~/.ansible/test/cache.
Machines that reach only package registries cannot download it. For the ansible-test installed in the
interpreter running this script, this finds the pip version, the URL and the cache file name in
ansible-test's own source, and when the cache file is missing:

1. tries the real download (a connected machine keeps the upstream script);
2. otherwise writes a stand-in that bootstraps pip with the standard library's ``ensurepip`` and then
   asks pip for the exact version ansible-test wants.

ansible-test runs the script with an almost empty environment, so the stand-in carries the pip
settings (certificate bundle, find-links, index URLs) of the environment that seeded it.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import sys
import urllib.request

MARKER = "# alibabacloud.ccc get-pip stand-in"
CARRIED_SETTINGS = ("PIP_CERT", "PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST")

STAND_IN = '''MARKER
# Written by scripts/seed_get_pip.py because the upstream get-pip script could not be downloaded.
# ansible-test runs it as: python get_pip_X_Y.py [--disable-pip-version-check] pip==X.Y [--no-setuptools] ...
import os
import subprocess
import sys

SETTINGS = SETTINGS_LITERAL


def usable_settings():
    settings = {}
    for name, value in SETTINGS.items():
        if name == "PIP_CERT" and not os.path.isfile(value):
            continue  # a bundle that is gone would break every TLS connection
        settings[name] = value
    return settings


def remember_settings(settings):
    """Keep the settings for the later pip runs in this venv, which get the same bare environment."""
    if sys.prefix == sys.base_prefix:
        return  # never write configuration into a system interpreter
    keys = {"PIP_CERT": "cert", "PIP_FIND_LINKS": "find-links", "PIP_INDEX_URL": "index-url",
            "PIP_EXTRA_INDEX_URL": "extra-index-url", "PIP_TRUSTED_HOST": "trusted-host"}
    lines = ["[global]"] + ["%s = %s" % (keys[name], value) for name, value in sorted(settings.items())]
    with open(os.path.join(sys.prefix, "pip.conf"), "w") as handle:
        handle.write("\\n".join(lines) + "\\n")


def main():
    args = sys.argv[1:]
    packages = [arg for arg in args if not arg.startswith("-")]
    settings = usable_settings()
    env = dict(os.environ, **settings)
    remember_settings(settings)
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"], env=env)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    if packages:
        result = subprocess.call(pip + ["install", "--quiet"] + packages, env=env)
        if result != 0:
            print("get-pip stand-in: could not install %s; keeping the pip that ensurepip provided"
                  % " ".join(packages))
    if "--no-setuptools" in args:
        subprocess.call(pip + ["uninstall", "--yes", "--quiet", "setuptools"], env=env)


if __name__ == "__main__":
    main()
'''


def ansible_test_source(relative: str) -> str:
    spec = importlib.util.find_spec("ansible_test")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{sys.executable}: ansible-test is not installed here")
    return (pathlib.Path(list(spec.submodule_search_locations)[0]) / relative).read_text()


def find(pattern: str, text: str, what: str) -> str:
    match = re.search(pattern, text, re.DOTALL)
    if not match:
        raise SystemExit(f"cannot find {what} in this ansible-test; scripts/seed_get_pip.py needs updating")
    return match.group(1)


def bootstrap_details() -> tuple[str, str, pathlib.Path]:
    """Return (pip version, download URL, cache file) exactly as this ansible-test computes them."""
    requirements = ansible_test_source("_internal/python_requirements.py")
    setup = ansible_test_source("_util/target/setup/requirements.py")
    defaults = find(r"default_packages\s*=\s*dict\((.*?)\)", requirements, "the default venv packages")
    pip_version = find(r"pip='([0-9.]+)'", defaults, "the pip version")
    url_template = find(r"url = '(https://[^']+%s[^']*)' % pip_version", setup, "the get-pip URL")
    cache_template = find(r"cache_path = os\.path\.expanduser\('([^']+%s[^']*)'", setup, "the cache path")
    url = url_template % pip_version
    cache = pathlib.Path(os.path.expanduser(cache_template % pip_version.replace(".", "_")))
    return pip_version, url, cache


def download(url: str) -> bytes | None:
    cafile = os.environ.get("PIP_CERT")
    try:
        import ssl

        context = ssl.create_default_context(cafile=cafile if cafile and os.path.isfile(cafile) else None)
        with urllib.request.urlopen(url, timeout=15, context=context) as response:
            body = response.read()
    except Exception as exc:  # any failure at all means "use the stand-in"
        print(f"get-pip download impossible ({type(exc).__name__}: {exc})")
        return None
    return body if b"def main" in body else None


def stand_in() -> str:
    settings = {name: os.environ[name] for name in CARRIED_SETTINGS if os.environ.get(name)}
    return STAND_IN.replace("MARKER", MARKER).replace("SETTINGS_LITERAL", repr(settings))


def main() -> int:
    pip_version, url, cache = bootstrap_details()
    if cache.exists():
        kind = "stand-in" if cache.read_text(errors="replace").startswith(MARKER) else "upstream script"
        print(f"get-pip for pip {pip_version}: cached ({kind}) at {cache}")
        return 0
    cache.parent.mkdir(parents=True, exist_ok=True)
    body = download(url)
    temporary = cache.with_name(cache.name + ".seed")
    if body is not None:
        temporary.write_bytes(body)
        kind = "upstream script"
    else:
        temporary.write_text(stand_in())
        kind = "ensurepip stand-in"
    temporary.replace(cache)
    print(f"get-pip for pip {pip_version}: wrote {kind} to {cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
