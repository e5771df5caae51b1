"""The register's writing pages: create and edit a location, change its status, review an initiative, its units."""

from __future__ import annotations

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.factories import NeighbourhoodFactory, OrganisationFactory
from tests.web.test_security import inline_code
from zicht.housing.choices import LocationStatus, ReviewDecision
from zicht.housing.models import Location, Unit

from .factories import make_location

CREATE_URL = reverse("housing:location_create")


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def url(name: str, location, **kwargs) -> str:
    return reverse(f"housing:{name}", kwargs={"pk": location.pk, **kwargs})


def valid_data(municipality, **overrides) -> dict:
    data = {
        "name": "Logies De Brink",
        "ref": "",
        "form": "converted_office",
        "stay_type": "mid",
        "status": "in_use",
        "status_since": "2025-02-01",
        "municipality": municipality.pk,
        "postcode": "7411ab",
        "house_number": "12",
        "addition": "a",
        "lat": "52,2551",
        "lon": "6.1639",
        "capacity_beds": "12",
        "floor_area_m2": "240",
        "bedrooms": "12",
        "bedroom_area_m2": "96",
        "toilets": "2",
        "showers": "2",
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_create_as_officer(client, officer_a, municipality_a, housing_provider):
    client.force_login(officer_a)
    page = client.get(CREATE_URL)
    assert page.status_code == 200
    html = page.content.decode()
    for legend in (
        "Algemeen",
        "Adres en ligging",
        "Partijen",
        "Vergunning en certificaat",
        "Voorzieningen en oppervlak",
    ):
        assert f"<legend>{legend}</legend>" in html
    assert '<label for="id_floor_area_m2">Woonoppervlak (m²):</label>' in html
    assert inline_code(html) == []
    response = client.post(CREATE_URL, valid_data(municipality_a, operator=housing_provider.pk))
    location = Location.objects.get(name="Logies De Brink")
    assert response.status_code == 302
    assert response["Location"] == url("location_detail", location)
    assert location.ref.startswith("LOC-")
    assert location.municipality == municipality_a and location.operator == housing_provider
    assert location.status == LocationStatus.IN_USE and location.status_since == datetime.date(2025, 2, 1)
    assert (location.address.postcode, location.address.house_number, location.address.house_letter) == (
        "7411 AB",
        12,
        "A",
    )
    assert location.lat == Decimal("52.255100") and location.lon == Decimal("6.163900")
    assert location.norm_verdict == "pass" and location.norm_capacity == 12
    assert location.status_history.count() == 1 and location.registered_by is None
    assert messages_of(response) == ["Locatie Logies De Brink is geregistreerd."]


def test_errors_keep_typed_values_and_are_dutch(client, officer_a, municipality_a):
    client.force_login(officer_a)
    data = valid_data(municipality_a, postcode="12345", lat="60.1", floor_area_m2="-5", toilets="-1")
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert 'value="Logies De Brink"' in html and 'value="12345"' in html and 'value="-5"' in html
    assert "Een postcode is 4 cijfers en 2 letters, zoals 7411 AB." in html
    assert "De breedtegraad ligt niet in Nederland (50,7 tot 53,7)." in html
    assert html.count("Zorg ervoor dat deze waarde minstens 0 is.") >= 2  # floor area and toilets
    assert "Het formulier is niet opgeslagen" in html and 'aria-invalid="true"' in html
    assert not Location.objects.exists()


def test_house_number_without_postcode(client, officer_a, municipality_a):
    client.force_login(officer_a)
    response = client.post(CREATE_URL, valid_data(municipality_a, postcode=""))
    assert "Vul bij een huisnummer ook de postcode in." in unescape(response.content.decode())
    assert not Location.objects.exists()


def test_neighbourhood_must_lie_in_the_municipality(client, market_party_user, municipality_a, municipality_b):
    elsewhere = NeighbourhoodFactory(district__municipality=municipality_b, name="Assendorp")
    client.force_login(market_party_user)
    response = client.post(CREATE_URL, valid_data(municipality_a, neighbourhood=elsewhere.pk))
    assert response.status_code == 200
    assert "Deze buurt ligt niet in de gekozen gemeente." in unescape(response.content.decode())
    assert not Location.objects.exists()


def test_officer_cannot_choose_another_municipality(client, officer_a, municipality_b):
    client.force_login(officer_a)
    select = client.get(CREATE_URL).content.decode().split('name="municipality"', 1)[1].split("</select>", 1)[0]
    assert ">Deventer</option>" in select and "Zwolle" not in select
    response = client.post(CREATE_URL, valid_data(municipality_b))
    assert response.status_code == 200
    assert not Location.objects.exists()


def test_readers_may_not_create(client, province_director, make_user, municipality_a):
    from zicht.core.roles import Role

    client.force_login(province_director)
    assert client.get(CREATE_URL).status_code == 403
    client.force_login(make_user(Role.INSPECTOR, scope_municipality=municipality_a))
    assert client.post(CREATE_URL, valid_data(municipality_a)).status_code == 403
    assert not Location.objects.exists()


def test_market_party_creates_an_initiative_and_edits_it(client, market_party_user, officer_a, municipality_b):
    client.force_login(market_party_user)
    html = client.get(CREATE_URL).content.decode()
    assert 'name="status"' not in html and 'name="norm_set"' not in html and 'name="status_since"' not in html
    assert f'<option value="{municipality_b.pk}">Zwolle</option>' in html  # a market party registers anywhere
    response = client.post(
        CREATE_URL, valid_data(municipality_b, status="in_use", operator=market_party_user.organisation_id)
    )
    location = Location.objects.get()
    assert response.status_code == 302
    assert location.status == LocationStatus.INITIATIVE
    assert location.registered_by_id == market_party_user.organisation_id
    assert location.review == ReviewDecision.PENDING
    edit = url("location_update", location)
    assert client.get(edit).status_code == 200
    response = client.post(edit, valid_data(municipality_b, name="Logies De Brink II", operator=location.operator_id))
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.name == "Logies De Brink II"
    location.status = LocationStatus.PERMIT_REQUESTED
    location.save()
    assert client.get(edit).status_code == 403
    assert client.post(edit, valid_data(municipality_b, name="Te laat")).status_code == 403


def test_market_party_cannot_edit_another_partys_location(client, market_party_user, municipality_a):
    other = OrganisationFactory(name="Andere Huisvester")
    # Operated by the market party, so it can see it, but registered by someone else: not its to edit.
    operated = make_location(
        municipality=municipality_a,
        status=LocationStatus.INITIATIVE,
        registered_by=other,
        operator=market_party_user.organisation,
    )
    foreign = make_location(municipality=municipality_a, status=LocationStatus.INITIATIVE, registered_by=other)
    client.force_login(market_party_user)
    assert client.get(url("location_detail", operated)).status_code == 200
    assert client.get(url("location_update", operated)).status_code == 403
    assert client.post(url("unit_create", operated), {"name": "X", "beds": "1"}).status_code == 403
    assert client.post(url("location_review", operated), {"decision": "accepted"}).status_code == 403
    assert client.get(url("location_update", foreign)).status_code == 404


def test_officer_of_zwolle_cannot_edit_deventer(client, officer_b, municipality_a):
    location = make_location(municipality=municipality_a, status=LocationStatus.INITIATIVE)
    client.force_login(officer_b)
    for name in ("location_update", "location_status", "location_review", "unit_create"):
        assert client.get(url(name, location)).status_code == 404, name
    assert client.post(url("location_update", location), {"name": "Overgenomen"}).status_code == 404
    location.refresh_from_db()
    assert location.name != "Overgenomen"


def test_edit_as_officer_keeps_the_reference(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a, ref="DEV-42", name="Oud")
    client.force_login(officer_a)
    html = client.get(url("location_update", location)).content.decode()
    assert 'name="status"' not in html  # the status page keeps to the lifecycle
    response = client.post(url("location_update", location), valid_data(municipality_a, name="Nieuw", ref=""))
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.name == "Nieuw" and location.ref == "DEV-42"
    assert location.address.postcode == "7411 AB"
    assert messages_of(response) == ["De wijzigingen zijn opgeslagen."]


def test_status_transition(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a, status=LocationStatus.PERMITTED)
    client.force_login(officer_a)
    page = client.get(url("location_status", location))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<option value="in_use">In gebruik</option>' in html and '<option value="initiative">' not in html
    response = client.post(
        url("location_status", location), {"to_status": "in_use", "on": "2025-05-01", "note": "Eerste bewoners"}
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.status == LocationStatus.IN_USE and location.status_since == datetime.date(2025, 5, 1)
    last = location.status_history.last()
    assert (last.from_status, last.to_status, last.note, last.recorded_by) == (
        "permitted",
        "in_use",
        "Eerste bewoners",
        officer_a,
    )


def test_status_transition_refused(client, officer_a, municipality_a, market_party_user):
    location = make_location(
        municipality=municipality_a, status=LocationStatus.IN_USE, status_since=datetime.date(2025, 1, 1)
    )
    client.force_login(officer_a)
    response = client.post(url("location_status", location), {"to_status": "permitted", "on": "2025-05-01"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in unescape(response.content.decode())
    response = client.post(url("location_status", location), {"to_status": "closed", "on": "2024-12-31"})
    assert response.status_code == 200
    assert "De datum ligt vóór de vorige statuswijziging" in unescape(response.content.decode())
    location.refresh_from_db()
    assert location.status == LocationStatus.IN_USE and location.status_history.count() == 1
    initiative = make_location(
        municipality=municipality_a, status=LocationStatus.INITIATIVE, registered_by=market_party_user.organisation
    )
    client.force_login(market_party_user)
    assert (
        client.post(url("location_status", initiative), {"to_status": "closed", "on": "2025-05-01"}).status_code == 403
    )


@pytest.fixture
def initiative(municipality_a, housing_provider):
    return make_location(
        name="Plan Oost", municipality=municipality_a, status=LocationStatus.INITIATIVE, registered_by=housing_provider
    )


def test_review_accept(client, officer_a, initiative):
    client.force_login(officer_a)
    assert client.get(url("location_review", initiative)).status_code == 200
    response = client.post(url("location_review", initiative), {"decision": "accepted", "note": ""})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.review == ReviewDecision.ACCEPTED and initiative.reviewed_by == officer_a
    assert initiative.status == LocationStatus.INITIATIVE


def test_review_decline_needs_a_note_and_closes(client, officer_a, initiative):
    client.force_login(officer_a)
    response = client.post(url("location_review", initiative), {"decision": "declined", "note": " "})
    assert response.status_code == 200
    assert "Geef bij een afwijzing een toelichting voor de indiener." in unescape(response.content.decode())
    initiative.refresh_from_db()
    assert initiative.review == ReviewDecision.PENDING
    response = client.post(
        url("location_review", initiative), {"decision": "declined", "note": "Past niet in het beleid"}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.review == ReviewDecision.DECLINED and initiative.review_note == "Past niet in het beleid"
    assert initiative.status == LocationStatus.CLOSED
    assert initiative.status_history.last().note == "Initiatief afgewezen"


def test_market_party_cannot_review_its_own_initiative(client, market_party_user, initiative):
    client.force_login(market_party_user)
    assert client.post(url("location_review", initiative), {"decision": "accepted"}).status_code == 403


def test_units_add_and_totals_follow(client, officer_a, municipality_a):
    location = make_location(municipality=municipality_a)
    client.force_login(officer_a)
    assert client.get(url("unit_create", location)).status_code == 200
    unit_a = {"name": "Unit A", "beds": "4", "floor_area_m2": "70", "bedrooms": "4", "bedroom_area_m2": "30"}
    assert client.post(url("unit_create", location), unit_a).status_code == 302
    unit_b = {"name": "Unit B", "beds": "5", "floor_area_m2": "80", "bedrooms": "5", "bedroom_area_m2": "40"}
    assert client.post(url("unit_create", location), unit_b).status_code == 302
    location.refresh_from_db()
    assert location.capacity_beds == 9 and location.floor_area_m2 == Decimal("150") and location.bedrooms == 9
    assert location.toilets is None  # unknown in the units, so unknown in total
    # The minimum norm reads area and bedrooms: 150 m² / 15 = 10 persons, 9 bedrooms = 9 persons.
    assert location.norm_verdict == "pass" and location.norm_capacity == 9
    # The totals are read-only on the location's form now, and typed values for them are ignored.
    form = client.get(url("location_update", location)).content.decode()
    assert 'name="floor_area_m2"' in form and "disabled" in form.split('name="floor_area_m2"', 1)[1].split(">", 1)[0]
    client.post(url("location_update", location), valid_data(municipality_a, floor_area_m2="999", capacity_beds="99"))
    location.refresh_from_db()
    assert location.floor_area_m2 == Decimal("150") and location.capacity_beds == 9
    # A unit's name is unique within the location.
    response = client.post(url("unit_create", location), {"name": "Unit A", "beds": "1"})
    assert response.status_code == 200 and "bestaat al" in unescape(response.content.decode())
    unit = Unit.objects.get(name="Unit B")
    response = client.post(url("unit_update", location, unit_pk=unit.pk), {**unit_b, "beds": "7"})
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.capacity_beds == 11
    delete = url("unit_delete", location, unit_pk=unit.pk)
    assert "Weet u zeker" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    location.refresh_from_db()
    assert location.capacity_beds == 4 and location.floor_area_m2 == Decimal("70")


def test_unit_of_another_location_is_404(client, officer_a, municipality_a):
    first = make_location(municipality=municipality_a)
    second = make_location(municipality=municipality_a)
    unit = Unit.objects.create(location=second, name="X", beds=1)
    client.force_login(officer_a)
    assert client.get(url("unit_update", first, unit_pk=unit.pk)).status_code == 404
    assert client.post(url("unit_delete", first, unit_pk=unit.pk)).status_code == 404
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_today_is_the_default_status_date(client, officer_a, municipality_a):
    client.force_login(officer_a)
    client.post(CREATE_URL, valid_data(municipality_a, status_since="", postcode="", house_number="", addition=""))
    location = Location.objects.get()
    assert location.status_since == timezone.localdate() and location.address is None
