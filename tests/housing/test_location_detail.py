"""A location's page: its norm evaluations per set and date, its history, units, review box and convenant warning."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from tests.factories import OrganisationFactory
from tests.web.test_security import inline_code
from zicht.housing import services
from zicht.housing.choices import LocationStatus
from zicht.housing.models import NormSet, Unit
from zicht.parties.models import Convenant, ConvenantSignatory

from .factories import make_location

NO_VALUE = "\u2013"  # the en dash the pages show for a missing value


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def detail_url(location) -> str:
    return reverse("housing:location_detail", kwargs={"pk": location.pk})


def page_text(response) -> str:
    return re.sub(r"\s+", " ", unescape(response.content.decode()))


def norm_section(response, code: str) -> str:
    """The HTML of one norm set's section on the page, whitespace collapsed."""
    norm_set = NormSet.objects.get(code=code)
    html = page_text(response)
    match = re.search(rf'<section class="norm-set[^"]*" aria-labelledby="norm-set-{norm_set.pk}">(.*?)</section>', html)
    assert match, f"no section for {code}"
    return match.group(1)


def rule_row(section: str, rule_label: str) -> list[str]:
    match = re.search(rf'<th scope="row">{re.escape(rule_label)}</th>(.*?)</tr>', section)
    assert match, f"no row {rule_label}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))]


def section_order(response) -> list[str]:
    html = page_text(response)
    ids = re.findall(r'<section class="norm-set[^"]*" aria-labelledby="norm-set-(\d+)">', html)
    codes = dict(NormSet.objects.values_list("pk", "code"))
    return [codes[int(pk)] for pk in ids]


def test_norm_evaluation_table_shows_the_figures(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a, capacity_beds=14, floor_area_m2=200, bedrooms=10)
    client.force_login(officer_a)
    response = client.get(detail_url(location))
    assert response.status_code == 200
    minimum = norm_section(response, "minimum")
    # Figure used, its value, the limit, the persons it allows, the verdict.
    assert rule_row(minimum, "Woonoppervlak per persoon (m²)") == [
        "Woonoppervlak (m²)",
        "200,0",
        "15",
        "13",
        "Voldoet niet",
    ]
    assert rule_row(minimum, "Personen per slaapkamer") == ["Slaapkamers", "10", "1", "10", "Voldoet niet"]
    assert "Geldt voor deze locatie" in minimum
    assert '<span class="badge badge--error">Voldoet niet</span>' in minimum
    assert "10 personen" in minimum  # the norm capacity: the smallest of 13 and 10
    snf = norm_section(response, "snf")
    assert rule_row(snf, "Slaapkameroppervlak per persoon (m²)") == [
        "Slaapkameroppervlak (m²)",
        "60,0",
        "3,5",
        "17",
        "Voldoet",
    ]
    assert inline_code(response.content.decode()) == []


def test_applicable_set_is_first(client, officer_a, municipality_a):
    location = make_location(
        municipality=municipality_a,
        certificate_scheme="snf",
        certificate_valid_until=timezone.localdate() + datetime.timedelta(days=400),
    )
    client.force_login(officer_a)
    response = client.get(detail_url(location))
    assert section_order(response) == ["snf", "akf", "minimum"]
    assert "Geldt voor deze locatie" in norm_section(response, "snf")
    assert "Geldt voor deze locatie" not in norm_section(response, "minimum")
    assert "De locatie heeft dit keurmerk." in norm_section(response, "snf")


def test_date_chooser_changes_the_akf_limit(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a, floor_area_m2=195, bedrooms=10, capacity_beds=10)
    client.force_login(officer_a)
    before = norm_section(client.get(detail_url(location), {"datum": "2025-12-31"}), "akf")
    assert rule_row(before, "Woonoppervlak per persoon (m²)") == ["Woonoppervlak (m²)", "195,0", "13", "15", "Voldoet"]
    assert "01-01-2019" in before
    after = norm_section(client.get(detail_url(location), {"datum": "2026-01-01"}), "akf")
    assert rule_row(after, "Woonoppervlak per persoon (m²)") == ["Woonoppervlak (m²)", "195,0", "15", "13", "Voldoet"]
    assert "01-01-2026" in after


