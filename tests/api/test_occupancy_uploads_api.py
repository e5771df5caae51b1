"""`/api/v1/occupancy-uploads`: deliver a file (201 summary or 422 row errors), list and read uploads in scope."""

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
    return client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, data)}, format="multipart")


def test_good_file_gives_the_summary(market_party_user, places):
    client = api_for(market_party_user)
    response = post(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,23456789,"])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["created"], body["channel"], body["errors"]) == ("done", 1, "api", [])
    assert body["organisation"] == places["provider"].name
    again = post(client, "occupancy", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,GM0150,23456789,"])
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 1)
    listing = client.get(URL).json()
    assert listing["count"] == 2
    detail = client.get(f"{URL}/{body['id']}").json()
    assert detail["id"] == body["id"] and detail["rows_total"] == 1


def test_bad_rows_give_422_with_every_row(registration_officer_a, places):
    client = api_for(registration_officer_a)
    rows = [f"{BSN[0]},D-1,2025-01-01,,,,", f"{INVALID_BSN},D-1,2025-01-01,,,,", f"{BSN[1]},D-1,2025-13-01,,,,"]
    response = post(client, "occupancy", OCCUPANCY_HEADER, rows)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["error_count"] == 2 and body["status"] == 422
    assert [param["name"] for param in body["invalid_params"]] == ["row 3: bsn", "row 4: from"]
    assert INVALID_BSN not in response.content.decode()
    assert not ResidenceEpisode.objects.exists()
    assert Upload.objects.get(pk=body["upload"]).status == "rejected"


def test_file_level_problem_is_named_file(officer_a, places):
    client = api_for(officer_a)
    response = client.post(URL, {"kind": "brp", "file": SimpleUploadedFile("leeg.csv", b"")}, format="multipart")
    assert response.status_code == 422
    assert response.json()["invalid_params"][0]["name"] == "file"


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
