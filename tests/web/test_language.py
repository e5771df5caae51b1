"""The language switch works without JavaScript: a POST to set_language, then the pages are in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

import zicht

CATALOGUE = Path(zicht.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.mo"

needs_catalogue = pytest.mark.skipif(
    not CATALOGUE.exists(), reason="English catalogue not compiled (make messages needs gettext's msgfmt)"
)


@pytest.mark.django_db
def test_language_switch_is_a_post_form_with_a_button_per_language(client, officer_a):
    client.force_login(officer_a)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert '<input type="hidden" name="next" value="/">' in html
    assert 'name="language" value="nl" lang="nl" aria-current="true">Nederlands</button>' in html
    assert 'name="language" value="en" lang="en">English</button>' in html


@needs_catalogue
@pytest.mark.django_db
def test_switching_to_english_translates_the_dashboard(client, officer_a):
    client.force_login(officer_a)

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("dashboard")})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")

    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in html
    assert "Overview of the municipality of Deventer" in html
    assert "Skip to main content" in html
    assert "Municipal policy officer" in html
    assert "Overzicht gemeente" not in html

    client.post(reverse("set_language"), {"language": "nl", "next": reverse("dashboard")})
    assert "Overzicht gemeente Deventer" in client.get(reverse("dashboard")).content.decode()


@needs_catalogue
@pytest.mark.django_db
def test_login_page_in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    html = client.get(reverse("login")).content.decode()
    assert "<title>Log in · Zicht</title>" in html


@pytest.mark.django_db
def test_staff_pages_stay_dutch_for_an_english_browser_until_the_switch_is_used(client, officer_a):
    client.force_login(officer_a)
    html = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="nl">' in html
    assert "Overzicht gemeente Deventer" in html


@needs_catalogue
@pytest.mark.django_db
def test_api_clients_negotiate_the_language_with_accept_language(client, officer_a):
    client.force_login(officer_a)
    response = client.get("/api/v1/addresses?municipality=GM9999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Language"] == "en"


def test_a_test_after_an_english_request_starts_in_the_site_language():
    # The test above ends with an English request, which leaves English active in this thread; tests/conftest.py
    # puts every test back in the site's language (without it, Dutch texts elsewhere came out in English).
    from django.utils import translation

    assert translation.get_language() == "nl"
