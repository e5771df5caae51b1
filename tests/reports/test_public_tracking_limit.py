"""Following a report by its tracking code is limited per client, on the page as in the API: one budget for both,
the API's anonymous rate (`ZICHT_ANON_RATE`), so that nobody can try codes faster through the page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

CLIENT = "198.51.100.20"
WRONG_CODE = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX"


@pytest.fixture
def three_a_minute(monkeypatch):
    # DRF reads the rates into a class attribute at import time; the settings fixture cannot change them.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    yield
    cache.clear()


def look_up(client, code=WRONG_CODE, address=CLIENT):
    return client.post(reverse("reports_public:track"), {"code": code}, REMOTE_ADDR=address)


def test_the_tracking_form_answers_429_after_the_limit(client, db, three_a_minute):
    for _ in range(3):
        assert look_up(client).status_code == 200
    response = look_up(client)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "Te veel pogingen" in page and "volgcode" in page
    # Another client has its own budget, and reading the empty form costs nothing.
    assert look_up(client, address="198.51.100.21").status_code == 200
    assert client.get(reverse("reports_public:track"), REMOTE_ADDR=CLIENT).status_code == 200


def test_the_page_and_the_api_share_one_budget(client, db, three_a_minute):
    for _ in range(2):
        assert look_up(client).status_code == 200
    assert client.get(f"/api/v1/public/reports/{WRONG_CODE}", REMOTE_ADDR=CLIENT).status_code == 404
    assert look_up(client).status_code == 429
    assert client.get(f"/api/v1/public/reports/{WRONG_CODE}", REMOTE_ADDR=CLIENT).status_code == 429


def test_a_signed_in_member_of_staff_is_limited_too(client, officer_a, three_a_minute):
    """The API's tracking endpoint takes no credentials, so everyone counts there; the page counts everyone too."""
    client.force_login(officer_a)
    for _ in range(3):
        assert look_up(client).status_code == 200
    assert look_up(client).status_code == 429
