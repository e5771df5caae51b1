"""Logging in through the real form as every demo role, the role's dashboard, and a failed login."""

from __future__ import annotations

import pytest

from zicht.core.models import User

from .support import assert_accessible, heading, login, logout

# Writes through the live server (a session, a form): also on PostgreSQL (conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.every_engine]

# Demo username -> what the dashboard's heading must name: the area or organisation the role works for.
ROLE_HEADINGS = {
    "provincie": "Overijssel",
    "regio": "Rivierenland",
    "gemeente": "Deventer",
    "adresonderzoek": "Deventer",
    "toezicht": "Deventer",
    "handhaving": "Deventer",
    "gemeente-zwolle": "Zwolle",
    "huisvester": None,
    "uitzendbureau": None,
    "werkgever": None,
    "beheer": "Overzicht van deze installatie",
}


def test_login_page_is_accessible(page, base_url):
    page.goto(f"{base_url}/inloggen/")
    assert heading(page) == "Inloggen"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_label("Gebruikersnaam").is_visible()
    assert page.get_by_label("Wachtwoord").is_visible()
    assert page.locator("nav.site-nav").count() == 0, "no navigation before logging in"
    assert_accessible(page)


def test_anonymous_visitor_is_sent_to_login(page, base_url):
    page.goto(f"{base_url}/gebieden/gemeenten/")
    assert page.url.startswith(f"{base_url}/inloggen/?next=")
    assert heading(page) == "Inloggen"


@pytest.mark.parametrize("username", list(ROLE_HEADINGS))
def test_each_role_lands_on_its_own_dashboard(page, base_url, username):
    user = User.objects.select_related("organisation").get(username=username)
    expected = ROLE_HEADINGS[username] or user.organisation.name

    login(page, base_url, username)
    assert page.url == f"{base_url}/", f"{username} did not land on the dashboard but on {page.url}"
    title = heading(page)
    assert expected in title, f"{username}'s dashboard heading {title!r} does not name {expected!r}"
    assert user.get_role_display() in title or user.is_superuser, f"heading {title!r} does not name the role"
    assert page.locator(".site-user__name").inner_text() == user.get_full_name()
    assert page.locator("nav.site-nav a[aria-current='page']").inner_text().strip() == "Overzicht"
    assert_accessible(page)

    logout(page, base_url)
    assert heading(page) == "Inloggen"
    page.goto(f"{base_url}/")
    assert page.url.startswith(f"{base_url}/inloggen/"), "after logging out the dashboard must ask for a login again"


def _failed_login_error(page, base_url, username: str) -> str:
    login(page, base_url, username, "niet-het-wachtwoord")
    assert page.url.startswith(f"{base_url}/inloggen/")
    error = page.get_by_role("alert")
    assert error.is_visible()
    return " ".join(error.inner_text().split())


def test_wrong_password_shows_a_generic_error_and_keeps_the_username(page, base_url):
    message = _failed_login_error(page, base_url, "gemeente")
    assert "wachtwoord" in message.lower(), message
    assert page.locator("input[name='username']").input_value() == "gemeente"
    assert page.locator("input[name='password']").input_value() == "", "the password must not be sent back"
    # The error summary takes focus so a screen reader announces it.
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    assert_accessible(page)

    # Generic: an unknown username gets the very same message, so the form does not tell which usernames exist.
    assert _failed_login_error(page, base_url, "bestaat-niet") == message
    assert page.locator("input[name='username']").input_value() == "bestaat-niet"
