"""Signal pages: the list with filters, paging and downloads, the create form, and the status form."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.geography.downloads import read_csv, read_xlsx
from tests.parties.convenant_world import make_world
from zicht.core.models import AuditAction, AuditEvent
from zicht.parties import services
from zicht.parties.choices import AgreementTopic, SignalStatus
from zicht.parties.models import Signal

LIST_URL = reverse("parties:signal_list")
CREATE_URL = reverse("parties:signal_create")
S = SignalStatus


@pytest.fixture
def world(db):
    return make_world()


def detail_url(signal) -> str:
    return reverse("parties:signal_detail", kwargs={"pk": signal.pk})


def subjects_in(response) -> list[str]:
    html = unescape(response.content.decode())
    return re.findall(r'<a href="/partijen/signalen/\d+/">([^<]+)</a>', html)


# The list page: filters, paging, downloads


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open_or_on_agenda", {"Bewoners niet ingeschreven", "Geen aanspreekpunt", "Op de agenda"}),
        ("status=discussed", {"Al besproken"}),
        ("topic=management", {"Geen aanspreekpunt"}),
        ("municipality=GM0216", {"Geen aanspreekpunt"}),
        ("q=aanspreek", {"Geen aanspreekpunt"}),
        ("q=Linge", {"Geen aanspreekpunt"}),
    ],
)
def test_list_filters(world, client, query, expected):
    client.force_login(world.tiel_officer)
    subjects = set(subjects_in(client.get(f"{LIST_URL}?{query}")))
    if query.startswith("status=open_or"):
        expected = expected | {"Later op de agenda"}
    assert subjects == expected


def test_filter_by_party_and_convenant(world, client):
    client.force_login(world.coordinator)
    subjects = subjects_in(client.get(f"{LIST_URL}?organisation={world.agency.pk}&convenant={world.convenant.pk}"))
    assert subjects == ["Geen aanspreekpunt"]


def test_filter_choices_do_not_reveal_other_regions(world, client):
    client.force_login(world.deventer_officer)
    html = client.get(LIST_URL).content.decode()
    assert "Convenant Rivierenland" not in html
    assert "Betuwe Kortverblijf BV" not in html
    # A filter value for something outside the user's view is not accepted.
    assert subjects_in(client.get(f"{LIST_URL}?convenant={world.convenant.pk}")) == []


def test_list_pages_by_25(world, client):
    for number in range(25):
        services.signal_raise(
            convenant=world.convenant,
            by=world.tiel_officer,
            data={
                "organisation": world.provider,
                "topic": AgreementTopic.HOUSING_QUALITY,
                "subject": f"Extra {number:02d}",
                "description": "Kamers te klein.",
            },
        )
    client.force_login(world.tiel_officer)
    first, second = client.get(LIST_URL), client.get(f"{LIST_URL}?page=2")
    assert len(subjects_in(first)) == 25
    assert len(subjects_in(second)) == 6
    assert "31 signalen gevonden" in first.content.decode()


def test_csv_and_xlsx_downloads_hold_the_filtered_rows_and_are_audited(world, client):
    client.force_login(world.coordinator)
    header, *rows = read_csv(client.get(f"{LIST_URL}?export=csv&status=discussed"))
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert [record["Onderwerp"] for record in records] == ["Al besproken"]
    assert records[0]["Uitkomst"] == "Toezegging gedaan."
    assert records[0]["Gemeld door gemeente"] == "Tiel"
    sheet = read_xlsx(client.get(f"{LIST_URL}?export=xlsx"))
    assert sheet[0][0] == "Gemeld op"
    assert len(sheet) == 1 + 6
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="parties.signal")
    assert events.count() == 2
    assert "status=discussed" in events.order_by("pk").first().detail


def test_list_query_count_does_not_grow_with_rows(world, client, django_assert_max_num_queries):
    client.force_login(world.tiel_officer)
    with django_assert_max_num_queries(14):
        client.get(LIST_URL)


# The create page


def test_officer_creates_a_signal_on_the_page(world, client):
    client.force_login(world.tiel_officer)
    form = client.get(CREATE_URL).content.decode()
    assert 'name="raised_by_municipality"' not in form  # they raise for their own municipality
    response = client.post(
        CREATE_URL,
        {
            "convenant": world.convenant.pk,
            "organisation": world.unsigned.pk,
            "topic": AgreementTopic.RULE_80_10_10,
            "subject": "Bewoners werken buiten de regio",
            "description": "De meeste bewoners werken in Utrecht.",
            "raised_on": world.today.isoformat(),
        },
    )
    signal = Signal.objects.get(subject="Bewoners werken buiten de regio")
    assert response.status_code == 302
    assert response["Location"] == detail_url(signal)
    assert (signal.raised_by_municipality, signal.organisation, signal.status) == (world.tiel, world.unsigned, S.OPEN)


def test_invalid_form_keeps_input_and_says_why_in_dutch(world, client):
    client.force_login(world.tiel_officer)
    future = world.today.replace(year=world.today.year + 1)
    response = client.post(
        CREATE_URL,
        {"convenant": world.convenant.pk, "subject": "Mijn onderwerp blijft staan", "raised_on": future.isoformat()},
    )
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert 'value="Mijn onderwerp blijft staan"' in html
    assert "Betreft partij: Dit veld is vereist." in html
    assert "De datum van melding ligt in de toekomst." in html
    assert "Controleer de invoer" in html
    assert not Signal.objects.filter(subject="Mijn onderwerp blijft staan").exists()


def test_coordinator_chooses_a_municipality_of_the_region(world, client):
    client.force_login(world.coordinator)
    html = client.get(CREATE_URL).content.decode()
    assert 'value="GM0216"' in html and 'value="GM0150"' not in html
    data = {
        "convenant": world.convenant.pk,
        "raised_by_municipality": "GM0214",
        "organisation": world.provider.pk,
        "topic": AgreementTopic.SELF_RELIANCE,
        "subject": "Geen informatie in eigen taal",
        "description": "Alleen Nederlandstalige folders.",
        "raised_on": world.today.isoformat(),
    }
    assert client.post(CREATE_URL, data).status_code == 302
    assert Signal.objects.get(subject="Geen informatie in eigen taal").raised_by_municipality == world.buren


@pytest.mark.parametrize("username", ["culemborg_inspector", "gelderland_director", "signed_party", "administrator"])
def test_create_page_is_forbidden_to_readers(world, client, username):
    client.force_login(getattr(world, username))
    assert client.get(CREATE_URL).status_code == 403


# The status form on the detail page


def test_status_form_puts_a_signal_on_the_agenda(world, client):
    client.force_login(world.tiel_officer)
    page = client.get(detail_url(world.open_signal)).content.decode()
    assert "Status wijzigen" in page and "Gemeld" in page
    response = client.post(
        detail_url(world.open_signal), {"status": S.ON_AGENDA, "meeting": world.next_meeting.pk, "note": "Graag"}
    )
    assert response.status_code == 302
    world.open_signal.refresh_from_db()
    assert (world.open_signal.status, world.open_signal.meeting) == (S.ON_AGENDA, world.next_meeting)
    html = client.get(detail_url(world.open_signal)).content.decode()
    assert "Graag" in html and "Geagendeerd" in html


def test_status_form_shows_the_service_error_at_the_field(world, client):
    client.force_login(world.coordinator)
    response = client.post(detail_url(world.agenda_signal), {"status": S.DISCUSSED, "outcome": ""})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Leg vast wat het overleg over het signaal heeft besloten." in html
    world.agenda_signal.refresh_from_db()
    assert world.agenda_signal.status == S.ON_AGENDA


def test_status_form_offers_only_allowed_statuses(world, client):
    client.force_login(world.coordinator)
    html = client.get(detail_url(world.open_signal)).content.decode()
    options = re.findall(r'<option value="(\w+)"', html.split('name="status"')[1].split("</select>")[0])
    assert options == [S.ON_AGENDA, S.CLOSED]
    assert "Status wijzigen" not in client.get(detail_url(world.closed_signal)).content.decode()
