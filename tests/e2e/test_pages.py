"""The main pages as the Deventer policy officer: what they show, what they leave out, and axe on each."""

from __future__ import annotations

import pytest

from zicht.geography.models import Address, Municipality
from zicht.parties.models import Organisation

from .support import assert_accessible, heading, login

pytestmark = pytest.mark.e2e

# Swagger UI's own markup, which our template and stylesheet cannot reach.
SWAGGER_UI_KNOWN = {
    "nested-interactive": "each operation's toggle <button> holds a deep link <a> to the operation's path",
}


def _column(page, index: int) -> list[str]:
    """The texts of one column of the page's data table (0 = first cell of each body row)."""
    return [
        " ".join(t.split()) for t in page.locator(f"main table tbody tr > :nth-child({index + 1})").all_inner_texts()
    ]


def test_municipality_list_and_search(page, base_url):
    login(page, base_url, "gemeente")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gemeenten").click()
    assert page.url == f"{base_url}/gebieden/gemeenten/"
    assert heading(page) == "Gemeenten"
    total = Municipality.objects.count()
    assert page.get_by_text(f"{total} gemeenten gevonden.").is_visible()
    assert len(_column(page, 1)) == min(total, 25)
    assert_accessible(page)

    search = page.get_by_role("search", name="Gemeenten zoeken")
    search.get_by_label("Zoeken").fill("Deventer")
    search.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**/gebieden/gemeenten/?*q=Deventer*")
    assert _column(page, 1) == ["Deventer"]
    assert _column(page, 0) == ["GM0150"]
    assert page.get_by_text("1 gemeente gevonden.").is_visible()
    assert search.get_by_label("Zoeken").input_value() == "Deventer", "the search box keeps what was searched"
    assert_accessible(page)


def test_municipality_detail_of_deventer(page, base_url):
    login(page, base_url, "gemeente")
    page.goto(f"{base_url}/gebieden/gemeenten/?q=Deventer")
    page.locator("main table").get_by_role("link", name="Deventer").click()
    assert page.url == f"{base_url}/gebieden/gemeenten/GM0150/"
    assert heading(page) == "Gemeente Deventer"
    districts = _column(page, 1)
    assert "Rivierenwijk" in districts, districts
    assert page.get_by_role("link", name="Adressen van deze gemeente").is_visible()
    assert_accessible(page)


def test_address_list_shows_only_deventer(page, base_url):
    own = Address.objects.filter(municipality__code="GM0150").count()
    assert own > 0 and Address.objects.filter(municipality__code="GM0193").exists(), "demo data lacks addresses"

    login(page, base_url, "gemeente")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Adressen").click()
    assert heading(page) == "Adressen"
    assert page.get_by_text(f"{own} adressen gevonden.").is_visible()
    municipalities = set(_column(page, 3))
    assert municipalities == {"Deventer"}, municipalities
    cities = set(_column(page, 2))
    assert "Zwolle" not in cities, cities
    assert "Zwolle" not in page.locator("main").inner_text()
    assert_accessible(page)


def test_organisation_list(page, base_url):
    login(page, base_url, "gemeente")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisaties").click()
    assert page.url == f"{base_url}/partijen/organisaties/"
    assert heading(page) == "Organisaties"
    shown = _column(page, 0)
    assert "Flexwonen Salland BV" in shown, shown
    assert len(shown) == min(Organisation.objects.count(), 25)
    assert_accessible(page)


def test_api_docs_load_from_our_own_static_files(page, base_url, page_events):
    login(page, base_url, "gemeente")
    page.goto(f"{base_url}/api/v1/docs")
    # Swagger UI renders the schema's title and its operations once its scripts ran and the schema loaded.
    page.locator(".swagger-ui .info .title").filter(has_text="Zicht API").wait_for()
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 3
    assert any(url.startswith(f"{base_url}/static/") for url in page_events.requests), "no static assets requested"
    assert any("/api/v1/schema" in url for url in page_events.requests), "the schema was not fetched"
    assert page_events.foreign_requests() == [], "the API docs fetched something from outside this server"
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page, known=SWAGGER_UI_KNOWN)


def test_unknown_page_is_a_friendly_404(page, base_url):
    login(page, base_url, "gemeente")
    response = page.goto(f"{base_url}/bestaat-niet/")
    assert response is not None and response.status == 404
    assert heading(page) == "Deze pagina bestaat niet"
    assert page.get_by_role("link", name="Naar de startpagina").is_visible()
    assert "Traceback" not in page.content()
    assert_accessible(page)
