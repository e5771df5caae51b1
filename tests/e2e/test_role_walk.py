"""A new user's walk, for every demo role: every link of the menu and the landing page, and the first detail page of
each list, answers 200 at desktop (1280 px) and phone (390 px) width without a page wider than the window (a wide
table scrolls inside its own box, which the keyboard can reach and a screen reader can name); and every export a
list offers answers 200 with rows."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlsplit

import pytest

from .support import login

pytestmark = pytest.mark.e2e

ROLES = (
    "provincie",
    "regio",
    "gemeente",
    "adresonderzoek",
    "toezicht",
    "handhaving",
    "huisvester",
    "uitzendbureau",
    "werkgever",
    "beheer",
)
DESKTOP, PHONE = 1280, 390
# The Django admin is the administrator's own tool with its own layout; it is opened, not measured.
UNMEASURED = ("/beheer/",)
LINKS = """() => [...document.querySelectorAll("nav.site-nav a[href], main a[href]")]
  .map((a) => a.getAttribute("href"))
  .filter((href) => href.startsWith("/") && !href.startsWith("//"))"""
FIRST_DETAIL = """() => {
  const link = document.querySelector("main table tbody a[href^='/']");
  return link ? link.getAttribute("href") : null;
}"""
# What sticks out of the page, if anything: the elements whose right edge passes the window, outside any scroll box.
OVERFLOW = """() => {
  const width = window.innerWidth;
  const inScrollBox = (element) => {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(parent).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !inScrollBox(e))
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
}"""
# Scroll boxes wider than their content area that a keyboard cannot reach or a screen reader cannot name.
UNREACHABLE_SCROLL_BOXES = """() => [...document.querySelectorAll(".table-scroll")]
  .filter((box) => box.scrollWidth > box.clientWidth)
  .filter((box) => box.tabIndex < 0 || !(box.getAttribute("aria-label") || box.getAttribute("aria-labelledby")))
  .map((box) => box.outerHTML.slice(0, 120))"""
# a.href: the link resolved against the page, since exports are often relative ("?export=csv").
EXPORTS = """() => [...document.querySelectorAll("main a[href*='export=']")].map((a) => a.href)"""


def _path(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _rows(body: bytes, content_type: str) -> int | None:
    """The data rows of an exported file (the header row not counted); None when it is not an export at all."""
    if "csv" in content_type:
        return max(len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) - 1, 0)
    if "spreadsheet" in content_type:
        from openpyxl import load_workbook

        # A streamed workbook has no stored dimensions: count the rows themselves.
        return max(sum(1 for _ in load_workbook(io.BytesIO(body), read_only=True).active.iter_rows()) - 1, 0)
    if "json" in content_type:
        return len(json.loads(body).get("features", []))
    return None


def _layout_problem(page) -> str | None:
    """A page wider than the window (and what sticks out), or a scroll box a keyboard cannot reach or is not named."""
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        return f"{scroll} px in {inner} px, {page.evaluate(OVERFLOW)}"
    if unreachable := page.evaluate(UNREACHABLE_SCROLL_BOXES):
        return f"scroll box without tab stop or name: {unreachable}"
    return None


def _visit(page, base_url, path: str, problems: list[str]) -> bool:
    """Open `path` at desktop width and measure it there and at phone width (a resize lays the page out again
    without loading it again)."""
    page.set_viewport_size({"width": DESKTOP, "height": 800})
    response = page.goto(f"{base_url}{path}")
    if response.status != 200:
        problems.append(f"{path}: {response.status}")
        return False
    if path.startswith(UNMEASURED):
        return True
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 800})
        # The page's own resize handler (zicht.js makes a scroll box that now scrolls reachable) runs before the
        # next frame is drawn: measure after it, as a reader would see the page.
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
        if problem := _layout_problem(page):
            problems.append(f"{path} at {width} px: {problem}")
    return True


@pytest.mark.parametrize("username", ROLES)
def test_every_page_and_export_of_the_role(page, base_url, username):
    login(page, base_url, username)
    landing = page.url
    pages = list(dict.fromkeys([_path(landing), *(_path(href) for href in page.evaluate(LINKS))]))
    pages = [path for path in pages if not path.startswith(("/uitloggen/", "/static/", "/favicon"))]
    assert len(pages) > 3, pages
    problems: list[str] = []
    exports: dict[str, str] = {}
    details: list[str] = []
    # Every page; from each list its first detail page and its exports.
    for path in pages:
        if not _visit(page, base_url, path, problems) or path.startswith(UNMEASURED):
            continue
        detail = page.evaluate(FIRST_DETAIL)
        if detail and _path(detail) not in pages and _path(detail) not in details:
            details.append(_path(detail))
        for href in page.evaluate(EXPORTS):
            exports.setdefault(_path(href), path)
    for path in details:
        _visit(page, base_url, path, problems)
    for href, found_on in exports.items():
        answer = page.request.get(f"{base_url}{href}")
        if answer.status != 200:
            problems.append(f"export {href} (on {found_on}): {answer.status}")
        else:
            content_type = answer.headers.get("content-type", "")
            rows = _rows(answer.body(), content_type)
            if rows is None:
                problems.append(f"export {href} (on {found_on}): {content_type}, not a file")
            elif rows < 1:
                problems.append(f"export {href} (on {found_on}): no rows")
    assert not problems, f"{username}:\n" + "\n".join(problems)
