"""The public API: POST /api/v1/public/reports and GET /api/v1/public/reports/{tracking_code}."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from zicht.core.models import AuditEvent
from zicht.reports import rules, services
from zicht.reports.choices import Channel, ReportStatus
from zicht.reports.models import Report

from .intake_support import (  # noqa: F401 - the *_fixture imports register the fixtures
    BRINK,
    clean_rate_limit_fixture,
    deventer_fixture,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/reports"
PROBLEM = "application/problem+json"
DESCRIPTION = "Er staan al een week vuilniszakken naast de container op de Brink."


@pytest.fixture
def api(deventer):
    return APIClient(enforce_csrf_checks=True)


def post(api, body: dict, **extra):
    return api.post(URL, json.dumps(body), content_type="application/json", REMOTE_ADDR="203.0.113.7", **extra)


def point_body(**overrides) -> dict:
    body = {"category": "waste", "description": DESCRIPTION, "lat": float(BRINK[0]), "lon": float(BRINK[1])}
    body.update(overrides)
    return body


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    return body


def invalid(response) -> dict[str, str]:
    body = problem(response, 400)
    return {param["name"]: param["reason"] for param in body["invalid_params"]}


def test_report_by_point_answers_201_with_a_code(api, deventer):
    response = post(api, point_body())
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert set(body) == {"tracking_code"}
    code = body["tracking_code"]
    normalised = rules.normalise_tracking_code(code)
    assert normalised is not None and len(normalised) * 5 >= 80  # base32: 5 bits a character
    report = Report.objects.get()
    assert report.tracking_digest == rules.tracking_digest(code)
    assert report.channel == Channel.API and report.anonymous is True
    assert report.neighbourhood == deventer["neighbourhood"] and report.address is None
    assert report.language == "nl" and report.language_detected is True


def test_report_by_address_with_contact_and_language(api, deventer):
    body = {
        "category": "noise",
        "description": "Every night there is loud music until three in the morning.",
        "postcode": "7411br",
        "house_number": 12,
        "house_letter": "a",
        "language": "en",
        "contact": {"name": "Ann Reporter", "email": "ann@example.org", "phone": ""},
    }
    assert post(api, body).status_code == 201
    report = Report.objects.get()
    assert report.address == deventer["brink_a"]
    assert report.anonymous is False and report.contact_email == "ann@example.org"
    assert report.language == "en" and report.language_detected is False


def test_no_client_address_is_kept(api, deventer):
    post(api, point_body())
    assert not AuditEvent.objects.filter(client_address__isnull=False).exists()
    assert "203.0.113.7" not in " ".join(str(value) for value in Report.objects.values().get().values())


def test_status_holds_exactly_the_public_keys(api, deventer, officer_a):
    code = post(api, point_body(contact={"name": "Ann", "email": "ann@example.org"})).json()["tracking_code"]
    report = Report.objects.get()
    services.report_transition(
        report=report, to_status=ReportStatus.PLANNED, by=officer_a, reason="intern", public_message="Volgende week."
    )
    response = api.get(f"{URL}/{code}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "category", "created", "updated", "message"}
    assert body["status"] == "planned" and body["category"] == "waste" and body["message"] == "Volgende week."
    text = response.content.decode()
    for private in (DESCRIPTION, "Ann", "ann@example.org", "intern", str(BRINK[0])[:6], "M-0"):
        assert private not in text


def test_code_is_read_leniently(api, deventer):
    code = post(api, point_body()).json()["tracking_code"]
    assert api.get(f"{URL}/{code.lower().replace('-', '')}").status_code == 200


def test_codes_are_not_enumerable(api, deventer):
    post(api, point_body())
    assert rules.TRACKING_CODE_BYTES * 8 >= 80
    unknown = [api.get(f"{URL}/{rules.new_tracking_code()}") for _ in range(5)]
    malformed = [api.get(f"{URL}/{value}") for value in ("abc", "M-000001", "1", "A" * 200)]
    details = {problem(response, 404)["detail"] for response in unknown + malformed}
    assert len(details) == 1  # the same answer whether the code could exist or not


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"description": ""}, "description", "Beschrijf wat er aan de hand is in minstens 10 tekens."),
        ({"description": "te kort"}, "description", "Beschrijf wat er aan de hand is in minstens 10 tekens."),
        ({"description": "x" * 3001}, "description", "De beschrijving is te lang: hooguit 3000 tekens."),
        ({"category": "fireworks"}, "category", "Kies een categorie uit de lijst."),
        ({"lat": 48.85, "lon": 2.35}, "lat", "Het punt ligt niet in Nederland."),
        ({"language": "xx"}, "language", "Deze taal kennen we niet."),
        ({"contact": {"email": "not-an-address"}}, "contact.email", None),
    ],
)
def test_bad_input_is_a_problem_per_field(api, changes, field, reason):
    reasons = invalid(post(api, point_body(**changes)))
    assert field in reasons
    if reason:
        assert reasons[field] == reason
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ({"postcode": "XXXX", "house_number": 10}, "postcode"),
        ({"postcode": "7411 BR", "house_number": 999}, "postcode"),
        ({"postcode": "7411 BR"}, "house_number"),
        ({"postcode": "7411 BR", "house_number": 0}, "house_number"),
    ],
)
def test_bad_address(api, address, field):
    body = {"category": "waste", "description": DESCRIPTION, **address}
    assert field in invalid(post(api, body))
    assert not Report.objects.exists()


def test_neither_point_nor_address(api):
    assert "location" in invalid(post(api, {"category": "waste", "description": DESCRIPTION}))


def test_errors_follow_accept_language(api):
    body = {"category": "waste", "description": DESCRIPTION, "postcode": "74", "house_number": 1}
    reasons = invalid(post(api, body, HTTP_ACCEPT_LANGUAGE="en"))
    assert reasons["postcode"] == "A postcode is 4 digits and 2 letters, such as 7411 AB."
    reasons = invalid(post(api, body, HTTP_ACCEPT_LANGUAGE="nl"))
    assert reasons["postcode"] == "Een postcode is 4 cijfers en 2 letters, zoals 7411 AB."


def test_flood_is_throttled_with_retry_after(api, settings):
    settings.REPORTS_PUBLIC_RATE = "3/hour"
    assert post(api, point_body()).status_code == 201
    assert post(api, point_body(category="nonsense")).status_code == 400  # attempts count, good or bad
    assert post(api, point_body()).status_code == 201
    response = post(api, point_body())
    body = problem(response, 429)
    assert body["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Report.objects.count() == 2
    # Another client is not held back.
    other = api.post(URL, json.dumps(point_body()), content_type="application/json", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 201


def test_web_form_and_api_share_the_limit(api, client, settings):
    settings.REPORTS_PUBLIC_RATE = "1/hour"
    web = client.post("/melden/", {"category": "waste", "description": DESCRIPTION}, REMOTE_ADDR="203.0.113.7")
    assert web.status_code == 200
    assert post(api, point_body()).status_code == 429


def test_form_encoded_posts_are_refused(api):
    response = api.post(URL, point_body(), format="multipart", REMOTE_ADDR="203.0.113.7")
    assert problem(response, 415)


def test_a_logged_in_session_is_not_used(api, officer_a):
    api.force_login(officer_a)
    assert post(api, point_body()).status_code == 201  # no CSRF token needed: no session authentication
    assert Report.objects.get().created_by is None


def test_schema_documents_both_endpoints(openapi_document):
    document = openapi_document
    create = document["paths"]["/api/v1/public/reports"]["post"]
    status = document["paths"]["/api/v1/public/reports/{tracking_code}"]["get"]
    assert {"201", "400", "429"} <= set(create["responses"])
    assert {"200", "404"} <= set(status["responses"])
    request_ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request_schema = document["components"]["schemas"][request_ref.rsplit("/", 1)[1]]
    assert {"category", "description", "lat", "lon", "postcode", "house_number", "contact"} <= set(
        request_schema["properties"]
    )
    status_ref = status["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    status_schema = document["components"]["schemas"][status_ref.rsplit("/", 1)[1]]
    assert set(status_schema["properties"]) == {"status", "category", "created", "updated", "message"}
