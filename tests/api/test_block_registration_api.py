"""Block registration API: scoped like the pages, the municipality's steps, problem+json errors."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.occupancy.blocks_world import held, in_days, make_request, parties_fixture  # noqa: F401  (fixture)
from zicht.core.services import api_token_create
from zicht.occupancy.choices import BlockRegistrationStatus as S
from zicht.occupancy.models import BlockRegistration

PROBLEM = "application/problem+json"
BASE = "/api/v1/block-registrations"

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        _row, plaintext = api_token_create(user=user, name="test")
        client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
    return client


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return json.loads(response.content)


def future(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_unauthenticated_is_401(db):
    problem(client_for().get(BASE), 401)
    problem(client_for().post(BASE, {}, format="json"), 401)


def test_agency_requests_and_reads(parties, municipality_a):
    client = client_for(parties.agency_user)
    body = {"municipality": "GM0150", "group_size": 30, "place": "Stadhuis", "proposed_dates": [future(8), future(5)]}
    response = client.post(BASE, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "requested" and data["municipality"] == "GM0150" and data["agency_certified"] is True
    assert data["proposed_dates"] == [future(5), future(8)]
    assert [(step["from_status"], step["to_status"]) for step in data["history"]] == [("", "requested")]
    rows = client.get(BASE).json()["results"]
    assert [row["id"] for row in rows] == [data["id"]]
    assert client.get(f"{BASE}/{data['id']}").json()["group_size"] == 30


def test_group_of_twenty_is_a_problem(parties, municipality_a):
    body = {"municipality": "GM0150", "group_size": 20, "place": "Stadhuis", "proposed_dates": [future(5)]}
    doc = problem(client_for(parties.agency_user).post(BASE, body, format="json"), 400)
    assert [param["name"] for param in doc["invalid_params"]] == ["group_size"]
    assert "meer dan 20 personen" in doc["invalid_params"][0]["reason"]
    assert not BlockRegistration.objects.exists()


def test_service_errors_are_problems(parties, municipality_a):
    body = {"municipality": "GM0150", "group_size": 22, "place": "Stadhuis", "proposed_dates": []}
    doc = problem(client_for(parties.agency_user).post(BASE, body, format="json"), 400)
    assert doc["invalid_params"][0]["name"] == "proposed_dates"


def test_who_may_create(parties, municipality_a, officer_a, regional_coordinator):
    body = {"municipality": "GM0150", "group_size": 22, "place": "Stadhuis", "proposed_dates": [future(5)]}
    for user in (parties.employer_user, officer_a, regional_coordinator):
        problem(client_for(user).post(BASE, body, format="json"), 403)
    # An agency cannot record a registration on location.
    problem(client_for(parties.agency_user).post(BASE, {**body, "on_location": True}, format="json"), 403)


def test_on_location_by_registration_officer(parties, municipality_a, registration_officer_a):
    body = {
        "on_location": True,
        "agency": parties.agency.pk,
        "group_size": 26,
        "planned_at": in_days(-1).isoformat(),
        "place": "Bedrijventerrein",
    }
    response = client_for(registration_officer_a).post(BASE, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["on_location"] is True and data["status"] == "planned" and data["municipality"] == "GM0150"


def test_municipality_plans_declines_completes(parties, municipality_a, officer_a):
    client = client_for(officer_a)
    block = make_request(parties, municipality_a)
    doc = problem(client.post(f"{BASE}/{block.pk}/plan", {"planned_at": in_days(-2).isoformat()}, format="json"), 400)
    assert doc["invalid_params"][0]["name"] == "planned_at"
    response = client.post(f"{BASE}/{block.pk}/plan", {"planned_at": in_days(3, hour=20).isoformat()}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "planned"
    doc = problem(client.post(f"{BASE}/{block.pk}/decline", {"note": "Te laat"}, format="json"), 400)
    assert doc["invalid_params"][0]["name"] == "status"
    held(block)
    problem(client.post(f"{BASE}/{block.pk}/complete", {"registered_count": 26}, format="json"), 400)
    response = client.post(f"{BASE}/{block.pk}/complete", {"registered_count": 23}, format="json")
    assert response.status_code == 200 and response.json()["registered_count"] == 23
    assert [step["to_status"] for step in response.json()["history"]] == ["requested", "planned", "completed"]

    other = make_request(parties, municipality_a)
    problem(client.post(f"{BASE}/{other.pk}/decline", {}, format="json"), 400)
    response = client.post(f"{BASE}/{other.pk}/decline", {"note": "Geen capaciteit"}, format="json")
    assert response.json()["status"] == "declined" and response.json()["decision_note"] == "Geen capaciteit"


def test_steps_outside_scope_or_role(parties, municipality_a, officer_b, regional_coordinator):
    block = make_request(parties, municipality_a)
    problem(client_for(officer_b).post(f"{BASE}/{block.pk}/plan", {}, format="json"), 404)
    problem(client_for(officer_b).get(f"{BASE}/{block.pk}"), 404)
    # The coordinator sees the session but may not plan it.
    assert client_for(regional_coordinator).get(f"{BASE}/{block.pk}").status_code == 200
    body = {"planned_at": in_days(3).isoformat()}
    problem(client_for(regional_coordinator).post(f"{BASE}/{block.pk}/plan", body, format="json"), 403)
    problem(client_for(parties.agency_user).post(f"{BASE}/{block.pk}/plan", body, format="json"), 403)


def test_agency_cancels_its_own(parties, municipality_a):
    block = make_request(parties, municipality_a)
    problem(client_for(parties.other_agency_user).post(f"{BASE}/{block.pk}/cancel", {}, format="json"), 404)
    response = client_for(parties.agency_user).post(f"{BASE}/{block.pk}/cancel", {"note": "Groep vertrokken"})
    assert response.status_code == 200 and response.json()["status"] == S.CANCELLED
    problem(client_for(parties.agency_user).post(f"{BASE}/{block.pk}/cancel", {}, format="json"), 400)


def test_list_filters(parties, municipality_a, municipality_b, province_director):
    make_request(parties, municipality_a)
    make_request(parties, municipality_b)
    client = client_for(province_director)
    assert len(client.get(BASE).json()["results"]) == 2
    rows = client.get(BASE, {"municipality": "GM0193"}).json()["results"]
    assert [row["municipality"] for row in rows] == ["GM0193"]
    assert client.get(BASE, {"status": "completed"}).json()["results"] == []


def test_schema_documents_the_endpoints(openapi_document):
    schema = openapi_document
    for path in (BASE, BASE + "/{id}", BASE + "/{id}/plan", BASE + "/{id}/decline", BASE + "/{id}/complete"):
        assert path in schema["paths"], path
