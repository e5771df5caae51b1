"""Each role lands on the dashboard of its own scope, and sees nothing of another area or organisation."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AddressFactory,
    CertificationFactory,
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
)
from tests.housing.factories import LocationFactory
from zicht.core.models import AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.housing.choices import LocationStatus

DASHBOARD = "/"


def h1_text(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S)
    assert match, "page has no <h1>"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def figure(response, label: str) -> str:
    html = unescape(response.content.decode())
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", html)
    assert match, f"no key figure {label!r}"
    return match.group(1).strip()


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_municipal_officer_sees_own_municipality_only(page, officer_a, municipality_a, municipality_b, region):
    district = DistrictFactory(municipality=municipality_a, code="WK015001", name="Binnenstad")
    NeighbourhoodFactory(district=district, code="BU01500100", name="Centrum")
    NeighbourhoodFactory(district=district, code="BU01500101", name="Bergkwartier")
    DistrictFactory(municipality=municipality_b, code="WK019301", name="Stadshagen")
    AddressFactory.create_batch(3, municipality=municipality_a)
    AddressFactory.create_batch(2, municipality=municipality_b, postcode="8011 AA", city="Zwolle")

    response = page(DASHBOARD, officer_a)

    assert response.status_code == 200
    assert h1_text(response) == "Gemeentelijk beleidsmedewerker Overzicht gemeente Deventer"
    assert title(response) == "Overzicht gemeente Deventer · Zicht"
    html = response.content.decode()
    assert "Binnenstad" in html
    assert "Stadshagen" not in html
    assert "Zwolle" not in html
    assert "West-Overijssel" in html
    assert figure(response, "Adressen") == "3"
    assert figure(response, "Wijken") == "1"
    assert figure(response, "Buurten") == "2"
    assert reverse("geography:municipality_detail", kwargs={"code": "GM0150"}) in html
    assert "huisvestingsregister" in html  # what the policy officer does in Zicht


@pytest.mark.django_db
def test_registration_officer_gets_own_role_description(page, registration_officer_a):
    response = page(DASHBOARD, registration_officer_a)
    assert h1_text(response) == "Adresonderzoeker (registratie) Overzicht gemeente Deventer"
    assert "overbewoonde adressen" in response.content.decode()


@pytest.mark.django_db
def test_province_director_sees_the_key_figures_and_a_card_per_region(
    page, province_director, municipality_a, municipality_b, municipality_elsewhere, region
):
    LocationFactory(municipality=municipality_a, status=LocationStatus.IN_USE, capacity_beds=1200)
    LocationFactory(municipality=municipality_b, status=LocationStatus.IN_USE, capacity_beds=34)
    LocationFactory(municipality=municipality_b, status=LocationStatus.PERMITTED, capacity_beds=80)
    response = page(DASHBOARD, province_director)

    assert response.status_code == 200
    assert h1_text(response) == "Provinciaal procesregisseur Overzicht provincie Overijssel"
    html = unescape(response.content.decode())
    assert "Tiel" not in html
    assert figure(response, "Gemeenten") == "2"
    assert figure(response, "Regio's") == "1"
    assert figure(response, "Bedden in gebruik") == "1.234"
    assert figure(response, "Bedden gepland") == "80"
    assert figure(response, "Wonend") == "0"
    assert figure(response, "Registratiegraad") == "\u2013"
    card = html.split('<li class="card">', 1)[1].split("</li>", 1)[0]
    assert f'href="{reverse("occupancy:dashboard")}?gebied=west-overijssel">West-Overijssel</a>' in card
    assert re.search(r"<dt>Gemeenten in deze provincie</dt><dd>2</dd>", card)
    assert re.search(r"<dt>Bedden in gebruik</dt><dd>1.234</dd>", card)


@pytest.mark.django_db
def test_landing_pages_promise_nothing_the_platform_does_not_do(page, province_director, officer_a):
    for user in (province_director, officer_a):
        text = page(DASHBOARD, user).content.decode().lower()
        for promise in ("prognose", "capaciteit tegenover behoefte", "voortgang van het programma", "vergunningen"):
            assert promise not in text


@pytest.mark.django_db
def test_regional_coordinator_sees_the_region(page, regional_coordinator, municipality_elsewhere):
    response = page(DASHBOARD, regional_coordinator)

    assert h1_text(response) == "Regionaal kwartiermaker Overzicht regio West-Overijssel"
    html = response.content.decode()
    assert ">Deventer</a>" in html
    assert ">Zwolle</a>" in html
    assert "Tiel" not in html
    assert figure(response, "Gemeenten") == "2"


@pytest.mark.django_db
def test_market_party_sees_own_certifications_with_expiry_flags(page, market_party_user, housing_provider):
    today = datetime.date.today()
    CertificationFactory(
        organisation=housing_provider,
        number="SNF-OLD",
        valid_from=today - datetime.timedelta(days=800),
        valid_until=today - datetime.timedelta(days=1),
    )
    CertificationFactory(
        organisation=housing_provider,
        number="SNF-SOON",
        valid_from=today - datetime.timedelta(days=300),
        valid_until=today + datetime.timedelta(days=30),
    )
    CertificationFactory(
        organisation=housing_provider,
        number="SNF-LATER",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=365),
    )
    CertificationFactory(organisation=OrganisationFactory(name="Concurrent BV"), number="SNF-OTHER")

    response = page(DASHBOARD, market_party_user)

    assert h1_text(response) == "Marktpartij Overzicht organisatie Flexwonen BV"
    html = response.content.decode()
    assert "SNF-OTHER" not in html
    assert "Concurrent BV" not in html
    rows = {number: row for row in re.findall(r"<tr>(.*?)</tr>", html, re.S) for number in re.findall(r"SNF-\w+", row)}
    assert "badge--error" in rows["SNF-OLD"]
    assert "Verlopen" in rows["SNF-OLD"]
    assert "Verloopt binnen 90 dagen" in rows["SNF-SOON"]
    assert "badge--success" in rows["SNF-LATER"]
    assert figure(response, "Keurmerken") == "3"
    assert figure(response, "Verlopen") == "1"
    assert figure(response, "Verlopen binnen 90 dagen") == "1"
    assert "notice--warning" in html
    assert reverse("parties:organisation_detail", kwargs={"pk": housing_provider.pk}) in html


@pytest.mark.django_db
def test_administrator_sees_installation_counts_and_audit_log(page, administrator, municipality_a, municipality_b):
    AuditEvent.objects.create(
        actor=administrator, actor_label="admin", action=AuditAction.EXPORT, object_repr="Adressen"
    )

    response = page(DASHBOARD, administrator)

    assert h1_text(response) == "Beheerder Overzicht van deze installatie"
    assert figure(response, "Gemeenten") == "2"
    assert "geëxporteerd" in response.content.decode()
    assert reverse("admin:index") in response.content.decode()


@pytest.mark.django_db
def test_user_without_scope_is_told_so(page, make_user):
    user = make_user(Role.POLICY_OFFICER, scope_municipality=None, username="nobody")
    response = page(DASHBOARD, user)
    assert response.status_code == 200
    assert "Uw account heeft nog geen werkgebied" in h1_text(response)


@pytest.mark.django_db
def test_shell_shows_user_navigation_and_logout(page, officer_a):
    officer_a.first_name, officer_a.last_name = "Anna", "de Vries"
    officer_a.save()

    html = page(DASHBOARD, officer_a).content.decode()

    assert '<a class="skip-link" href="#main">Direct naar de inhoud</a>' in html
    assert '<main id="main" tabindex="-1">' in html
    assert "Anna de Vries" in html
    assert "Gemeentelijk beleidsmedewerker" in html
    assert f'action="{reverse("logout")}"' in html
    assert f'<a href="{DASHBOARD}" aria-current="page">Overzicht</a>' in html
    assert html.count('aria-current="page"') == 1
    assert 'role="status"' in html
    assert '<html lang="nl">' in html


def _queries_of_the_landing_page(client) -> int:
    client.get(DASHBOARD)  # the first look may compute the day's indicators; the count is of a look after it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_municipalities(client, province_director, municipality_a, region):
    client.force_login(province_director)
    few = _queries_of_the_landing_page(client)
    MunicipalityFactory.create_batch(20, province=municipality_a.province)
    assert _queries_of_the_landing_page(client) <= few
    assert figure(client.get(DASHBOARD), "Gemeenten") == "22"


@pytest.mark.django_db
def test_messages_appear_in_the_status_region(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._messages.add(constants.SUCCESS, "Het bestand is ingelezen.")

    html = render_to_string("base.html", request=request)

    region = html[html.index('role="status"') :]
    region = region[: region.index("</div>")]
    assert '<li class="success">Het bestand is ingelezen.</li>' in region
