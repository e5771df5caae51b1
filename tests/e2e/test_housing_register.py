"""The housing register in the browser, as the Deventer policy officer: list, filter, map and a location's page."""

from __future__ import annotations

import pytest

from zicht.housing.models import Location

from .support import assert_accessible, heading, login

pytestmark = pytest.mark.e2e

# Tiles come from PDOK in production; the test machine has no internet, so tile requests are answered locally.
TILE_HOST = "https://service.pdok.nl/**"


def _column(page, header: str) -> list[str]:
    """The cells of the location table's column named `header`, found by its header: the order may change."""
    headers = [" ".join(t.split()) for t in page.locator("main table thead th").all_inner_texts()]
    index = headers.index(header)
    return [
        " ".join(t.split()) for t in page.locator(f"main table tbody tr > :nth-child({index + 1})").all_inner_texts()
    ]


def _no_tiles(page) -> None:
    page.route(TILE_HOST, lambda route: route.fulfill(status=204, body=""))


def test_register_list_shows_only_own_municipality_and_filters(page, base_url, page_events):
    deventer = Location.objects.filter(municipality__code="GM0150")
    assert deventer.count() >= 10 and Location.objects.exclude(municipality__code="GM0150").exists()

    login(page, base_url, "gemeente")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Locaties").click()
    assert page.url == f"{base_url}/huisvesting/locaties/"
    assert heading(page) == "Huisvestingslocaties"
    assert page.get_by_text(f"{deventer.count()} locaties gevonden.").is_visible()
    assert set(_column(page, "Gemeente")) == {"Deventer"}, "another municipality's locations are listed"
    assert_accessible(page)

    search = page.get_by_role("search")
    search.get_by_label("Normoordeel").select_option(label="Voldoet niet")
    search.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**/huisvesting/locaties/?*norm_verdict=fail*")
    failing = deventer.filter(norm_verdict="fail")
    assert failing.exists(), "the demo has no Deventer location below norm"
    assert sorted(_column(page, "Naam")) == sorted(failing.values_list("name", flat=True))
    assert set(_column(page, "Normoordeel")) == {"Voldoet niet"}
    assert search.get_by_label("Normoordeel").input_value() == "fail", "the filter keeps its choice"
    assert_accessible(page)
    page_events.assert_clean()


def test_map_shows_the_filtered_locations_as_markers(page, base_url, page_events):
    _no_tiles(page)
    in_use = Location.objects.filter(municipality__code="GM0150", status="in_use")
    with_coordinates = in_use.exclude(lat__isnull=True, address__lat__isnull=True).count()
    assert with_coordinates > 3

    login(page, base_url, "gemeente")
    page.goto(f"{base_url}/huisvesting/locaties/?status=in_use")
    page.get_by_role("link", name="Toon op de kaart").click()
    page.wait_for_url("**/huisvesting/locaties/kaart/?*status=in_use*")
    assert heading(page) == "Kaart van de huisvestingslocaties"
    markers = page.locator(".leaflet-marker-icon")
    markers.nth(with_coordinates - 1).wait_for()
    assert markers.count() == with_coordinates
    # The table under the map lists the same locations, for readers without the map.
    assert sorted(_column(page, "Naam")) == sorted(in_use.values_list("name", flat=True)[:25])

    markers.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.get_by_role("link").count() == 1
    assert "In gebruik" in popup.inner_text()
    assert page_events.foreign_requests() == [] or all("pdok.nl" in url for url in page_events.foreign_requests())
    assert_accessible(page)
    page_events.assert_clean()


def test_location_page_shows_norm_evaluations_and_history(page, base_url, page_events):
    _no_tiles(page)
    location = Location.objects.filter(municipality__code="GM0150", norm_verdict="fail").order_by("name").first()
    assert location is not None

    login(page, base_url, "gemeente")
    page.goto(f"{base_url}/huisvesting/locaties/?q={location.ref}")
    page.locator("main table").get_by_role("link", name=location.name).click()
    page.wait_for_url(f"**/huisvesting/locaties/{location.pk}/")
    assert heading(page).endswith(location.name)
    main = page.locator("main").inner_text()
    assert location.ref in main
    # One evaluation per norm set that can apply; the applicable one says it applies and fails.
    for name in ("Minimumnorm", "SNF-norm", "AKF-norm"):
        assert name in main, name
    assert "Voldoet niet" in main
    assert page.get_by_role("heading", name="Statusgeschiedenis").is_visible()
    assert_accessible(page)

    # The date chooser evaluates again for another day and keeps the date.
    page.get_by_label("Normen op datum").fill("2025-12-31")
    page.get_by_role("button", name="Toon normen op deze datum").click()
    page.wait_for_url("**datum=2025-12-31*")
    assert page.get_by_label("Normen op datum").input_value() == "2025-12-31"
    page_events.assert_clean()


def test_other_municipality_location_is_not_found(page, base_url):
    elsewhere = Location.objects.exclude(municipality__code="GM0150").first()
    login(page, base_url, "gemeente")
    response = page.goto(f"{base_url}/huisvesting/locaties/{elsewhere.pk}/")
    assert response is not None and response.status == 404
    assert elsewhere.name not in page.locator("main").inner_text()
