"""The supply overview: figures per stay type and year, areas and scope, the page with charts, and its downloads."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db.models import Q
from django.urls import reverse
from openpyxl import load_workbook

from zicht.core.roles import Role
from zicht.geography.areas import AreaKind, resolve_area
from zicht.housing import supply
from zicht.housing.choices import LocationStatus, NormVerdict, StayType
from zicht.housing.models import Location

from ..factories import DistrictFactory, MunicipalityFactory, NeighbourhoodFactory
from .factories import make_location

URL = reverse("housing:supply")
S, M, L = StayType.SHORT, StayType.MID, StayType.LONG


def place(municipality, stay_type, status, beds, verdict=NormVerdict.PASS, expected=None):
    location = make_location(
        municipality=municipality,
        stay_type=stay_type,
        status=status,
        capacity_beds=beds,
        expected_delivery=expected,
    )
    # The verdict a test needs, whatever the norm evaluation made of the default facts.
    Location.objects.filter(pk=location.pk).update(norm_verdict=verdict)
    return location


@pytest.fixture
def kampen(province):
    """A municipality of the province outside the region, so region and province differ."""
    return MunicipalityFactory(code="GM0166", name="Kampen", province=province)


@pytest.fixture
def locations(municipality_a, municipality_b, municipality_elsewhere, region, kampen):
    deventer, zwolle, tiel = municipality_a, municipality_b, municipality_elsewhere
    place(deventer, S, LocationStatus.IN_USE, 40)
    place(deventer, S, LocationStatus.IN_USE, 10, NormVerdict.FAIL)
    place(deventer, M, LocationStatus.IN_USE, 25, NormVerdict.UNKNOWN)
    place(deventer, L, LocationStatus.IN_USE, 5, NormVerdict.FAIL)
    place(deventer, S, LocationStatus.INITIATIVE, 30, expected=datetime.date(2026, 6, 1))
    place(deventer, M, LocationStatus.PERMITTED, 20, NormVerdict.UNKNOWN, expected=datetime.date(2027, 3, 1))
    place(deventer, S, LocationStatus.PERMIT_REQUESTED, 12, NormVerdict.FAIL)  # no expected delivery yet
    place(deventer, L, LocationStatus.PERMITTED, 8, expected=datetime.date(2026, 12, 1))
    place(deventer, S, LocationStatus.CLOSED, 100, NormVerdict.FAIL)  # closed: counts nowhere
    place(zwolle, L, LocationStatus.IN_USE, 60)
    place(zwolle, M, LocationStatus.INITIATIVE, 15, expected=datetime.date(2026, 1, 15))
    place(tiel, S, LocationStatus.IN_USE, 1000)


def figures(rows):
    return {row.stay_type: (row.existing, row.planned_total, row.below_norm, row.unknown_norm) for row in rows}


# ---- selectors -------------------------------------------------------------------------------------------------


def test_supply_by_stay_type_of_a_municipality(locations, django_assert_num_queries):
    area = resolve_area("GM0150")
    with django_assert_num_queries(1):  # counted by the database, not by looping over locations
        rows = supply.supply_by_stay_type(area)
    assert figures(rows) == {
        S: (50, 42, 10, 0),
        M: (25, 20, 0, 25),
        L: (5, 8, 5, 0),
        None: (80, 70, 15, 25),
    }
    assert [row.label for row in rows] == ["Short stay", "Mid stay", "Long stay", "Totaal"]


def test_every_stay_type_has_a_row_even_without_locations(municipality_a):
    rows = supply.supply_by_stay_type(resolve_area("GM0150"))
    assert figures(rows) == {S: (0, 0, 0, 0), M: (0, 0, 0, 0), L: (0, 0, 0, 0), None: (0, 0, 0, 0)}
    assert supply.planned_by_year(resolve_area("GM0150")) == {}


def test_region_province_and_installation_add_up_their_municipalities(locations, region):
    region_total = supply.supply_by_stay_type(resolve_area(region.slug))[-1]
    assert (region_total.existing, region_total.planned_total) == (140, 85)
    province_total = supply.supply_by_stay_type(resolve_area("PV23"))[-1]
    assert (province_total.existing, province_total.below_norm, province_total.unknown_norm) == (140, 15, 25)
    everything = supply.supply_by_stay_type(resolve_area("alle"))[-1]
    assert everything.existing == 1140


def test_planned_by_year_with_unknown_year_last(locations, django_assert_num_queries):
    area = resolve_area("GM0150")
    with django_assert_num_queries(1):
        by_year = supply.planned_by_year(area)
    assert by_year == {
        2026: {S: 30, M: 0, L: 8},
        2027: {S: 0, M: 20, L: 0},
        None: {S: 12, M: 0, L: 0},
    }
    assert list(by_year) == [2026, 2027, None]


def test_supply_by_municipality_one_row_per_member_sortable(locations, region, django_assert_num_queries):
    area = resolve_area(region.slug)
    with django_assert_num_queries(1):
        rows = list(supply.supply_by_municipality(area))
    assert [(m.code, m.existing, m.planned_total, m.below_norm, m.unknown_norm) for m in rows] == [
        ("GM0150", 80, 70, 15, 25),
        ("GM0193", 60, 15, 0, 0),
    ]
    assert [m.name for m in supply.supply_by_municipality(area, "existing")] == ["Zwolle", "Deventer"]
    assert [m.name for m in supply.supply_by_municipality(area, "-existing")] == ["Deventer", "Zwolle"]
    assert [m.name for m in supply.supply_by_municipality(area, "-planned_total")] == ["Deventer", "Zwolle"]
    assert [m.name for m in supply.supply_by_municipality(area, "drop table")] == ["Deventer", "Zwolle"]


def test_a_municipality_without_locations_shows_zeros(locations, kampen):
    rows = {m.code: m for m in supply.supply_by_municipality(resolve_area("PV23"))}
    assert set(rows) == {"GM0150", "GM0193", "GM0166"}
    assert (rows["GM0166"].existing, rows["GM0166"].planned_total) == (0, 0)


# ---- areas and scope -------------------------------------------------------------------------------------------


def test_default_area_is_the_users_own(client, officer_a, regional_coordinator, province_director, administrator):
    expected = {officer_a: "GM0150", regional_coordinator: "west-overijssel", province_director: "PV23"}
    for user, code in expected.items():
        client.force_login(user)
        assert client.get(URL).context["area"].code == code
    client.force_login(administrator)
    assert client.get(URL).context["area"].kind == AreaKind.COUNTRY  # the whole country until they choose


def test_the_old_code_of_the_whole_installation_still_works(client, administrator, locations):
    client.force_login(administrator)
    response = client.get(URL, {"gebied": "alle"})
    assert response.status_code == 200
    assert response.context["area"].code == "NL" and response.context["total"].existing == 1140
    assert 'value="NL" selected' in response.content.decode()


def test_the_page_offers_the_users_areas(client, regional_coordinator, locations):
    client.force_login(regional_coordinator)
    assert dict(client.get(URL).context["area_choices"]) == {
        "Regio's": [("west-overijssel", "West-Overijssel")],
        "Gemeenten": [("GM0150", "Deventer"), ("GM0193", "Zwolle")],
    }
    for code in ("GM0166", "GM0281", "PV23", "NL", "alle"):
        assert client.get(URL, {"gebied": code}).status_code == 404


def test_a_neighbourhood_counts_only_its_own_locations(client, officer_a, municipality_a, locations):
    noord = NeighbourhoodFactory(district=DistrictFactory(municipality=municipality_a), name="Noord")
    inside = place(municipality_a, S, LocationStatus.IN_USE, 7)
    Location.objects.filter(pk=inside.pk).update(neighbourhood=noord)
    client.force_login(officer_a)
    response = client.get(URL, {"gebied": noord.code})
    assert response.status_code == 200
    assert response.context["total"].existing == 7 and response.context["municipalities"] is None
    assert client.get(URL, {"gebied": noord.code, "export": "csv", "tabel": "gemeenten"}).status_code == 400


def test_a_district_counts_the_locations_of_its_neighbourhoods(client, officer_a, municipality_a, locations):
    district = DistrictFactory(municipality=municipality_a, code="WK015009", name="Centrum")
    for beds, name in ((7, "Noord"), (4, "Zuid")):
        hood = NeighbourhoodFactory(district=district, name=name)
        inside = place(municipality_a, S, LocationStatus.IN_USE, beds)
        Location.objects.filter(pk=inside.pk).update(neighbourhood=hood)
    client.force_login(officer_a)
    response = client.get(URL, {"gebied": "WK015009"})
    assert response.status_code == 200
    assert response.context["total"].existing == 11 and response.context["municipalities"] is None
    assert client.get(URL, {"gebied": "WK015009", "export": "csv", "tabel": "gemeenten"}).status_code == 400


def test_market_party_and_users_without_area_are_refused(client, market_party_user, make_user, municipality_a):
    no_area = make_user(Role.POLICY_OFFICER, username="nobody")
    for user in (market_party_user, no_area):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_area_filter_matches_scope_filter_for_regions(region, locations):
    area = resolve_area(region.slug)
    assert Location.objects.filter(area.municipality_q("municipality")).count() == 11
    assert Location.objects.filter(~Q(area.municipality_q("municipality"))).count() == 1


# ---- the page ----------------------------------------------------------------------------------------------------


def test_page_shows_figures_charts_and_tables(client, officer_a, locations):
    client.force_login(officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["area"].code == "GM0150"
    total = response.context["total"]
    assert (total.existing, total.planned_total, total.below_norm, total.unknown_norm) == (80, 70, 15, 25)
    assert html.count('role="img"') == 2
    assert 'id="chart-supply-stay-type-title"' in html and 'id="chart-supply-year-title"' in html
    assert "charts.css" in html
    assert " style=" not in html
    # The numbers of the charts are in the tables beside them.
    assert '<th scope="row">Short stay</th>' in html
    for number in ('<td class="num">50</td>', '<td class="num">42</td>', '<td class="num">70</td>'):
        assert number in html
    assert '<th scope="row">jaar onbekend</th>' in html
    assert [row["label"] for row in response.context["year_rows"]] == ["2026", "2027", "jaar onbekend"]
    assert response.context["year_total"]["total"] == 70
    # One municipality: no per-municipality table, no area choice, but a link to its locations.
    assert response.context["municipalities"] is None
    assert 'name="gebied"' not in html
    assert f"{reverse('housing:location_list')}?municipality=GM0150" in html


def test_page_explains_how_it_counts(client, officer_a, municipality_a):
    client.force_login(officer_a)
    html = client.get(URL).content.decode()
    assert "Hoe worden deze cijfers geteld?" in html
    assert "Er zijn in dit gebied geen geplande locaties." in html
    assert html.count('role="img"') == 1


def test_officer_cannot_ask_for_another_municipality(client, officer_a, locations):
    client.force_login(officer_a)
    assert client.get(URL, {"gebied": "GM0193"}).status_code == 404
    assert client.get(URL, {"gebied": "GM0193", "export": "csv"}).status_code == 404


def test_market_party_gets_403(client, market_party_user):
    client.force_login(market_party_user)
    assert client.get(URL).status_code == 403


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_region_page_lists_member_municipalities_with_links(client, regional_coordinator, locations, region):
    client.force_login(regional_coordinator)
    response = client.get(URL, {"sorteer": "-existing"})
    html = response.content.decode()
    assert [m.code for m in response.context["municipalities"]] == ["GM0150", "GM0193"]
    assert f'href="{reverse("housing:location_list")}?municipality=GM0193"' in html
    assert "Tiel" not in html and "Kampen" not in html
    assert 'aria-sort="descending"' in html
    assert 'name="gebied"' in html and f'value="{region.slug}" selected' in html
    response = client.get(URL, {"gebied": "GM0193"})
    assert response.context["total"].existing == 60


def test_administrator_chooses_any_area(client, administrator, locations):
    client.force_login(administrator)
    response = client.get(URL)
    assert response.context["total"].existing == 1140
    assert [m.name for m in response.context["municipalities"]] == ["Deventer", "Kampen", "Tiel", "Zwolle"]
    assert client.get(URL, {"gebied": "GM0281"}).context["total"].existing == 1000


def test_page_query_count_does_not_grow_with_locations(
    client, province_director, locations, django_assert_max_num_queries
):
    client.force_login(province_director)
    with django_assert_max_num_queries(15):
        assert client.get(URL).status_code == 200


# ---- downloads ---------------------------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_of_the_stay_type_table(client, officer_a, locations):
    client.force_login(officer_a)
    response = client.get(URL, {"export": "csv", "tabel": "verblijfsduur"})
    assert response.status_code == 200
    assert "aanbod-verblijfsduur-gm0150" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["Gebied", "Verblijfsduur", "Bestaand (bedden in gebruik)"]
    assert rows[1] == ["Gemeente Deventer", "Short stay", "50", "42", "10", "0"]
    assert rows[-1] == ["Gemeente Deventer", "Totaal", "80", "70", "15", "25"]


def test_csv_export_of_the_year_table(client, officer_a, locations):
    client.force_login(officer_a)
    rows = csv_rows(client.get(URL, {"export": "csv", "tabel": "jaar"}))
    assert rows[0] == ["Gebied", "Verwacht jaar van oplevering", "Short stay", "Mid stay", "Long stay", "Totaal"]
    assert [row[1:] for row in rows[1:]] == [
        ["2026", "30", "0", "8", "38"],
        ["2027", "0", "20", "0", "20"],
        ["jaar onbekend", "12", "0", "0", "12"],
        ["Totaal", "42", "20", "8", "70"],
    ]


def test_xlsx_export_of_the_municipality_table_keeps_the_sort(client, province_director, locations, kampen):
    client.force_login(province_director)
    response = client.get(URL, {"export": "xlsx", "tabel": "gemeenten", "sorteer": "-existing"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][1:3] == ["CBS-code", "Gemeente"]
    assert [row[1:4] for row in values[1:]] == [
        ["GM0150", "Deventer", 80],
        ["GM0193", "Zwolle", 60],
        ["GM0166", "Kampen", 0],
    ]
    assert values[1][0] == "Provincie Overijssel"


def test_unknown_export_format_or_table_is_a_bad_request(client, officer_a, municipality_a):
    client.force_login(officer_a)
    assert client.get(URL, {"export": "pdf"}).status_code == 400
    assert client.get(URL, {"export": "csv", "tabel": "personen"}).status_code == 400


def test_sort_links_put_largest_figures_first_and_toggle(client, regional_coordinator, locations):
    client.force_login(regional_coordinator)
    columns = {c["key"]: c for c in client.get(URL, {"sorteer": "name"}).context["sort_columns"]}
    assert columns["name"]["url"].endswith("sorteer=-name") and columns["name"]["aria_sort"] == "ascending"
    assert columns["existing"]["url"].endswith("sorteer=-existing") and columns["existing"]["aria_sort"] == ""
    columns = {c["key"]: c for c in client.get(URL, {"sorteer": "-existing"}).context["sort_columns"]}
    assert columns["existing"]["url"].endswith("sorteer=existing") and columns["existing"]["aria_sort"] == "descending"
    assert columns["code"]["url"].endswith("sorteer=code")


def test_own_area_without_municipalities_shows_zeros(client, make_user, other_province):
    director = make_user(Role.PROVINCE_DIRECTOR, scope_province=other_province, username="empty_director")
    client.force_login(director)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["area"].code == "PV25"
    assert dict(response.context["area_choices"]) == {"Provincies": [("PV25", "Gelderland")]}
    assert response.context["total"].existing == 0
    assert list(response.context["municipalities"]) == []
