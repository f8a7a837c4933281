# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the built documentation site: the pages users need exist and are reachable from the index, and
every internal link and anchor resolves. Offline: external links are not followed.

    python tests/docs/check_site.py [SITE_DIR]     (default: docs/_build/html)

Exits 1 and lists every problem when something is wrong.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SITE = os.path.join(REPO, "docs", "_build", "html")

# page -> a text it must contain, so an empty or error page does not pass.
REQUIRED_PAGES = {
    "index.html": "alibabacloud.ccc",
    "ccc_phone_numbers_module.html": "ccc_phone_numbers",
    "ccc_phone_numbers_info_module.html": "ccc_phone_numbers_info",
    "ccc_do_not_call_numbers_module.html": "ccc_do_not_call_numbers",
    "ccc_do_not_call_numbers_info_module.html": "ccc_do_not_call_numbers_info",
    "phone_numbers_role.html": "phone_numbers",
    "docsite/guide.html": "Troubleshooting by error code",
}

# Attributes that point at another resource, per tag.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}


@dataclass
class Page:
    anchors: set[str] = field(default_factory=set)
    links: list[tuple[str, int]] = field(default_factory=list)  # (url, line)
    text: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.page.anchors.add(values[name])
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and values.get(wanted) is not None:
            self.page.links.append((values[wanted], self.getpos()[0]))

    def handle_data(self, data):
        self.page.text.append(data)


def parse_page(path: str) -> Page:
    parser = _PageParser()
    with open(path, encoding="utf-8") as handle:
        parser.feed(handle.read())
    parser.close()
    return parser.page


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def html_files(site: str) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(site):
        found.extend(os.path.relpath(os.path.join(root, name), site) for name in files if name.endswith(".html"))
    return sorted(p.replace(os.sep, "/") for p in found)


def resolve(site: str, page: str, url: str) -> tuple[str, str]:
    """The site-relative target file and the (decoded) fragment of an internal link on `page`."""
    parts = urlsplit(url)
    if parts.path:
        # A root-absolute link ("/", the theme's home link) means the site's own root: the site is served
        # from the root of its host.
        base = "" if parts.path.startswith("/") else os.path.dirname(page)
        target = os.path.normpath(os.path.join(base, unquote(parts.path).lstrip("/")))
        if url.split("#")[0].split("?")[0].endswith("/") or os.path.isdir(os.path.join(site, target)):
            target = os.path.normpath(os.path.join(target, "index.html"))
    else:
        target = page
    return target.replace(os.sep, "/"), unquote(parts.fragment)


def check_site(site: str) -> list[str]:
    """Every problem found, as `page:line: message` sentences; empty when the site is sound."""
    if not os.path.isdir(site):
        return ["%s: no site here; build it first (make docs)" % site]
    pages = {name: parse_page(os.path.join(site, name)) for name in html_files(site)}
    problems = []

    for name, needle in REQUIRED_PAGES.items():
        if name not in pages:
            problems.append("%s: required page is missing" % name)
        elif needle not in "".join(pages[name].text):
            problems.append("%s: does not mention %r" % (name, needle))

    linked: dict[str, set[str]] = {}
    for name, page in pages.items():
        for url, line in page.links:
            if is_external(url) or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            target, fragment = resolve(site, name, url)
            linked.setdefault(name, set()).add(target)
            if target.startswith("../"):
                problems.append("%s:%d: link %r leaves the site" % (name, line, url))
            elif not os.path.isfile(os.path.join(site, target)):
                problems.append("%s:%d: link %r points at missing file %s" % (name, line, url, target))
            elif fragment and target.endswith(".html") and fragment not in pages[target].anchors:
                problems.append(
                    "%s:%d: link %r points at missing anchor #%s in %s" % (name, line, url, fragment, target)
                )

    # Required pages must be reachable from the index, not just present on disk.
    reachable, todo = set(), ["index.html"]
    while todo:
        current = todo.pop()
        if current in reachable or current not in pages:
            continue
        reachable.add(current)
        todo.extend(linked.get(current, ()))
    for name in REQUIRED_PAGES:
        if name in pages and name not in reachable:
            problems.append("%s: not reachable by links from index.html" % name)
    return problems


def main(argv: list[str]) -> int:
    site = argv[1] if len(argv) > 1 else DEFAULT_SITE
    problems = check_site(site)
    if problems:
        print("documentation site %s has %d problem(s):" % (site, len(problems)))
        for problem in problems:
            print("  " + problem)
        return 1
    pages = html_files(site)
    links = sum(len(parse_page(os.path.join(site, p)).links) for p in pages)
    print(
        "documentation site %s: %d pages, %d links checked, all internal links and anchors resolve"
        % (site, len(pages), links)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
