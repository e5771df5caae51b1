"""Every main page fits its window at desktop (1280 px) and phone (390 px) width: a wide table scrolls inside its own
box, which the keyboard can reach; the page itself never scrolls sideways. The tracking code breaks only between
its groups."""

from __future__ import annotations

import pytest

from .support import login

pytestmark = pytest.mark.e2e

WIDTHS = (1280, 390)
MUNICIPALITY_PAGES = (
    "/",
    "/gebieden/gemeenten/",
    "/gebieden/adressen/",
    "/huisvesting/locaties/",
    "/huisvesting/aanbod/",
    "/bewoning/gebied/",
    "/bewoning/aanleveringen/",
    "/meldingen/",
    "/meldingen/dashboard/",
    "/wijken/",
    "/partijen/organisaties/",
)
PROVINCE_PAGES = (
    "/",
    "/huisvesting/locaties/",
    "/huisvesting/aanbod/",
    "/bewoning/gebied/",
    "/bewoning/gebied/?gebied=twente",
    "/meldingen/dashboard/",
    "/wijken/",
)
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


def _first_detail(page, base_url: str, list_path: str, link: str) -> str:
    page.goto(f"{base_url}{list_path}")
    return page.locator(link).first.get_attribute("href")


def _assert_fits(page, base_url: str, paths) -> None:
    problems = []
    for path in paths:
        response = page.goto(f"{base_url}{path}")
        assert response.status == 200, f"{path}: {response.status}"
        page.wait_for_load_state("load")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("window.innerWidth")
        if scroll_width > inner_width:
            problems.append(f"{path}: {scroll_width} px in {inner_width} px, {page.evaluate(OVERFLOW)}")
        unreachable = page.evaluate(UNREACHABLE_SCROLL_BOXES)
        if unreachable:
            problems.append(f"{path}: scroll box without tab stop or name: {unreachable}")
    assert not problems, "\n".join(problems)


# One test per role walks both widths: each browser test loads the demo, which costs more than the walk itself.
def test_municipality_pages_fit_the_window(page, base_url):
    login(page, base_url, "gemeente")
    location = _first_detail(page, base_url, "/huisvesting/locaties/", "table tbody th a")
    report = _first_detail(page, base_url, "/meldingen/", "table tbody a[href^='/meldingen/']")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        _assert_fits(page, base_url, [*MUNICIPALITY_PAGES, location, report])

    # At desktop width the columns a reader compares are in view before the location table scrolls.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base_url}/huisvesting/locaties/")
    box = page.locator(".table-scroll").first.bounding_box()
    shown = []
    for header in page.locator(".table-scroll thead th").all():
        edge = header.bounding_box()
        if edge["x"] + edge["width"] <= box["x"] + box["width"] + 0.5:
            shown.append(" ".join(header.inner_text().split()))
    for column in ("Naam", "Capaciteit (bedden)", "Normcapaciteit", "Normoordeel", "Certificaat geldig tot en met"):
        assert column in shown, f"{column!r} is not in view before scrolling: {shown}"


def test_province_pages_fit_the_window(page, base_url):
    login(page, base_url, "provincie")
    location = _first_detail(page, base_url, "/huisvesting/locaties/", "table tbody th a")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        _assert_fits(page, base_url, [*PROVINCE_PAGES, location])


def test_tracking_code_breaks_only_between_groups_on_a_phone(page, base_url):
    page.set_viewport_size({"width": 320, "height": 700})
    page.route("https://service.pdok.nl/**", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{base_url}/melden/")
    page.get_by_label("Geluidsoverlast").check()
    page.get_by_label("Postcode").fill("7416 LD")
    page.get_by_label("Huisnummer").fill("44")
    page.get_by_label("Wat is er aan de hand?").fill("Elke nacht harde muziek uit het portiek op nummer 44.")
    with page.expect_navigation():
        page.get_by_role("button", name="Melding versturen").click()
    code = page.locator("[data-tracking-code]")
    groups = code.locator(".tracking-code__group")
    assert groups.count() == 6
    lines = {round(box["y"]) for box in (group.bounding_box() for group in groups.all())}
    assert len(lines) > 1, "at 320 px the code is expected to take more than one line"
    for group in groups.all():
        assert group.evaluate("e => e.getClientRects().length") == 1, f"{group.inner_text()} breaks inside"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
