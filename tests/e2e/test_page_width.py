"""At desktop width the columns a reader compares are in view before the location table scrolls; the tracking code
breaks only between its groups on a phone. (That every page fits its window at 1280 and 390 px, with reachable scroll
boxes, the role walk checks for every page of every role: test_role_walk.py.)"""

from __future__ import annotations

import pytest

from .support import login

pytestmark = pytest.mark.e2e


def test_the_compared_columns_of_the_location_table_are_in_view_before_it_scrolls(page, base_url):
    login(page, base_url, "gemeente")
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
