"""Geography API: public reference lists, scoped addresses, problem+json errors, bounded query counts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import AddressFactory, DistrictFactory, MunicipalityFactory, NeighbourhoodFactory
from tests.geography.data import make_addresses
from zicht.core.services import api_token_create

PROBLEM = "application/problem+json"


@pytest.fixture
def addresses(municipality_a, municipality_b, municipality_elsewhere, region):
    return make_addresses(municipality_a, municipality_b, municipality_elsewhere)


@pytest.fixture
def api():
    def client_for(user=None, *, token: bool = True) -> APIClient:
        client = APIClient()
        if user is not None and token:
            _row, plaintext = api_token_create(user=user, name="test")
            client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
        elif user is not None:
            client.force_login(user)
        return client

    return client_for


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/provinces",
        "/api/v1/regions",
        "/api/v1/municipalities",
        "/api/v1/municipalities/GM0150",
        "/api/v1/neighbourhoods",
        "/api/v1/addresses",
        "/api/v1/addresses/1",
    ],
)
def test_unauthenticated_is_401_problem_json(api, path, municipality_a):
    response = api().get(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized"
    assert response["WWW-Authenticate"] == "Token"


def test_no_trailing_slash(api, officer_a):
    assert api(officer_a).get("/api/v1/provinces").status_code == 200
    assert api(officer_a).get("/api/v1/provinces/").status_code == 404


def test_provinces(api, officer_a, municipality_elsewhere):
    assert results(api(officer_a).get("/api/v1/provinces")) == [
        {"code": "PV25", "name": "Gelderland"},
        {"code": "PV23", "name": "Overijssel"},
    ]


def test_regions_list_member_municipality_codes(api, officer_a, region, municipality_elsewhere):
    assert results(api(officer_a).get("/api/v1/regions")) == [
        {"slug": "west-overijssel", "name": "West-Overijssel", "municipalities": ["GM0150", "GM0193"]}
    ]


def test_municipalities_and_their_filters(api, officer_a, region, municipality_elsewhere):
    client = api(officer_a)
    everything = results(client.get("/api/v1/municipalities"))
    assert everything[0] == {"code": "GM0150", "name": "Deventer", "province": "PV23", "regions": ["west-overijssel"]}
    assert [m["code"] for m in everything] == ["GM0150", "GM0281", "GM0193"]
    assert [m["code"] for m in results(client.get("/api/v1/municipalities", {"province": "PV25"}))] == ["GM0281"]
    by_region = results(client.get("/api/v1/municipalities", {"region": "west-overijssel"}))
    assert [m["code"] for m in by_region] == ["GM0150", "GM0193"]
    assert [m["code"] for m in results(client.get("/api/v1/municipalities", {"q": "zwol"}))] == ["GM0193"]


def test_invalid_filter_value_is_400_problem_json(api, officer_a, region):
    response = api(officer_a).get("/api/v1/municipalities", {"province": "PV99"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["invalid_params"][0]["name"] == "province"


def test_municipality_detail_with_districts_and_neighbourhoods(api, market_party_user, municipality_a):
    district = DistrictFactory(municipality=municipality_a, code="WK015001", name="Binnenstad")
    NeighbourhoodFactory(district=district, code="BU01500101", name="Bergkwartier")
    NeighbourhoodFactory(district=district, code="BU01500100", name="Centrum")
    response = api(market_party_user).get("/api/v1/municipalities/GM0150")
    assert response.status_code == 200
    assert response.json() == {
        "code": "GM0150",
        "name": "Deventer",
        "province": "PV23",
        "regions": [],
        "districts": [{"code": "WK015001", "name": "Binnenstad", "neighbourhoods": ["BU01500100", "BU01500101"]}],
    }


def test_unknown_municipality_is_404_problem_json(api, officer_a):
    response = api(officer_a).get("/api/v1/municipalities/GM9999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)


def test_neighbourhoods_filtered_by_municipality(api, officer_a, municipality_a, municipality_b):
    NeighbourhoodFactory(district=DistrictFactory(municipality=municipality_a, code="WK015001"), code="BU01500100")
    NeighbourhoodFactory(district=DistrictFactory(municipality=municipality_b, code="WK019301"), code="BU01930100")
    client = api(officer_a)
    assert len(results(client.get("/api/v1/neighbourhoods"))) == 2
    rows = results(client.get("/api/v1/neighbourhoods", {"municipality": "GM0150"}))
    assert [(row["code"], row["district"], row["municipality"]) for row in rows] == [
        ("BU01500100", "WK015001", "GM0150")
    ]


def test_officer_sees_only_own_addresses(api, officer_a, addresses):
    client = api(officer_a)
    rows = results(client.get("/api/v1/addresses"))
    assert [(row["street"], row["municipality"]) for row in rows] == [("Brink", "GM0150"), ("Keizerstraat", "GM0150")]
    assert rows[0]["neighbourhood"] == "BU01500100" and rows[0]["bag_id"] == "0150200000000001"
    own = client.get(f"/api/v1/addresses/{addresses.deventer[0].pk}")
    assert own.status_code == 200 and own.json()["postcode"] == "7411 BR"
    for address in (*addresses.zwolle, *addresses.tiel):
        response = client.get(f"/api/v1/addresses/{address.pk}")
        assert response.status_code == 404
        assert response["Content-Type"].startswith(PROBLEM)
        assert address.street not in response.content.decode()


def test_officer_cannot_widen_scope_with_a_filter(api, officer_a, addresses):
    response = api(officer_a).get("/api/v1/addresses", {"municipality": "GM0193"})
    assert response.status_code == 400
    assert "Grote Markt" not in response.content.decode()


def test_session_login_works_for_the_api_too(api, officer_a, addresses):
    assert len(results(api(officer_a, token=False).get("/api/v1/addresses"))) == 2


def test_director_sees_overijssel_not_tiel(api, province_director, addresses):
    client = api(province_director)
    assert {row["municipality"] for row in results(client.get("/api/v1/addresses"))} == {"GM0150", "GM0193"}
    assert client.get(f"/api/v1/addresses/{addresses.zwolle[0].pk}").status_code == 200
    assert client.get(f"/api/v1/addresses/{addresses.tiel[0].pk}").status_code == 404
    narrowed = results(client.get("/api/v1/addresses", {"municipality": "GM0193", "q": "markt"}))
    assert [row["street"] for row in narrowed] == ["Grote Markt"]
    assert client.get("/api/v1/addresses", {"municipality": "GM0281"}).status_code == 400


def test_address_filters(api, officer_a, addresses):
    client = api(officer_a)
    assert [row["street"] for row in results(client.get("/api/v1/addresses", {"postcode": "7411he"}))] == [
        "Keizerstraat"
    ]
    assert [row["street"] for row in results(client.get("/api/v1/addresses", {"q": "brink"}))] == ["Brink"]


def test_market_party_sees_no_addresses(api, market_party_user, addresses):
    client = api(market_party_user)
    assert results(client.get("/api/v1/addresses")) == []
    assert client.get(f"/api/v1/addresses/{addresses.deventer[0].pk}").status_code == 404


def test_query_counts_are_bounded(api, province_director, addresses, province, django_assert_max_num_queries):
    AddressFactory.create_batch(30, municipality=addresses.zwolle[0].municipality, postcode="8011 AA")
    MunicipalityFactory.create_batch(30, province=province)
    client = api(province_director)
    with django_assert_max_num_queries(8):
        assert len(results(client.get("/api/v1/addresses"))) == 34
    with django_assert_max_num_queries(8):
        assert len(results(client.get("/api/v1/municipalities"))) == 33
    with django_assert_max_num_queries(8):
        results(client.get("/api/v1/regions"))