def test_date_before_a_set_existed(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a)
    client.force_login(officer_a)
    snf = norm_section(client.get(detail_url(location), {"datum": "2020-06-01"}), "snf")
    assert "Deze normenset gold nog niet op 1 juni 2020." in snf


def test_bad_date_is_a_form_error_and_today_is_used(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a)
    client.force_login(officer_a)
    response = client.get(detail_url(location), {"datum": "31-02-2026x"})
    assert response.status_code == 200
    html = page_text(response)
    assert 'class="errorlist' in html and "Voer een geldige datum in." in html
    with translation.override("nl"):
        today = formats.date_format(timezone.localdate(), "j F Y")
    assert f"op {today}." in html


def test_unknown_names_the_missing_figure(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a, floor_area_m2=None)
    client.force_login(officer_a)
    minimum = norm_section(client.get(detail_url(location)), "minimum")
    assert "Het oordeel is onbekend omdat deze gegevens ontbreken: Woonoppervlak (m²)." in minimum
    row = rule_row(minimum, "Woonoppervlak per persoon (m²)")
    assert row[1] == "onbekend" and row[3] == NO_VALUE
    assert "Onbekend" in row[4] and "woonoppervlak (m²) ontbreekt" in row[4]


def test_history_is_shown(client, officer_a, municipality_a):
    location = make_location(
        municipality=municipality_a, status=LocationStatus.PERMITTED, status_since=datetime.date(2025, 3, 1)
    )
    services.location_change_status(
        location=location,
        to_status=LocationStatus.IN_USE,
        on=datetime.date(2025, 6, 2),
        by=officer_a,
        note="Opgeleverd",
    )
    client.force_login(officer_a)
    html = page_text(client.get(detail_url(location)))
    history = html.split('id="history-heading"', 1)[1]
    assert re.search(
        r"<td>01-03-2025</td> <td>\u2013</td> <td>Vergund</td> <td>Geregistreerd</td> <td>Systeem</td>", history
    )
    assert re.search(
        r"<td>02-06-2025</td> <td>Vergund</td> <td>In gebruik</td> <td>Opgeleverd</td> <td>officer_a</td>", history
    )
    assert "In gebruik sinds 02-06-2025" in html


