# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built documentation site as a reader meets it: served over HTTP and opened in headless Chromium.

Every plugin and role page loads without a console error (a script that throws, a stylesheet or script
that does not load), and the search page, which is JavaScript over searchindex.js, finds the module for
a word only its documentation explains. A link checker reads the HTML and cannot see either break.

Needs the site (`make docs`) and Chromium with chromedriver (`make browser`); the environment variables
CHROMIUM and CHROMEDRIVER name other binaries (e.g. google-chrome and its driver).
"""

from __future__ import annotations

import functools
import http.server
import os
import pathlib
import shutil
import threading
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = pathlib.Path(__file__).resolve().parents[2]
SITE = REPO / "docs" / "_build" / "html"
# Long enough for a loaded machine; a working page settles in well under a second.
WAIT_SECONDS = 30
# The flags that keep Chromium to the one site it is shown: no sandbox (CI runs as root), no GPU, and none
# of its own background connections, which fail here and would crowd the log.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _pages() -> list[str]:
    """The index, the guide, and one page per module and role the repository has (antsibull-docs names)."""
    modules = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if not p.name.startswith("_"))
    roles = sorted(p.name for p in (REPO / "roles").iterdir() if (p / "meta" / "argument_specs.yml").is_file())
    return (
        ["index.html", "docsite/guide.html"] + [f"{m}_module.html" for m in modules] + [f"{r}_role.html" for r in roles]
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the page loads are not news
        pass


@pytest.fixture(scope="module")
def site_url():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} is not built: run `make docs` first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = shutil.which(os.environ.get("CHROMIUM", "chromium"))
    chromedriver = shutil.which(os.environ.get("CHROMEDRIVER", "chromedriver"))
    if not chromium or not chromedriver:
        pytest.fail(
            "Chromium and chromedriver are needed: run `make browser` (apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    # Console messages, uncaught exceptions and failed loads all arrive through the browser log.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_page_load_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()


def _open(browser, url: str) -> list[str]:
    """Load url, wait until it has finished loading, and return the console errors it caused."""
    browser.get_log("browser")  # drop what earlier pages left
    browser.get(url)
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


@pytest.mark.parametrize("page", _pages())
def test_page_loads_without_console_errors(browser, site_url, page):
    errors = _open(browser, f"{site_url}/{page}")
    assert errors == []
    # A page that loaded but is not the page asked for (a server error page, an empty file) fails here.
    assert browser.find_elements(By.CSS_SELECTOR, "h1"), f"{page} has no heading"


def test_search_finds_the_module_for_purge(browser, site_url):
    errors = _open(browser, f"{site_url}/search.html?q=purge")

    def result_pages(driver):
        links = driver.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a")
        return [urlsplit(link.get_attribute("href")).path.rsplit("/", 1)[-1] for link in links] or False

    found = WebDriverWait(browser, WAIT_SECONDS).until(result_pages, message="search.html?q=purge listed no results")
    assert "ccc_phone_numbers_module.html" in found
    assert errors == []
