"""`/api/v1/occupancy-uploads`: deliver a file (202 with the upload's URL; its outcome there), list and read
uploads in scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from zicht.core.services import api_token_create
from zicht.occupancy.ingest import runner as ingest_runner
from zicht.occupancy.models import ResidenceEpisode, Upload

from ..occupancy.ingest_support import (
    BRP_HEADER,
    OCCUPANCY_HEADER,
    bsns,
    committed,
    places_fixture,  # noqa: F401  (the `places` fixture)
)

URL = "/api/v1/occupancy-uploads"
BSN = bsns(3)
INVALID_BSN = "123456789"


@pytest.fixture(autouse=True)
def no_refresh(monkeypatch):
    monkeypatch.setattr(ingest_runner, "_refresh_indicators", lambda ids: None)


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='test')[1]}")
    return client


def post(client, kind: str, header: str, rows: list[str], name: str = "lijst.csv"):
    data = ("\n".join([header, *rows]) + "\n").encode()
    with committed():  # the queued ingest runs on commit (the test settings' immediate task backend)
        return client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, data)}, format="multipart")


def outcome(client, response) -> dict:
    """The upload behind a 202, read where its Location points."""
    assert response.status_code == 202, response.content
    return client.get(response["Location"]).json()


def test_good_file_is_accepted_and_its_url_gives_the_summary(market_party_user, places):
    client = api_for(market_party_user)
    response = post(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,23456789,"])
    assert response.status_code == 202, response.json()
    accepted = response.json()
    assert (accepted["status"], accepted["channel"]) == ("queued", "api")
    assert response["Location"] == f"{URL}/{accepted['id']}"
    body = outcome(client, response)
    assert (body["status"], body["created"], body["channel"], body["errors"]) == ("done", 1, "api", [])
    assert body["organisation"] == places["provider"].name and body["failure"] == ""
    again = outcome(client, post(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,23456789,"]))
    assert (again["created"], again["unchanged"]) == (0, 1)
    listing = client.get(URL).json()
    assert listing["count"] == 2
    assert body["id"] == accepted["id"] and body["rows_total"] == 1


def test_bad_rows_end_rejected_with_every_row(registration_officer_a, places):
    client = api_for(registration_officer_a)
    rows = [f"{BSN[0]},D-1,2025-01-01,,,,", f"{INVALID_BSN},D-1,2025-01-01,,,,", f"{BSN[1]},D-1,2025-13-01,,,,"]
    response = post(client, "occupancy", OCCUPANCY_HEADER, rows)
    assert INVALID_BSN not in response.content.decode()
    body = outcome(client, response)
    assert (body["status"], body["error_count"]) == ("rejected", 2)
    assert [(error["row"], error["field"]) for error in body["errors"]] == [(3, "bsn"), (4, "from")]
    assert INVALID_BSN not in client.get(response["Location"]).content.decode()
    assert not ResidenceEpisode.objects.exists()


def test_file_level_problem_is_row_0(officer_a, places):
    client = api_for(officer_a)
    with committed():
        response = client.post(URL, {"kind": "brp", "file": SimpleUploadedFile("leeg.csv", b"")}, format="multipart")
    body = outcome(client, response)
    assert body["status"] == "rejected" and body["errors"][0]["row"] == 0


def test_file_over_the_limit_is_413(officer_a, places, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client = api_for(officer_a)
    response = post(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,,"] * 10)
    assert response.status_code == 413 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "too_large" and response.json()["max_bytes"] == 100
    assert not Upload.objects.exists()


def test_malformed_request_is_400(officer_a, places):
    client = api_for(officer_a)
    response = client.post(URL, {"kind": "census"}, format="multipart")
    assert response.status_code == 400
    names = {param["name"] for param in response.json()["invalid_params"]}
    assert names == {"kind", "file"}


def test_market_party_may_not_deliver_brp(market_party_user, places):
    response = post(api_for(market_party_user), "brp", BRP_HEADER, [f"{BSN[0]},rni,,,,2025-01-01,"])
    assert response.status_code == 403
    assert not Upload.objects.exists()


def test_roles_without_uploads_get_403(make_user, province, places):
    from zicht.core.roles import Role

    director = make_user(Role.PROVINCE_DIRECTOR, scope_province=province)
    response = post(api_for(director), "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,,,"])
    assert response.status_code == 403


def test_uploads_of_others_are_invisible(officer_a, officer_b, places):
    created = post(api_for(officer_b), "brp", BRP_HEADER, [f"{BSN[0]},resident,GM0193,,,2025-01-01,"]).json()
    client = api_for(officer_a)
    assert client.get(f"{URL}/{created['id']}").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_anonymous_is_401(db):
    assert APIClient().get(URL).status_code == 401
