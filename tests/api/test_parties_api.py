"""Parties API: government callers see every organisation, a market party's client only its own."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from tests.factories import CertificationFactory, OrganisationFactory
from zicht.core.roles import Role
from zicht.core.services import api_token_create, api_token_revoke
from zicht.parties.choices import OrganisationKind

PROBLEM = "application/problem+json"


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
def parties(housing_provider, municipality_a, region):
    housing_provider.municipality = municipality_a
    housing_provider.region = region
    housing_provider.save()
    CertificationFactory(
        organisation=housing_provider,
        scheme="snf",
        number="SNF-001",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )
    agency = OrganisationFactory(
        name="Uitzendbureau Oost", kind=OrganisationKind.EMPLOYMENT_AGENCY, kvk_number="87654321"
    )
    return {"provider": housing_provider, "agency": agency}


@pytest.fixture
def provider_client(make_user, housing_provider):
    return make_user(Role.MARKET_PARTY, organisation=housing_provider, username="provider-api", is_api_client=True)


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("path", ["/api/v1/organisations", "/api/v1/organisations/1"])
def test_unauthenticated_is_401_problem_json(api, path):
    response = api().get(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["status"] == 401


def test_revoked_token_is_401(api, officer_a):
    token, plaintext = api_token_create(user=officer_a, name="old")
    api_token_revoke(token=token)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    assert client.get("/api/v1/organisations").status_code == 401


def test_government_caller_sees_all_with_certifications(api, officer_a, parties):
    rows = results(api(officer_a).get("/api/v1/organisations"))
    assert [row["name"] for row in rows] == ["Flexwonen BV", "Uitzendbureau Oost"]
    assert rows[0] == {
        "id": parties["provider"].pk,
        "name": "Flexwonen BV",
        "kind": "housing_provider",
        "kvk_number": "12345678",
        "municipality": "GM0150",
        "province": None,
        "region": "west-overijssel",
        "website": "",
        "certifications": [
            {"scheme": "snf", "number": "SNF-001", "valid_from": "2024-01-01", "valid_until": "2026-12-31"}
        ],
    }


def test_market_party_sees_only_its_own(api, provider_client, parties):
    client = api(provider_client)
    assert [row["name"] for row in results(client.get("/api/v1/organisations"))] == ["Flexwonen BV"]
    assert client.get(f"/api/v1/organisations/{parties['provider'].pk}").status_code == 200
    response = client.get(f"/api/v1/organisations/{parties['agency'].pk}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)
    assert "Uitzendbureau" not in response.content.decode()
    assert results(client.get("/api/v1/organisations", {"kvk": "87654321"})) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "employment_agency"}, ["Uitzendbureau Oost"]),
        ({"kvk": "12345678"}, ["Flexwonen BV"]),
        ({"q": "oost"}, ["Uitzendbureau Oost"]),
        ({"q": "87654321"}, ["Uitzendbureau Oost"]),
    ],
)
def test_filters(api, province_director, parties, query, expected):
    assert [row["name"] for row in results(api(province_director).get("/api/v1/organisations", query))] == expected


def test_unknown_kind_is_400(api, officer_a, parties):
    response = api(officer_a).get("/api/v1/organisations", {"kind": "bank"})
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "kind"


def test_query_count_is_bounded(api, officer_a, parties, django_assert_max_num_queries):
    for _ in range(30):
        CertificationFactory(organisation=OrganisationFactory())
    client = api(officer_a)
    with django_assert_max_num_queries(8):
        assert len(results(client.get("/api/v1/organisations"))) == 32
