# Copyright: (c) 2026, alibabacloud.ccc contributors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The site checker must catch what a reader would trip over: a missing page, a dead link, a dead anchor,
a page nobody links to. Each case builds a tiny site and breaks one thing."""

from __future__ import annotations

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from check_site import REQUIRED_PAGES, check_site, main


def _page(body: str, title: str = "") -> str:
    return "<html><head><title>%s</title></head><body>%s</body></html>" % (title, body)


def _good_site() -> dict[str, str]:
    """A site with every required page, linked from the index, with working anchors."""
    index_links = "".join('<a href="%s">%s</a>' % (name, name) for name in REQUIRED_PAGES if name != "index.html")
    pages = {"index.html": _page('<h1 id="top">alibabacloud.ccc</h1>' + index_links)}
    for name, needle in REQUIRED_PAGES.items():
        if name == "index.html":
            continue
        up = "../" * name.count("/")
        pages[name] = _page(
            '<h1 id="top">%s</h1><a href="%sindex.html#top">home</a><a href="#top">top</a>'
            '<a href="/">root</a><a href="https://docs.ansible.com/">external</a>' % (needle, up)
        )
    return pages


def _write(root, pages: dict[str, str]) -> str:
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return str(root)


def test_check_site_accepts_a_sound_site(tmp_path):
    assert check_site(_write(tmp_path, _good_site())) == []


@pytest.mark.parametrize(
    "break_it, expected",
    [
        pytest.param(
            lambda p: p.pop("docsite/guide.html"),
            "docsite/guide.html: required page is missing",
            id="missing-required-page",
        ),
        pytest.param(
            lambda p: p.__setitem__("phone_numbers_role.html", _page("<h1>nothing useful</h1>")),
            "phone_numbers_role.html: does not mention 'phone_numbers'",
            id="empty-required-page",
        ),
        pytest.param(
            lambda p: p.__setitem__("index.html", p["index.html"] + '<a href="gone.html">x</a>'),
            "points at missing file gone.html",
            id="dead-link",
        ),
        pytest.param(
            lambda p: p.__setitem__(
                "index.html", p["index.html"] + '<a href="ccc_phone_numbers_module.html#nope">x</a>'
            ),
            "missing anchor #nope in ccc_phone_numbers_module.html",
            id="dead-anchor",
        ),
        pytest.param(
            lambda p: p.__setitem__("index.html", p["index.html"] + '<a href="#nowhere">x</a>'),
            "missing anchor #nowhere in index.html",
            id="dead-anchor-same-page",
        ),
        pytest.param(
            lambda p: p.__setitem__("index.html", p["index.html"] + '<link href="_static/missing.css">'),
            "points at missing file _static/missing.css",
            id="dead-stylesheet",
        ),
        pytest.param(
            lambda p: p.__setitem__("index.html", p["index.html"] + '<a href="../outside.html">x</a>'),
            "leaves the site",
            id="link-outside-site",
        ),
        pytest.param(
            lambda p: p.__setitem__("index.html", _page('<h1 id="top">alibabacloud.ccc</h1>')),
            "ccc_phone_numbers_module.html: not reachable by links from index.html",
            id="unreachable-page",
        ),
    ],
)
def test_check_site_reports_each_kind_of_breakage(tmp_path, break_it, expected):
    pages = _good_site()
    break_it(pages)
    problems = check_site(_write(tmp_path, pages))
    assert any(expected in problem for problem in problems), problems


def test_check_site_decodes_escaped_anchors_and_paths(tmp_path):
    pages = _good_site()
    pages["index.html"] += '<a href="ccc_phone_numbers_module.html#parameter-numbers%2Fnumber_list">x</a>'
    pages["ccc_phone_numbers_module.html"] += '<div id="parameter-numbers/number_list"></div>'
    assert check_site(_write(tmp_path, pages)) == []


def test_main_exits_non_zero_and_names_the_problem(tmp_path, capsys):
    pages = _good_site()
    pages["index.html"] += '<a href="gone.html">x</a>'
    assert main(["check_site.py", _write(tmp_path, pages)]) == 1
    assert "gone.html" in capsys.readouterr().out


def test_main_fails_when_the_site_was_not_built(tmp_path, capsys):
    assert main(["check_site.py", str(tmp_path / "nothing")]) == 1
    assert "make docs" in capsys.readouterr().out
