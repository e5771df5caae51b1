"""Housing API: scoped location lists, create/update/status through the services, norm evaluations, GeoJSON."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories import MunicipalityFactory, OrganisationFactory
from zicht.core.services import api_token_create
from zicht.geography.models import Address
from zicht.housing import services
from zicht.housing.choices import LocationForm, LocationStatus, StayType
from zicht.housing.models import Location, LocationStatusChange

PROBLEM = "application/problem+json"
_numbers = iter(range(1, 10**6))


def place(municipality, **kwargs: Any) -> Location:
    """A location through the service (unchecked), so its history and stored verdict exist."""
    number = next(_numbers)
    data: dict[str, Any] = {
        "ref": f"API-{number:04d}",
        "name": f"Locatie {number}",
        "municipality": municipality,
        "form": LocationForm.BUSINESS_PARK,
        "stay_type": StayType.SHORT,
        "status": LocationStatus.IN_USE,
        "status_since": datetime.date(2024, 1, 1),
        "capacity_beds": 10,
        "floor_area_m2": Decimal("200"),
        "bedrooms": 10,
    }
    data.update(kwargs)
    return services.location_create(by=None, data=data, check=False)


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            _row, plaintext = api_token_create(user=user, name="test")
            client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
        return client

    return client_for


@pytest.fixture
def other_party(db):
    return OrganisationFactory(name="Andere Huisvester BV", kvk_number="23456789")


@pytest.fixture
def almelo(province):
    # In the province but not in the region: tells the province's scope from the region's.
    return MunicipalityFactory(code="GM0141", name="Almelo", province=province)


@pytest.fixture
def places(municipality_a, municipality_b, municipality_elsewhere, region, almelo, housing_provider, other_party):
    return {
        "deventer": place(
            municipality_a, name="Hanzepark", operator=housing_provider, lat=Decimal("52.25"), lon=Decimal("6.16")
        ),
        "deventer_small": place(
            municipality_a,
            name="Kleine Vakantiepark",
            form=LocationForm.HOLIDAY_PARK,
            status=LocationStatus.PERMITTED,
            floor_area_m2=Decimal("20"),
        ),
        "zwolle": place(municipality_b, name="Hessenpoort", owner=housing_provider),
        "zwolle_other": place(municipality_b, name="Voorst", operator=other_party),
        "tiel": place(
            municipality_elsewhere,
            name="Tiel initiatief",
            status=LocationStatus.INITIATIVE,
            registered_by=housing_provider,
        ),
        "almelo": place(almelo, name="Almelo Noord"),
    }


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    return body


def invalid(response) -> set[str]:
    return {param["name"] for param in problem(response, 400)["invalid_params"]}


# Reading: scope and filters


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("officer_a", {"Hanzepark", "Kleine Vakantiepark"}),
        ("officer_b", {"Hessenpoort", "Voorst"}),
        ("province_director", {"Hanzepark", "Kleine Vakantiepark", "Hessenpoort", "Voorst", "Almelo Noord"}),
        ("regional_coordinator", {"Hanzepark", "Kleine Vakantiepark", "Hessenpoort", "Voorst"}),
        ("market_party_user", {"Hanzepark", "Hessenpoort", "Tiel initiatief"}),
    ],
)
def test_list_is_scoped(api, places, request, user, expected):
    assert names(api(request.getfixturevalue(user)).get("/api/v1/locations")) == expected


def test_list_row_shape(api, places, officer_a, housing_provider):
    rows = api(officer_a).get("/api/v1/locations", {"q": "Hanzepark"}).json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["municipality"] == "GM0150" and row["municipality_name"] == "Deventer"
    assert row["operator"] == {"id": housing_provider.pk, "name": "Flexwonen BV", "kvk_number": "12345678"}
    assert row["owner"] is None and row["registered_by"] is None and row["address"] is None
    assert (row["lat"], row["lon"]) == ("52.250000", "6.160000")
    assert row["floor_area_m2"] == "200.0"
    assert (row["norm_verdict"], row["norm_capacity"], row["applicable_norm_set"]) == ("pass", 10, "minimum")
    assert row["url"] == f"http://testserver/api/v1/locations/{places['deventer'].pk}"
    assert row["status"] == "in_use" and row["status_since"] == "2024-01-01"


def test_detail_and_out_of_scope_is_404(api, places, officer_a):
    client = api(officer_a)
    assert client.get(f"/api/v1/locations/{places['deventer'].pk}").json()["name"] == "Hanzepark"
    problem(client.get(f"/api/v1/locations/{places['zwolle'].pk}"), 404)
    problem(client.get("/api/v1/locations/999999"), 404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "permitted"}, {"Kleine Vakantiepark"}),
        ({"form": "holiday_park"}, {"Kleine Vakantiepark"}),
        ({"norm_verdict": "fail"}, {"Kleine Vakantiepark"}),
        ({"norm_verdict": "pass"}, {"Hanzepark", "Hessenpoort", "Voorst", "Almelo Noord"}),
        ({"municipality": "GM0193"}, {"Hessenpoort", "Voorst"}),
    ],
)
def test_list_filters(api, places, province_director, query, expected):
    assert names(api(province_director).get("/api/v1/locations", query)) == expected


def test_market_party_filters_by_the_municipalities_of_its_own_locations(api, places, market_party_user):
    client = api(market_party_user)
    assert names(client.get("/api/v1/locations", {"municipality": "GM0281"})) == {"Tiel initiatief"}
    assert names(client.get("/api/v1/locations", {"municipality": "GM0193"})) == {"Hessenpoort"}
    assert invalid(client.get("/api/v1/locations", {"municipality": "GM0141"})) == {"municipality"}


def test_filter_outside_the_scope_is_400(api, places, officer_a):
    assert invalid(api(officer_a).get("/api/v1/locations", {"municipality": "GM0193"})) == {"municipality"}
    assert invalid(api(officer_a).get("/api/v1/locations", {"status": "demolished"})) == {"status"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/locations",
        "/api/v1/locations/1",
        "/api/v1/locations/geojson",
        "/api/v1/locations/1/norms",
        "/api/v1/norm-sets",
    ],
)
def test_unauthenticated_is_401(api, db, path):
    response = api().get(path)
    problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    problem(api().post("/api/v1/locations", {}, format="json"), 401)


def test_list_query_count_is_bounded(
    api, places, province_director, municipality_a, housing_provider, other_party, django_assert_max_num_queries
):
    for _ in range(25):
        place(municipality_a, owner=other_party, operator=housing_provider, registered_by=other_party)
    client = api(province_director)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/locations", {"page_size": 100})
    assert response.json()["count"] == 30


# Creating


def payload(**kwargs) -> dict:
    data = {
        "name": "Nieuwe locatie",
        "municipality": "GM0150",
        "form": "business_park",
        "stay_type": "mid",
        "capacity_beds": 2,
        "floor_area_m2": "30",
        "bedrooms": 2,
        "address": {"postcode": "7411ab", "house_number": 12, "addition": "a"},
    }
    data.update(kwargs)
    return data


def test_create_as_officer(api, officer_a, municipality_a):
    response = api(officer_a).post("/api/v1/locations", payload(lat=52.25, lon="6.16", status="in_use"), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    location = Location.objects.get(pk=body["id"])
    assert response["Location"] == body["url"] == f"http://testserver/api/v1/locations/{location.pk}"
    assert body["ref"].startswith("LOC-") and body["status"] == "in_use"
    assert (body["norm_verdict"], body["norm_capacity"], body["applicable_norm_set"]) == ("pass", 2, "minimum")
    assert body["address"] == {
        "postcode": "7411 AB",
        "house_number": 12,
        "house_letter": "A",
        "addition": "",
        "street": "",
        "city": "",
    }
    assert Address.objects.get(pk=location.address_id).municipality == municipality_a
    history = list(LocationStatusChange.objects.filter(location=location))
    assert [(h.to_status, h.recorded_by) for h in history] == [("in_use", officer_a)]
    assert location.norm_verdict == "pass" and location.lat == Decimal("52.25")


def test_create_with_own_reference_and_duplicate_reference(api, officer_a, municipality_a):
    client = api(officer_a)
    assert client.post("/api/v1/locations", payload(ref="EIGEN-1"), format="json").json()["ref"] == "EIGEN-1"
    assert invalid(client.post("/api/v1/locations", payload(ref="EIGEN-1"), format="json")) == {"ref"}


def test_create_as_market_party_is_an_initiative_of_its_own(
    api, market_party_user, housing_provider, municipality_a, other_party
):
    data = payload(status="in_use", operator=other_party.kvk_number)
    response = api(market_party_user).post("/api/v1/locations", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "initiative"
    assert body["registered_by"]["kvk_number"] == "12345678"
    assert body["operator"]["name"] == "Andere Huisvester BV"
    assert Location.objects.get(pk=body["id"]).registered_by == housing_provider


def test_create_in_another_municipality_is_400(api, officer_a, municipality_b):
    response = api(officer_a).post("/api/v1/locations", payload(municipality="GM0193"), format="json")
    assert invalid(response) == {"municipality"}
    assert "GM0193" in response.json()["invalid_params"][0]["reason"]
    assert not Location.objects.exists() and not Address.objects.exists()


def test_create_without_the_permission_is_403(api, province_director, municipality_a):
    problem(api(province_director).post("/api/v1/locations", payload(), format="json"), 403)
    assert not Location.objects.exists()


def test_create_validation_errors(api, officer_a, municipality_a, municipality_b):
    client = api(officer_a)
    bad = payload(address={"postcode": "12", "house_number": 0}, form="tent", lat=52.2)
    assert invalid(client.post("/api/v1/locations", bad, format="json")) == {
        "address.postcode",
        "address.house_number",
        "form",
    }
    # Only one coordinate: the model's rule, reported by the service.
    assert invalid(client.post("/api/v1/locations", payload(lat=52.2), format="json")) == {"lon"}
    # An address already known in another municipality does not fit a Deventer location.
    Address.objects.create(postcode="8011 LW", house_number=3, municipality=municipality_b)
    response = client.post(
        "/api/v1/locations", payload(address={"postcode": "8011LW", "house_number": 3}), format="json"
    )
    assert invalid(response) == {"address"}
    assert not Location.objects.exists()


# Updating and status changes


@pytest.fixture
def initiative(market_party_user, municipality_a):
    response = api_for(market_party_user).post("/api/v1/locations", payload(name="Initiatief"), format="json")
    assert response.status_code == 201, response.content
    return Location.objects.get(pk=response.json()["id"])


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='test')[1]}")
    return client


def test_market_party_patches_its_own_initiative(api, initiative, market_party_user):
    response = api(market_party_user).patch(
        f"/api/v1/locations/{initiative.pk}", {"name": "Nieuwe naam", "floor_area_m2": "29.9"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Nieuwe naam" and response.json()["norm_verdict"] == "fail"
    initiative.refresh_from_db()
    assert initiative.name == "Nieuwe naam" and initiative.norm_verdict == "fail"


def test_market_party_may_not_patch_another_partys_location(api, places, market_party_user):
    client = api(market_party_user)
    # Operated by the party but registered by the municipality: visible, not editable.
    problem(client.patch(f"/api/v1/locations/{places['deventer'].pk}", {"name": "x"}, format="json"), 403)
    # Not the party's at all: as if it did not exist.
    problem(client.patch(f"/api/v1/locations/{places['zwolle_other'].pk}", {"name": "x"}, format="json"), 404)
    assert Location.objects.filter(name="x").count() == 0


def test_market_party_may_not_patch_after_the_status_moved_on(api, initiative, market_party_user, officer_a):
    response = api(officer_a).post(
        f"/api/v1/locations/{initiative.pk}/status", {"status": "permit_requested"}, format="json"
    )
    assert response.status_code == 200, response.content
    problem(api(market_party_user).patch(f"/api/v1/locations/{initiative.pk}", {"name": "x"}, format="json"), 403)


def test_officer_puts_a_location_and_status_is_read_only(api, places, officer_a, province_director):
    client = api(officer_a)
    url = f"/api/v1/locations/{places['deventer'].pk}"
    address = {"postcode": "7411ab", "house_number": 5, "house_letter": "b"}
    assert client.patch(url, {"address": address}, format="json").json()["address"]["postcode"] == "7411 AB"
    address_id = Location.objects.get(pk=places["deventer"].pk).address_id
    # What GET returns can be sent back with PUT: organisations as objects, the address with its letter.
    current = client.get(url).json()
    current.update(name="Hanzepark Oost", bedrooms=1)
    response = client.put(url, current, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Hanzepark Oost" and body["norm_verdict"] == "fail"
    assert body["operator"]["kvk_number"] == "12345678"
    location = Location.objects.get(pk=places["deventer"].pk)
    assert location.address_id == address_id and location.address.house_letter == "B"
    assert client.patch(url, {"operator": None}, format="json").json()["operator"] is None
    both = {"postcode": "7411 AB", "house_number": 5, "house_letter": "B", "addition": "2"}
    assert invalid(client.patch(url, {"address": both}, format="json")) == {"address.addition"}
    assert invalid(client.patch(url, {"status": "closed"}, format="json")) == {"status"}
    problem(client.patch(f"/api/v1/locations/{places['zwolle'].pk}", {"name": "x"}, format="json"), 404)
    # The province sees the location but does not keep the register.
    problem(api(province_director).patch(url, {"name": "x"}, format="json"), 403)


def test_status_action(api, places, officer_a, market_party_user):
    client = api(officer_a)
    location = places["deventer_small"]
    url = f"/api/v1/locations/{location.pk}/status"
    response = client.post(url, {"status": "in_use", "on": "2025-05-01", "note": "Opgeleverd"}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["status_since"]) == ("in_use", "2025-05-01")
    step = LocationStatusChange.objects.filter(location=location).last()
    assert (step.from_status, step.to_status, step.note) == ("permitted", "in_use", "Opgeleverd")
    # in_use → permitted is not a step of the lifecycle.
    assert invalid(client.post(url, {"status": "permitted", "on": "2025-06-01"}, format="json")) == {"status"}
    assert invalid(client.post(url, {"status": "closed", "on": "2025-04-01"}, format="json")) == {"on"}
    assert invalid(client.post(url, {"status": "gone", "on": "2025-13-01"}, format="json")) == {"status", "on"}
    problem(
        api(market_party_user).post(
            f"/api/v1/locations/{places['tiel'].pk}/status", {"status": "closed"}, format="json"
        ),
        403,
    )
    location.refresh_from_db()
    assert location.status == "in_use"


# Norms


def test_norms_of_a_location(api, officer_a, municipality_a):
    location = place(
        municipality_a, capacity_beds=2, floor_area_m2=Decimal("30"), bedrooms=2, form=LocationForm.BUSINESS_PARK
    )
    response = api(officer_a).get(f"/api/v1/locations/{location.pk}/norms", {"date": "2025-01-01"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["location"], body["date"], body["persons"]) == (location.pk, "2025-01-01", 2)
    minimum = body["results"][0]
    assert minimum["norm_set"] == "minimum" and minimum["applicable"] is True
    assert (minimum["verdict"], minimum["norm_capacity"], minimum["valid_from"]) == ("pass", 2, "2020-10-30")
    assert minimum["missing"] == []
    rules = {rule["kind"]: rule for rule in minimum["rules"]}
    assert rules["area_per_person"] == {
        "kind": "area_per_person",
        "figure": "floor_area_m2",
        "figure_value": "30",
        "limit": "15",
        "max_persons": 2,
        "verdict": "pass",
    }
    assert {item["norm_set"] for item in body["results"]} == {"minimum", "snf", "akf"}
    snf = next(item for item in body["results"] if item["norm_set"] == "snf")
    assert snf["applicable"] is False and snf["verdict"] == "unknown" and "bedroom_area_m2" in snf["missing"]

    location.floor_area_m2 = Decimal("29.9")
    location.save()
    minimum = api(officer_a).get(f"/api/v1/locations/{location.pk}/norms").json()["results"][0]
    assert (minimum["verdict"], minimum["norm_capacity"]) == ("fail", 1)
    assert {rule["kind"]: rule["figure_value"] for rule in minimum["rules"]}["area_per_person"] == "29.9"
    # Fewer persons than beds: one person fits in 29.9 m².
    one = api(officer_a).get(f"/api/v1/locations/{location.pk}/norms", {"persons": 1}).json()
    assert one["persons"] == 1 and one["results"][0]["verdict"] == "pass"


def test_norms_before_any_version_is_unknown(api, places, officer_a):
    body = api(officer_a).get(f"/api/v1/locations/{places['deventer'].pk}/norms", {"date": "2018-01-01"}).json()
    minimum = body["results"][0]
    assert (minimum["valid_from"], minimum["verdict"], minimum["rules"]) == (None, "unknown", [])


def test_norms_bad_date_is_400(api, places, officer_a, officer_b):
    url = f"/api/v1/locations/{places['deventer'].pk}/norms"
    assert invalid(api(officer_a).get(url, {"date": "31-12-2025"})) == {"date"}
    assert invalid(api(officer_a).get(url, {"persons": "-1"})) == {"persons"}
    problem(api(officer_b).get(url), 404)


def test_norm_sets(api, market_party_user):
    response = api(market_party_user).get("/api/v1/norm-sets")
    assert response.status_code == 200
    sets = {item["code"]: item for item in response.json()["results"]}
    assert set(sets) == {"akf", "minimum", "snf"}
    assert [version["valid_from"] for version in sets["snf"]["versions"]] == ["2021-01-01", "2025-07-01"]
    assert {
        "kind": "persons_per_bedroom",
        "limit": "1",
        "applies_to": "new_site_or_hotel",
        "limit_if_agreed": "2",
        "new_sites_from": "2025-07-01",
    } in sets["snf"]["versions"][1]["rules"]
    assert api(market_party_user).get("/api/v1/norm-sets/minimum").json()["municipality"] is None


# GeoJSON


def test_geojson(api, places, officer_a):
    response = api(officer_a).get("/api/v1/locations/geojson")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content)
    assert body["type"] == "FeatureCollection"
    # The small holiday park has no coordinates and is left out; Zwolle's are outside the scope.
    assert len(body["features"]) == 1
    feature = body["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [6.16, 52.25]}
    assert feature["properties"] == {
        "id": places["deventer"].pk,
        "ref": places["deventer"].ref,
        "name": "Hanzepark",
        "status": "in_use",
        "form": "business_park",
        "stay_type": "short",
        "capacity_beds": 10,
        "norm_verdict": "pass",
        "url": f"http://testserver/api/v1/locations/{places['deventer'].pk}",
    }
    filtered = json.loads(api(officer_a).get("/api/v1/locations/geojson", {"status": "closed"}).content)
    assert filtered == {"type": "FeatureCollection", "features": []}
    assert invalid(api(officer_a).get("/api/v1/locations/geojson", {"municipality": "GM0193"})) == {"municipality"}


def test_schema_documents_the_housing_endpoints(openapi_document):
    document = openapi_document
    for path in (
        "/api/v1/locations",
        "/api/v1/locations/{id}",
        "/api/v1/locations/{id}/status",
        "/api/v1/locations/{id}/norms",
        "/api/v1/locations/geojson",
        "/api/v1/norm-sets",
    ):
        assert path in document["paths"], path
    post = document["paths"]["/api/v1/locations"]["post"]
    assert "application/problem+json" in post["responses"]["400"]["content"]
    norms = document["paths"]["/api/v1/locations/{id}/norms"]["get"]
    assert {parameter["name"] for parameter in norms["parameters"]} >= {"date", "persons"}
