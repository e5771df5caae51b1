"""The register's list and map: what a row shows, every filter, the downloads, and that each stays in scope."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.factories import AddressFactory, OrganisationFactory
from tests.geography.downloads import read_csv, read_xlsx
from tests.web.test_security import inline_code
from zicht.core.models import AuditAction, AuditEvent
from zicht.housing.choices import LocationForm, LocationStatus

from .factories import make_location

LIST_URL = reverse("housing:location_list")
MAP_URL = reverse("housing:location_map")


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


@pytest.fixture
def register(municipality_a, municipality_b, housing_provider, region):
    today = timezone.localdate()
    address = AddressFactory(street="Veerweg", house_number=3, postcode="7411 AB", municipality=municipality_a)
    veerhuis = make_location(
        name="Het Veerhuis",
        ref="DEV-001",
        municipality=municipality_a,
        address=address,
        lat="52.255000",
        lon="6.160000",
        operator=housing_provider,
        certificate_scheme="akf",
        certificate_number="AKF-77",
        certificate_valid_until=today + datetime.timedelta(days=30),
    )
    kroon = make_location(
        name="De Kroon",
        ref="DEV-002",
        municipality=municipality_a,
        form=LocationForm.HOTEL,
        status=LocationStatus.PERMITTED,
        capacity_beds=30,
        bedrooms=30,
        lat="52.250000",
        lon="6.150000",
    )
    polderhof = make_location(
        name="Polderhof",
        ref="DEV-003",
        municipality=municipality_a,
        form=LocationForm.HOLIDAY_PARK,
        status=LocationStatus.INITIATIVE,
        floor_area_m2=None,
        certificate_scheme="snf",
        certificate_valid_until=today - datetime.timedelta(days=1),
    )
    hoeve = make_location(
        name="Zwolse Hoeve", ref="ZWO-001", municipality=municipality_b, lat="52.510000", lon="6.090000"
    )
    return {"veerhuis": veerhuis, "kroon": kroon, "polderhof": polderhof, "hoeve": hoeve}


def names_in(response) -> list[str]:
    html = unescape(response.content.decode())
    return re.findall(r'<th scope="row"><a href="/huisvesting/locaties/\d+/">([^<]+)</a></th>', html)


def row_of(response, name: str) -> str:
    html = unescape(response.content.decode())
    match = re.search(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{re.escape(name)}</a></th>(.*?)</tr>", html, re.S)
    assert match, f"no row for {name}"
    return re.sub(r"\s+", " ", match.group(1))


def test_paths_are_the_contract():
    assert LIST_URL == "/huisvesting/locaties/"
    assert MAP_URL == "/huisvesting/locaties/kaart/"
    assert reverse("housing:location_detail", kwargs={"pk": 4}) == "/huisvesting/locaties/4/"


def test_anonymous_is_sent_to_login(client, register):
    for url in (LIST_URL, MAP_URL, f"{LIST_URL}?export=geojson"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_list_shows_rows_and_what_they_show(client, officer_a, register):
    client.force_login(officer_a)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names_in(response) == ["De Kroon", "Het Veerhuis", "Polderhof"]
    assert "3 locaties gevonden" in response.content.decode()
    veerhuis = row_of(response, "Het Veerhuis")
    assert "DEV-001" in veerhuis and "Deventer" in veerhuis and "Bedrijventerrein" in veerhuis
    assert "Short stay" in veerhuis and "In gebruik" in veerhuis and "Flexwonen BV" in veerhuis
    assert '<span class="badge badge--success">Voldoet</span>' in veerhuis
    assert '<span class="badge badge--warning">Verloopt binnen 90 dagen</span>' in veerhuis
    kroon = row_of(response, "De Kroon")
    # 200 m² at 15 m² per person (minimum norm) houses 13, fewer than the 30 beds.
    assert '<td class="num">30</td> <td class="num">13</td>' in kroon
    assert '<span class="badge badge--error">Voldoet niet</span>' in kroon
    polderhof = row_of(response, "Polderhof")
    assert '<span class="badge badge--warning">Onbekend</span>' in polderhof
    assert '<span class="badge badge--error">Verlopen</span>' in polderhof
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "permitted"}, ["De Kroon"]),
        ({"status": "initiative"}, ["Polderhof"]),
        ({"form": "hotel"}, ["De Kroon"]),
        ({"form": "holiday_park"}, ["Polderhof"]),
        ({"norm_verdict": "fail"}, ["De Kroon"]),
        ({"norm_verdict": "unknown"}, ["Polderhof"]),
        ({"norm_verdict": "pass"}, ["Het Veerhuis"]),
        ({"certificate_expiring_within": "60"}, ["Het Veerhuis", "Polderhof"]),
        ({"certificate_expiring_within": "0"}, ["Polderhof"]),
        ({"q": "veerhuis"}, ["Het Veerhuis"]),
        ({"q": "7411ab"}, ["Het Veerhuis"]),
        ({"q": "DEV-002"}, ["De Kroon"]),
    ],
)
def test_each_filter_narrows(client, officer_a, register, query, expected):
    client.force_login(officer_a)
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert names_in(response) == expected


def test_municipality_filter_for_the_province(client, province_director, register):
    client.force_login(province_director)
    assert names_in(client.get(LIST_URL)) == ["De Kroon", "Het Veerhuis", "Polderhof", "Zwolse Hoeve"]
    assert names_in(client.get(LIST_URL, {"municipality": "GM0193"})) == ["Zwolse Hoeve"]
    assert names_in(client.get(LIST_URL, {"municipality": "GM0150"})) == ["De Kroon", "Het Veerhuis", "Polderhof"]


def test_officer_sees_own_municipality_only_everywhere(client, officer_a, register):
    client.force_login(officer_a)
    for url in (LIST_URL, MAP_URL, f"{LIST_URL}?municipality=GM0193"):
        response = client.get(url)
        assert "Zwolse Hoeve" not in response.content.decode(), url
    response = client.get(LIST_URL, {"export": "csv"})
    assert all("Zwolse Hoeve" not in row for row in read_csv(response))
    features = json.loads(client.get(LIST_URL, {"export": "geojson"}).content)["features"]
    assert {feature["properties"]["name"] for feature in features} == {"Het Veerhuis", "De Kroon"}
    detail = client.get(reverse("housing:location_detail", kwargs={"pk": register["hoeve"].pk}))
    assert detail.status_code == 404
    assert "Zwolse Hoeve" not in detail.content.decode()


def test_market_party_sees_the_locations_it_operates(client, market_party_user, register):
    client.force_login(market_party_user)
    response = client.get(LIST_URL)
    assert names_in(response) == ["Het Veerhuis"]
    assert 'href="/huisvesting/locaties/nieuw/"' in response.content.decode()


def test_csv_export(client, officer_a, register):
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"export": "csv", "status": "in_use"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    header = rows[0]
    assert header[:4] == ["Referentie", "Naam", "Gemeentecode", "Gemeente"]
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert row["Naam"] == "Het Veerhuis" and row["Referentie"] == "DEV-001"
    assert row["Adres"] == "Veerweg 3, 7411 AB Deventer"
    assert row["Breedtegraad"] == "52.255000" and row["Lengtegraad"] == "6.160000"
    assert row["Normoordeel"] == "Voldoet" and row["Normcapaciteit"] == "13" and row["Keurmerk"] == "AKF"
    assert row["Exploitant"] == "Flexwonen BV" and row["Toegepaste normenset"].startswith("AKF")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="housing.location")
    assert "csv, 1 rows" in event.detail and "status=in_use" in event.detail


def test_xlsx_export(client, officer_a, register):
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"export": "xlsx", "norm_verdict": "fail"})
    assert response.status_code == 200
    rows = read_xlsx(response)
    header = rows[0]
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert row["Naam"] == "De Kroon" and row["Capaciteit (bedden)"] == 30 and row["Normcapaciteit"] == 13
    assert row["Vorm"] == "Hotel / pension" and row["Status"] == "Vergund"


def test_geojson_export(client, officer_a, register):
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"export": "geojson"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(response.content)
    assert collection["type"] == "FeatureCollection"
    # Polderhof has no coordinates, so it is left out.
    by_name = {feature["properties"]["name"]: feature for feature in collection["features"]}
    assert set(by_name) == {"Het Veerhuis", "De Kroon"}
    veerhuis = by_name["Het Veerhuis"]
    assert veerhuis["geometry"] == {"type": "Point", "coordinates": [6.16, 52.255]}
    assert veerhuis["properties"]["url"] == reverse("housing:location_detail", kwargs={"pk": register["veerhuis"].pk})
    assert veerhuis["properties"]["norm_verdict"] == "pass"
    assert veerhuis["properties"]["norm_verdict_label"] == "Voldoet"
    assert veerhuis["properties"]["capacity_beds"] == 10
    filtered = json.loads(client.get(LIST_URL, {"export": "geojson", "form": "hotel"}).content)
    assert [feature["properties"]["name"] for feature in filtered["features"]] == ["De Kroon"]


def test_geojson_takes_the_address_coordinates(client, officer_a, municipality_a):
    address = AddressFactory(postcode="7411 CD", municipality=municipality_a, lat="52.260000", lon="6.170000")
    make_location(name="Aan de Brink", municipality=municipality_a, address=address)
    client.force_login(officer_a)
    features = json.loads(client.get(LIST_URL, {"export": "geojson"}).content)["features"]
    assert features[0]["geometry"]["coordinates"] == [6.17, 52.26]


def test_unknown_export_format_is_a_bad_request(client, officer_a, register):
    client.force_login(officer_a)
    assert client.get(LIST_URL, {"export": "pdf"}).status_code == 400


def test_map_page(client, officer_a, register, settings):
    settings.MAP_TILE_URL = "https://tiles.example.nl/{z}/{x}/{y}.png"
    client.force_login(officer_a)
    response = client.get(MAP_URL, {"status": "in_use"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'data-tile-url="https://tiles.example.nl/{z}/{x}/{y}.png"' in html
    assert 'data-geojson-url="/huisvesting/locaties/?status=in_use&export=geojson"' in html
    assert "/static/leaflet/leaflet.js" in html and "/static/leaflet/leaflet.css" in html
    assert "/static/zicht/js/location_map.js" in html and "/static/zicht/css/map.css" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert names_in(response) == ["Het Veerhuis"]
    assert 'href="/huisvesting/locaties/?status=in_use"' in html  # back to the list with the same filter
    assert "Kadaster" in html and "PDOK" in html
    assert "Voldoet niet" in html  # the legend
    assert inline_code(response.content.decode()) == []


def test_map_counts_locations_without_coordinates(client, officer_a, register):
    client.force_login(officer_a)
    html = client.get(MAP_URL).content.decode()
    assert "1 locatie heeft geen coördinaten en staat niet op de kaart." in html
    html = client.get(MAP_URL, {"status": "in_use"}).content.decode()
    assert "geen coördinaten" not in html


def test_list_links_to_the_map_with_the_same_filters(client, officer_a, register):
    client.force_login(officer_a)
    html = unescape(client.get(LIST_URL, {"form": "hotel", "page": "1"}).content.decode())
    assert 'href="/huisvesting/locaties/kaart/?form=hotel"' in html


def test_new_location_button_follows_the_permission(client, officer_a, province_director, register):
    client.force_login(officer_a)
    assert 'href="/huisvesting/locaties/nieuw/"' in client.get(LIST_URL).content.decode()
    client.force_login(province_director)
    assert 'href="/huisvesting/locaties/nieuw/"' not in client.get(LIST_URL).content.decode()


def test_import_link_for_the_municipal_register_only(client, officer_a, province_director, register):
    try:
        import_url = reverse("housing:location_import")
    except NoReverseMatch:
        pytest.skip("the import page is not mounted")
    client.force_login(officer_a)
    assert f'href="{import_url}"' in client.get(LIST_URL).content.decode()
    client.force_login(province_director)
    assert f'href="{import_url}"' not in client.get(LIST_URL).content.decode()


def test_pending_initiatives_counted_for_the_municipality(client, officer_a, market_party_user, register):
    other = OrganisationFactory(name="Andere Huisvester")
    make_location(name="Plan Noord", municipality=register["veerhuis"].municipality, registered_by=other)
    make_location(name="Plan Zuid", municipality=register["veerhuis"].municipality, registered_by=other)
    client.force_login(officer_a)
    html = unescape(client.get(LIST_URL).content.decode())
    assert "2 initiatieven van marktpartijen wachten op beoordeling." in html
    assert 'href="/huisvesting/locaties/?review=pending"' in html
    assert names_in(client.get(LIST_URL, {"review": "pending"})) == ["Plan Noord", "Plan Zuid"]
    client.force_login(market_party_user)
    assert "wachten op beoordeling" not in client.get(LIST_URL).content.decode()


def test_query_count_does_not_grow_with_rows(client, officer_a, municipality_a, django_assert_max_num_queries):
    operator = OrganisationFactory(name="Huisvester X")
    for number in range(30):
        address = AddressFactory(postcode="7411 EF", house_number=number + 1, municipality=municipality_a)
        point = {"lat": f"52.{number:02d}", "lon": "6.15"} if number % 2 else {}
        make_location(
            name=f"Locatie {number:02d}", municipality=municipality_a, operator=operator, address=address, **point
        )
    client.force_login(officer_a)
    client.get(LIST_URL)  # warm the session and the content types
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert len(names_in(response)) == 25
    with django_assert_max_num_queries(13):
        response = client.get(MAP_URL)
    assert len(names_in(response)) == 30
    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL, {"export": "geojson"})
    assert len(json.loads(response.content)["features"]) == 15
    with django_assert_max_num_queries(10):
        response = client.get(LIST_URL, {"export": "csv"})
        assert len(read_csv(response)) == 31
