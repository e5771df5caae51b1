"""A new user's walk, for every demo role: every link of the menu and the landing page, and the first detail page of
each list, answers 200 at desktop (1280 px) and phone (390 px) width without a page wider than the window; and every
export a list offers answers 200 with rows."""

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
WIDTHS = (1280, 390)
# The Django admin is the administrator's own tool with its own layout; it is opened, not measured.
UNMEASURED = ("/beheer/",)
LINKS = """() => [...document.querySelectorAll("nav.site-nav a[href], main a[href]")]
  .map((a) => a.getAttribute("href"))
  .filter((href) => href.startsWith("/") && !href.startsWith("//"))"""
FIRST_DETAIL = """() => {
  const link = document.querySelector("main table tbody a[href^='/']");
  return link ? link.getAttribute("href") : null;
}"""
EXPORTS = """() => [...document.querySelectorAll("main a[href*='export=']")].map((a) => a.getAttribute("href"))"""


def _path(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _rows(body: bytes, content_type: str) -> int:
    """The data rows of an exported file (the header row not counted)."""
    if "csv" in content_type:
        return max(len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) - 1, 0)
    if "spreadsheet" in content_type:
        from openpyxl import load_workbook

        return max(load_workbook(io.BytesIO(body), read_only=True).active.max_row - 1, 0)
    if "json" in content_type:
        return len(json.loads(body).get("features", []))
    raise AssertionError(f"unexpected export type {content_type}")


def _too_wide(page) -> str | None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return f"{scroll} px in {inner} px" if scroll > inner else None


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
    for path in pages:
        response = page.goto(f"{base_url}{path}")
        if response.status != 200:
            problems.append(f"{path}: {response.status}")
            continue
        if path.startswith(UNMEASURED):
            continue
        detail = page.evaluate(FIRST_DETAIL)
        if detail and _path(detail) not in pages:
            details.append(_path(detail))
        for href in page.evaluate(EXPORTS):
            exports.setdefault(_path(href), path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for path in [p for p in pages if not p.startswith(UNMEASURED)] + list(dict.fromkeys(details)):
            response = page.goto(f"{base_url}{path}")
            if response.status != 200:
                problems.append(f"{path} at {width} px: {response.status}")
            elif wide := _too_wide(page):
                problems.append(f"{path} at {width} px: {wide}")
    for href, found_on in exports.items():
        answer = page.request.get(f"{base_url}{href}")
        if answer.status != 200:
            problems.append(f"export {href} (on {found_on}): {answer.status}")
        elif _rows(answer.body(), answer.headers.get("content-type", "")) < 1:
            problems.append(f"export {href} (on {found_on}): no rows")
    assert not problems, f"{username}:\n" + "\n".join(problems)
