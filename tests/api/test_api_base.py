"""The API base: OpenAPI document and Swagger UI, token authentication, problem+json errors, throttling."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.views import SpectacularAPIView
from openapi_spec_validator import validate
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from zicht.core.models import ApiToken, AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.core.services import api_token_create, api_token_revoke

PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["title"] and body["type"]
    assert body["detail"]
    return body


@pytest.fixture
def api_client_user(make_user, housing_provider):
    return make_user(Role.MARKET_PARTY, organisation=housing_provider, username="flexwonen-api", is_api_client=True)


@pytest.fixture
def token(api_client_user):
    return api_token_create(user=api_client_user, name="koppeling")


# OpenAPI document and Swagger UI


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"path": "/api/v1/schema?format=json"},
        {"path": "/api/v1/schema", "HTTP_ACCEPT": "application/vnd.oai.openapi+json"},
    ],
)
def test_schema_is_a_valid_openapi_3_document(client, db, request_kwargs):
    response = client.get(request_kwargs.pop("path"), **request_kwargs)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    validate(document)  # raises on an invalid document
    assert "/api/v1/me" in document["paths"]
    assert document["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "An organisation's API token, sent as `Token <token>`.",
    }
    assert {"tokenAuth": []} in document["paths"]["/api/v1/me"]["get"]["security"]


def test_swagger_ui_uses_only_our_own_static_files(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 4
    for asset in assets:
        assert asset.startswith(("/static/", "/api/v1/docs")), asset
    assert not re.search(r"https?://|//[a-z]", html)
    # The Content-Security-Policy forbids inline script and style.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and "style=" not in html
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_swagger_ui_start_script_points_at_the_schema(client, db):
    response = client.get("/api/v1/docs?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema" in response.content.decode()


# Authentication and problem+json


def test_unauthenticated_me_is_401_problem(client, db):
    response = client.get("/api/v1/me")
    body = assert_problem(response, 401)
    assert body["instance"] == "/api/v1/me"
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token"])
def test_token_authenticates(client, token, api_client_user, keyword):
    _, plaintext = token
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"{keyword} {plaintext}")
    assert response.status_code == 200
    assert response.json() == {
        "username": "flexwonen-api",
        "role": "market_party",
        "scope_kind": "organisation",
        "province": None,
        "region": None,
        "municipality": None,
        "organisation": "Flexwonen BV",
    }


def test_me_reports_a_municipal_scope(client, officer_a):
    _, plaintext = api_token_create(user=officer_a, name="test")
    body = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}").json()
    assert (body["role"], body["scope_kind"], body["municipality"]) == ("policy_officer", "municipality", "GM0150")


def test_token_row_stores_only_a_hash(token):
    row, plaintext = token
    assert plaintext.startswith("zt_") and len(plaintext) > 40
    stored = ApiToken.objects.filter(pk=row.pk).values().get()
    assert stored["key_hash"] == hashlib.sha256(plaintext.encode()).hexdigest()
    for column, value in stored.items():
        assert plaintext not in str(value), column
    assert plaintext.startswith(stored["prefix"]) and len(stored["prefix"]) < 12
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_CREATED, object_id=str(row.pk)).exists()


def test_revoked_token_is_401(client, token):
    row, plaintext = token
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}").status_code == 200
    api_token_revoke(token=row)
    assert_problem(client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}"), 401)


def test_expired_token_is_401(client, token):
    row, plaintext = token
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_problem(client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}"), 401)


def test_token_with_future_expiry_works(client, token):
    row, plaintext = token
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}").status_code == 200


def test_token_of_inactive_user_is_401(client, token, api_client_user):
    _, plaintext = token
    api_client_user.is_active = False
    api_client_user.save()
    assert_problem(client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}"), 401)


@pytest.mark.parametrize(
    "header",
    [
        "Token zt_wrong-token-value",
        "Token not-even-our-prefix",
        "Bearer",
        "Token two parts",
    ],
)
def test_bad_tokens_are_401(client, token, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_last_used_at_is_set(client, token):
    row, plaintext = token
    assert row.last_used_at is None
    before = timezone.now()
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}")
    row.refresh_from_db()
    assert row.last_used_at is not None and row.last_used_at >= before


def test_unknown_api_path_is_404_problem(client, db, settings):
    settings.DEBUG = False
    body = assert_problem(client.get("/api/v1/does-not-exist"), 404)
    assert body["instance"] == "/api/v1/does-not-exist"


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# Throttling


def test_anonymous_throttling_is_configured(settings):
    assert "rest_framework.throttling.AnonRateThrottle" in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert any(isinstance(throttle, AnonRateThrottle) for throttle in SpectacularAPIView().get_throttles())


@pytest.fixture
def low_anon_rate(monkeypatch):
    # DRF reads the rates into a class attribute at import time; the settings fixture cannot change them.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def test_anonymous_requests_over_the_rate_get_429_problem(client, db, low_anon_rate):
    for _ in range(3):
        assert client.get("/api/v1/schema?format=json", REMOTE_ADDR="198.51.100.9").status_code == 200
    response = client.get("/api/v1/schema?format=json", REMOTE_ADDR="198.51.100.9")
    body = assert_problem(response, 429)
    assert body["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address has its own budget.
    assert client.get("/api/v1/schema?format=json", REMOTE_ADDR="198.51.100.10").status_code == 200


def test_token_clients_are_not_anonymous_throttled(client, token, low_anon_rate):
    _, plaintext = token
    for _ in range(5):
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}").status_code == 200
