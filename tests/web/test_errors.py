"""Friendly error pages; the 500 page renders without context processors or a database."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from zicht.core import views


@pytest.mark.django_db
def test_unknown_page_gives_friendly_404(client):
    response = client.get("/deze-pagina-bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in html
    assert "<title>Pagina niet gevonden · Zicht</title>" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_unknown_page_for_logged_in_user_is_also_friendly(client, officer_a):
    client.force_login(officer_a)
    response = client.get("/gebieden/gemeenten/GM9999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in html
    assert 'class="site-nav"' in html  # the logged-in user keeps the navigation


@pytest.mark.django_db
def test_expired_form_gives_friendly_csrf_page(officer_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "officer_a", "password": "whatever"})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "status", "text"),
    [
        (views.error_400, 400, "Dit verzoek kunnen we niet verwerken"),
        (views.error_403, 403, "U heeft geen toegang tot deze pagina"),
    ],
)
def test_400_and_403_pages(view, status, text):
    request = RequestFactory().get("/ergens/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == status
    assert text in response.content.decode()


def test_500_page_needs_no_database_or_context_processors():
    # Without the db fixture, any database access raises; a lazy user that queries would make this test fail.
    from zicht.core.models import User

    request = RequestFactory().get("/kapot/")
    request.user = SimpleLazyObject(lambda: User.objects.get(pk=1))
    response = views.error_500(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in html
    assert "zicht/css/zicht.css" in html
    assert "<script" not in html


@pytest.mark.django_db
def test_api_errors_stay_problem_json(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