def test_details_parties_and_certificate(client, officer_a, municipality_a, housing_provider):
    owner = OrganisationFactory(name="Vastgoed Oost")
    location = make_location(
        municipality=municipality_a,
        operator=housing_provider,
        owner=owner,
        permit_reference="OLO-123",
        certificate_scheme="akf",
        certificate_number="AKF-9",
        certificate_valid_until=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(officer_a)
    html = page_text(client.get(detail_url(location)))
    assert f'<a href="/partijen/organisaties/{housing_provider.pk}/">Flexwonen BV</a>' in html
    assert f'<a href="/partijen/organisaties/{owner.pk}/">Vastgoed Oost</a>' in html
    assert "OLO-123" in html and "AKF (AKF-9)" in html
    assert '<span class="badge badge--error">Verlopen</span>' in html


def test_units_table_with_sums(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a)
    services.unit_save(
        location=location, by=officer_a, data={"name": "A", "beds": 4, "floor_area_m2": 80, "toilets": 1}
    )
    services.unit_save(
        location=location, by=officer_a, data={"name": "B", "beds": 6, "floor_area_m2": 90, "toilets": 1}
    )
    client.force_login(officer_a)
    html = page_text(client.get(detail_url(location)))
    units = html.split('id="units-heading"', 1)[1].split("</section>", 1)[0]
    assert '<th scope="row">A</th> <td class="num">4</td> <td class="num">80,0</td>' in units
    totals = units.split("<tfoot>", 1)[1]
    assert '<td class="num">10</td> <td class="num">170,0</td> <td class="num">onbekend</td>' in totals


@pytest.fixture
def convenant(region):
    return Convenant.objects.create(
        region=region, title="Convenant huisvesting West-Overijssel", valid_from=datetime.date(2024, 1, 1)
    )


def test_convenant_warning_when_operator_has_not_signed(client, officer_a, municipality_a, housing_provider, convenant):
    location = make_location(municipality=municipality_a, status=LocationStatus.INITIATIVE, operator=housing_provider)
    client.force_login(officer_a)
    html = page_text(client.get(detail_url(location)))
    assert "Let op: convenant niet ondertekend" in html
    assert "De exploitant Flexwonen BV heeft het convenant van de regio niet ondertekend." in html
    assert re.search(r">?Convenant huisvesting West-Overijssel(</a>)? \(West-Overijssel\)", html)
    assert f'href="/partijen/convenanten/{convenant.pk}/"' in html


def test_no_warning_when_operator_has_signed(client, officer_a, municipality_a, housing_provider, convenant):
    ConvenantSignatory.objects.create(
        convenant=convenant, organisation=housing_provider, signed_on=datetime.date(2024, 2, 1)
    )
    location = make_location(municipality=municipality_a, status=LocationStatus.INITIATIVE, operator=housing_provider)
    client.force_login(officer_a)
    assert "convenant niet ondertekend" not in page_text(client.get(detail_url(location)))


def test_warning_when_an_initiative_has_no_operator(client, officer_a, municipality_a, convenant):
    location = make_location(municipality=municipality_a, status=LocationStatus.PERMIT_REQUESTED)
    client.force_login(officer_a)
    html = page_text(client.get(detail_url(location)))
    assert "Dit initiatief heeft nog geen exploitant" in html


def test_no_warning_for_a_location_in_use(client, officer_a, municipality_a, housing_provider, convenant):
    location = make_location(municipality=municipality_a, status=LocationStatus.IN_USE, operator=housing_provider)
    client.force_login(officer_a)
    assert "convenant niet ondertekend" not in page_text(client.get(detail_url(location)))


def test_review_box_for_an_initiative(client, officer_a, registration_officer_a, municipality_a, housing_provider):
    location = make_location(
        municipality=municipality_a, status=LocationStatus.INITIATIVE, registered_by=housing_provider
    )
    client.force_login(officer_a)
    html = page_text(client.get(detail_url(location)))
    assert "Dit initiatief is aangemeld door Flexwonen BV." in html
    assert f'action="/huisvesting/locaties/{location.pk}/beoordelen/"' in html
    services.location_review(location=location, decision="accepted", note="Akkoord", by=officer_a)
    html = page_text(client.get(detail_url(location)))
    assert "In behandeling genomen" in html and "Akkoord" in html
    assert "/beoordelen/" not in html


def test_readers_see_no_edit_controls(client, municipality_a, make_user):
    from zicht.core.roles import Role

    inspector = make_user(Role.INSPECTOR, scope_municipality=municipality_a)
    location = make_location(municipality=municipality_a)
    client.force_login(inspector)
    response = client.get(detail_url(location))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/bewerken/" not in html and "/status/" not in html and "/units/nieuw/" not in html


def test_detail_outside_scope_is_404(client, officer_b, municipality_a):
    location = make_location(municipality=municipality_a, name="Alleen Deventer")
    client.force_login(officer_b)
    response = client.get(detail_url(location))
    assert response.status_code == 404
    assert "Alleen Deventer" not in response.content.decode()


def test_detail_query_count(client, officer_a, municipality_a, housing_provider, django_assert_max_num_queries):
    # A day without a stored snapshot is computed for the answer (reads never write), which costs a fixed handful
    # of queries more than reading a stored one; the count must not grow with the units on the page.
    location = make_location(municipality=municipality_a, status=LocationStatus.INITIATIVE, operator=housing_provider)
    for name in ("A", "B", "C"):
        Unit.objects.create(location=location, name=name, beds=2)
    client.force_login(officer_a)
    client.get(detail_url(location))
    with django_assert_max_num_queries(18):
        assert client.get(detail_url(location)).status_code == 200
    for name in ("D", "E", "F", "G", "H", "I"):
        Unit.objects.create(location=location, name=name, beds=2)
    with django_assert_max_num_queries(18):
        assert client.get(detail_url(location)).status_code == 200
