"""Login, lockout after repeated failures (django-axes) and logout."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("login")


def post_login(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_login_page_renders_form(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Inloggen · Zicht</title>" in html
    assert 'name="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
def test_wrong_password_gives_generic_error_and_keeps_username(client, officer_a):
    response = post_login(client, "officer_a", "not the password")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="notice notice--error" role="alert"' in html
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in html
    assert 'value="officer_a"' in html
    assert "not the password" not in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_unknown_user_gets_the_same_error_as_a_wrong_password(client, officer_a):
    def error_of(response) -> str:
        html = response.content.decode()
        start = html.index('class="notice notice--error"')
        return html[start : html.index("</div>", start)]

    wrong_password = error_of(post_login(client, "officer_a", "not the password"))
    unknown_user = error_of(post_login(client, "nobody_here", "not the password"))
    assert wrong_password == unknown_user


@pytest.mark.django_db
def test_right_password_logs_in_and_lands_on_dashboard(client, officer_a):
    response = post_login(client, "officer_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert int(client.session["_auth_user_id"]) == officer_a.pk


@pytest.mark.django_db
def test_sixth_attempt_after_five_failures_is_locked_out(client, officer_a):
    for _ in range(4):
        assert post_login(client, "officer_a", "wrong").status_code == 200
    # The fifth failure reaches the limit and is answered with the lockout page already.
    assert post_login(client, "officer_a", "wrong").status_code == 403

    response = post_login(client, "officer_a", PASSWORD)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Te veel mislukte pogingen, probeer het over 15 minuten opnieuw." in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_username(client, officer_a, officer_b):
    for _ in range(5):
        post_login(client, "officer_a", "wrong")
    assert post_login(client, "officer_b", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_logout_is_a_post_and_returns_to_login(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_logged_in_user_visiting_login_goes_to_dashboard(client, officer_a):
    client.force_login(officer_a)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
