"""The municipality reference list and detail page: content, filters, paging, downloads, query counts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import DistrictFactory, MunicipalityFactory, NeighbourhoodFactory, RegionFactory

from .downloads import read_csv, read_xlsx

LIST_URL = reverse("geography:municipality_list")


def names_in(response) -> list[str]:
    """The municipality names linked from the table, in page order."""
    html = response.content.decode()
    return [unescape(name) for name in re.findall(r'<a href="/gebieden/gemeenten/GM\d{4}/">([^<]+)</a>', html)]


@pytest.fixture
def areas(municipality_a, municipality_b, municipality_elsewhere, region):
    return {"deventer": municipality_a, "zwolle": municipality_b, "tiel": municipality_elsewhere, "region": region}


def test_paths_are_the_contract():
    assert LIST_URL == "/gebieden/gemeenten/"
    assert reverse("geography:municipality_detail", kwargs={"code": "GM0150"}) == "/gebieden/gemeenten/GM0150/"


def test_anonymous_is_sent_to_login(client, areas):
    for url in (LIST_URL, reverse("geography:municipality_detail", kwargs={"code": "GM0150"})):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_list_shows_all_municipalities_with_province_and_regions(client, officer_a, areas):
    client.force_login(officer_a)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names_in(response) == ["Deventer", "Tiel", "Zwolle"]
    html = response.content.decode()
    assert "GM0281" in html and "Gelderland" in html
    assert "West-Overijssel" in html
    assert "3 gemeenten gevonden" in html
    assert 'class="filters"' in html and "Filteren" in html


def test_market_party_sees_the_reference_list_too(client, market_party_user, areas):
    client.force_login(market_party_user)
    assert names_in(client.get(LIST_URL)) == ["Deventer", "Tiel", "Zwolle"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "zwol"}, ["Zwolle"]),
        ({"q": "GM0150"}, ["Deventer"]),
        ({"q": "gm0281"}, ["Tiel"]),
        ({"q": "150"}, ["Deventer"]),
        ({"province": "PV25"}, ["Tiel"]),
        ({"province": "PV23"}, ["Deventer", "Zwolle"]),
        ({"region": "west-overijssel"}, ["Deventer", "Zwolle"]),
        ({"region": "west-overijssel", "q": "dev"}, ["Deventer"]),
        ({"q": "nergensdorp"}, []),
    ],
)
def test_filters_narrow_the_list(client, officer_a, areas, query, expected):
    client.force_login(officer_a)
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert names_in(response) == expected


def test_unknown_filter_value_is_reported_not_ignored_silently(client, officer_a, areas):
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"province": "PV99"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()


def test_paging_25_per_page_and_links_keep_the_filter(client, officer_a, province):
    MunicipalityFactory.create_batch(30, province=province)
    client.force_login(officer_a)
    first = client.get(LIST_URL, {"province": "PV23"})
    assert len(names_in(first)) == 25
    html = unescape(first.content.decode())
    assert 'class="pagination"' in html and "aria-label=" in html
    assert "Pagina 1 van 2" in html
    assert "?province=PV23&page=2" in html
    second = client.get(LIST_URL, {"province": "PV23", "page": 2})
    assert len(names_in(second)) == 6  # 30 + the officer's own municipality
    assert "Pagina 2 van 2" in second.content.decode()
    assert set(names_in(first)).isdisjoint(names_in(second))
    # A page beyond the end shows the last page rather than an error.
    assert names_in(client.get(LIST_URL, {"province": "PV23", "page": 99})) == names_in(second)


def test_csv_export_has_the_filtered_rows_of_all_pages(client, officer_a, areas, province):
    MunicipalityFactory.create_batch(30, province=province)
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"province": "PV23", "export": "csv", "page": 2})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and "gemeenten-" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["CBS-code", "Naam", "Provincie", "Regio's"]
    assert len(rows) == 1 + 32
    assert ["GM0150", "Deventer", "Overijssel", "West-Overijssel"] in rows
    assert not any(row[0] == "GM0281" for row in rows)


def test_xlsx_export(client, officer_a, areas):
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"q": "Tiel", "export": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(response)
    assert rows == [["CBS-code", "Naam", "Provincie", "Regio's"], ["GM0281", "Tiel", "Gelderland", None]]


def test_export_links_keep_the_filter(client, officer_a, areas):
    client.force_login(officer_a)
    html = unescape(client.get(LIST_URL, {"q": "zw"}).content.decode())
    assert "?q=zw&export=csv" in html
    assert "?q=zw&export=xlsx" in html


def test_unknown_export_format_is_a_bad_request(client, officer_a, areas):
    client.force_login(officer_a)
    assert client.get(LIST_URL, {"export": "pdf"}).status_code == 400


def test_list_query_count_does_not_grow_with_rows(client, officer_a, province, django_assert_max_num_queries):
    for index in range(24):
        municipality = MunicipalityFactory(province=province)
        RegionFactory(name=f"Regio {index}", slug=f"regio-{index}").municipalities.add(municipality)
    client.force_login(officer_a)
    with django_assert_max_num_queries(10):
        response = client.get(LIST_URL)
    assert len(names_in(response)) == 25
    with django_assert_max_num_queries(10):
        rows = read_csv(client.get(LIST_URL, {"export": "csv"}))
    assert len(rows) == 26


def test_detail_shows_province_regions_districts_neighbourhoods_and_counts(client, officer_a, areas):
    deventer = areas["deventer"]
    centre = DistrictFactory(municipality=deventer, code="WK015001", name="Binnenstad")
    NeighbourhoodFactory(district=centre, code="BU01500100", name="Centrum")
    NeighbourhoodFactory(district=centre, code="BU01500101", name="Bergkwartier")
    DistrictFactory(municipality=deventer, code="WK015002", name="Voorstad")
    client.force_login(officer_a)
    response = client.get(reverse("geography:municipality_detail", kwargs={"code": "GM0150"}))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Gemeente Deventer" in html
    assert "Overijssel (PV23)" in html
    assert "West-Overijssel" in html
    assert "Binnenstad" in html and "WK015001" in html and "Voorstad" in html
    assert "Centrum (BU01500100)" in html and "Bergkwartier (BU01500101)" in html
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))
    assert figures == {"Wijken": "2", "Buurten": "2", "Adressen": "0"}


def test_detail_counts_addresses_only_inside_the_users_area(client, officer_a, addresses, municipality_b):
    client.force_login(officer_a)
    own = unescape(client.get(reverse("geography:municipality_detail", kwargs={"code": "GM0150"})).content.decode())
    assert "<dt>Adressen</dt><dd>2</dd>" in own
    other = client.get(reverse("geography:municipality_detail", kwargs={"code": "GM0193"}))
    assert other.status_code == 200  # reference data is public
    assert "<dt>Adressen</dt>" not in other.content.decode()


def test_detail_of_unknown_municipality_is_404(client, officer_a, areas):
    client.force_login(officer_a)
    assert client.get(reverse("geography:municipality_detail", kwargs={"code": "GM9999"})).status_code == 404


def test_detail_query_count_does_not_grow_with_districts(client, officer_a, areas, django_assert_max_num_queries):
    for number in range(10):
        district = DistrictFactory(municipality=areas["deventer"], code=f"WK0150{number + 10:02d}")
        for sub in range(3):
            NeighbourhoodFactory(district=district, code=f"BU0150{number + 10:02d}{sub:02d}")
    client.force_login(officer_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("geography:municipality_detail", kwargs={"code": "GM0150"}))
    assert response.content.decode().count("BU0150") == 30
