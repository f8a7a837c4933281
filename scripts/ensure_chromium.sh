#!/usr/bin/env bash
# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Make sure headless Chromium and its chromedriver are installed for tests/docs/test_site_in_browser.py:
# a no-op when both are there, otherwise Debian's packages (chromium, chromium-driver) are installed, which
# needs root, as CI has. Browsers downloaded by test libraries are not used: only package registries are
# reachable, and Debian keeps the browser and its driver at the same version.
# CHROMIUM and CHROMEDRIVER name other binaries (the test reads the same variables).
set -euo pipefail

chromium=${CHROMIUM:-chromium}
chromedriver=${CHROMEDRIVER:-chromedriver}
if command -v "$chromium" >/dev/null && command -v "$chromedriver" >/dev/null; then
    echo "browser: $("$chromium" --version 2>/dev/null | head -n 1), chromedriver $("$chromedriver" --version | cut -d' ' -f2)"
    exit 0
fi
if ((EUID != 0)); then
    echo "browser: Chromium or chromedriver is missing; as root: apt-get install -y chromium chromium-driver" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null; then
    echo "browser: no apt-get here; install Chromium and chromedriver, or set CHROMIUM and CHROMEDRIVER" >&2
    exit 1
fi
echo "browser: installing chromium and chromium-driver from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
echo "browser: $(chromium --version 2>/dev/null | head -n 1), chromedriver $(chromedriver --version | cut -d' ' -f2)"
