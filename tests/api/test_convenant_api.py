"""Convenant and signal API: scoped like the pages; a market party reads its convenants but never a signal."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from tests.parties.convenant_world import (
    CONVENANT_OUTSIDERS,
    CONVENANT_READERS,
    SIGNAL_OUTSIDERS,
    SIGNAL_READERS,
    make_world,
)
from zicht.core.services import api_token_create
from zicht.parties.choices import SignalStatus
from zicht.parties.models import Signal

PROBLEM = "application/problem+json"


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            _row, plaintext = api_token_create(user=user, name="test")
            client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
        return client

    return client_for


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    return json.loads(response.content)


@pytest.mark.parametrize("path", ["/api/v1/convenants", "/api/v1/convenants/1", "/api/v1/signals"])
def test_unauthenticated_is_401(api, db, path):
    problem(api().get(path), 401)


@pytest.mark.parametrize("username", CONVENANT_READERS)
def test_convenant_readers(api, world, username):
    client = api(getattr(world, username))
    rows = results(client.get("/api/v1/convenants"))
    assert [(row["title"], row["region"], row["signatory_count"]) for row in rows] == [
        ("Convenant Rivierenland", "rivierenland", 1)
    ]
    assert client.get(f"/api/v1/convenants/{world.convenant.pk}").status_code == 200


@pytest.mark.parametrize("username", CONVENANT_OUTSIDERS)
def test_convenant_outsiders(api, world, username):
    client = api(getattr(world, username))
    assert results(client.get("/api/v1/convenants")) == []
    problem(client.get(f"/api/v1/convenants/{world.convenant.pk}"), 404)


def test_convenant_detail_has_agreements_signatories_and_meetings(api, world):
    body = api(world.signed_party).get(f"/api/v1/convenants/{world.convenant.pk}").json()
    assert body["valid_from"] == "2023-06-23" and body["meeting_interval_weeks"] == 6
    assert [agreement["topic"] for agreement in body["agreements"]] == ["registration", "rule_80_10_10"]
    signatories = {row["organisation_name"]: row for row in body["signatories"]}
    assert signatories["Linge Personeelsdiensten BV"]["withdrawn_on"] == "2025-09-30"
    assert signatories["Betuwe Kortverblijf BV"]["withdrawn_on"] is None
    assert [meeting["date"] for meeting in body["meetings"]] == [
        world.past_meeting.date.isoformat(),
        world.next_meeting.date.isoformat(),
        world.later_meeting.date.isoformat(),
    ]
    assert "signals" not in json.dumps(body)


@pytest.mark.parametrize("username", SIGNAL_READERS)
def test_signal_readers(api, world, username):
    rows = results(api(getattr(world, username)).get("/api/v1/signals"))
    assert len(rows) == 6
    assert rows[0]["raised_by_municipality"] == "GM0281"


@pytest.mark.parametrize("username", SIGNAL_OUTSIDERS)
def test_signal_outsiders_get_an_empty_list(api, world, username):
    client = api(getattr(world, username))
    response = client.get("/api/v1/signals")
    assert results(response) == [] and response.json()["count"] == 0
    problem(client.get(f"/api/v1/signals/{world.open_signal.pk}"), 404)


def test_signal_filters_match_the_page(api, world):
    client = api(world.coordinator)
    rows = results(client.get("/api/v1/signals", {"status": "open_or_on_agenda", "municipality": "GM0216"}))
    assert [row["subject"] for row in rows] == ["Geen aanspreekpunt"]
    rows = results(client.get("/api/v1/signals", {"status": SignalStatus.DISCUSSED}))
    assert [(row["subject"], row["meeting"]["date"], row["outcome"]) for row in rows] == [
        ("Al besproken", world.past_meeting.date.isoformat(), "Toezegging gedaan.")
    ]


def new_signal(world, **changes) -> dict:
    data = {
        "convenant": world.convenant.pk,
        "organisation": world.unsigned.pk,
        "topic": "rule_80_10_10",
        "subject": "Bewoners werken elders",
        "description": "Meer dan de helft werkt buiten de regio.",
    }
    data.update(changes)
    return data


def test_officer_raises_a_signal(api, world):
    response = api(world.tiel_officer).post("/api/v1/signals", new_signal(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["raised_by_municipality"] == "GM0281"
    assert body["status"] == SignalStatus.OPEN
    assert body["raised_on"] == world.today.isoformat()
    signal = Signal.objects.get(pk=body["id"])
    assert signal.raised_by == world.tiel_officer and signal.history.count() == 1


def test_status_and_outcome_cannot_be_set_when_raising(api, world):
    data = new_signal(world, status=SignalStatus.CLOSED, outcome="Klaar")
    body = api(world.tiel_officer).post("/api/v1/signals", data, format="json").json()
    assert (body["status"], body["outcome"]) == (SignalStatus.OPEN, "")


def test_coordinator_must_name_a_member_municipality(api, world):
    client = api(world.coordinator)
    body = problem(client.post("/api/v1/signals", new_signal(world), format="json"), 400)
    assert body["invalid_params"][0]["name"] == "raised_by_municipality"
    body = problem(
        client.post("/api/v1/signals", new_signal(world, raised_by_municipality="GM0150"), format="json"), 400
    )
    assert body["invalid_params"][0]["name"] == "raised_by_municipality"
    response = client.post("/api/v1/signals", new_signal(world, raised_by_municipality="GM0216"), format="json")
    assert response.status_code == 201 and response.json()["raised_by_municipality"] == "GM0216"


@pytest.mark.parametrize("username", ["signed_party", "gelderland_director", "culemborg_inspector", "administrator"])
def test_readers_may_not_raise(api, world, username):
    problem(api(getattr(world, username)).post("/api/v1/signals", new_signal(world), format="json"), 403)
    assert not Signal.objects.filter(subject="Bewoners werken elders").exists()


def test_officer_outside_the_region_cannot_raise_under_its_convenant(api, world):
    body = problem(api(world.deventer_officer).post("/api/v1/signals", new_signal(world), format="json"), 400)
    assert body["invalid_params"][0]["name"] == "convenant"
    assert not Signal.objects.filter(subject="Bewoners werken elders").exists()


def test_signal_dated_in_the_future_is_refused(api, world):
    tomorrow = world.today.toordinal() + 1
    data = new_signal(world, raised_on=world.today.fromordinal(tomorrow).isoformat())
    body = problem(api(world.tiel_officer).post("/api/v1/signals", data, format="json"), 400)
    assert [param["name"] for param in body["invalid_params"]] == ["raised_on"]
    assert not Signal.objects.filter(subject="Bewoners werken elders").exists()


def test_invalid_signal_is_400_with_the_fields(api, world):
    body = problem(
        api(world.tiel_officer).post("/api/v1/signals", new_signal(world, topic="nonsense", subject=""), format="json"),
        400,
    )
    assert {param["name"] for param in body["invalid_params"]} == {"topic", "subject"}


def test_schema_documents_the_convenant_endpoints(openapi_document):
    document = openapi_document
    paths = document["paths"]
    assert set(paths["/api/v1/convenants"]) >= {"get"}
    assert set(paths["/api/v1/convenants/{id}"]) >= {"get"}
    assert set(paths["/api/v1/signals"]) >= {"get", "post"}
    assert paths["/api/v1/signals"]["post"]["summary"] == "Raise a signal about a party"
    detail = paths["/api/v1/convenants/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert detail["$ref"].endswith("/ConvenantDetail")
