"""Convenant pages: who sees which convenant, its agreements, signatories and meetings, and the next meeting's agenda."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.parties.convenant_world import CONVENANT_OUTSIDERS, CONVENANT_READERS, make_world
from zicht.core.models import AuditAction, AuditEvent
from zicht.parties import convenant_selectors, services
from zicht.parties.choices import SignalStatus
from zicht.parties.models import Convenant, ConvenantMeeting

LIST_URL = reverse("parties:convenant_list")


@pytest.fixture
def world(db):
    return make_world()


def detail_url(convenant) -> str:
    return reverse("parties:convenant_detail", kwargs={"pk": convenant.pk})


def agenda_url(convenant) -> str:
    return reverse("parties:convenant_agenda", kwargs={"pk": convenant.pk})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_paths_are_the_contract():
    assert LIST_URL == "/partijen/convenanten/"
    assert reverse("parties:convenant_detail", kwargs={"pk": 3}) == "/partijen/convenanten/3/"
    assert reverse("parties:convenant_agenda", kwargs={"pk": 3}) == "/partijen/convenanten/3/agenda/"
    assert reverse("parties:signal_list") == "/partijen/signalen/"
    assert reverse("parties:signal_create") == "/partijen/signalen/nieuw/"
    assert reverse("parties:signal_detail", kwargs={"pk": 3}) == "/partijen/signalen/3/"


# Visibility


@pytest.mark.parametrize("username", CONVENANT_READERS)
def test_readers_see_the_convenant(world, client, username):
    client.force_login(getattr(world, username))
    assert "Convenant Rivierenland" in client.get(LIST_URL).content.decode()
    assert client.get(detail_url(world.convenant)).status_code == 200


@pytest.mark.parametrize("username", CONVENANT_OUTSIDERS)
def test_outsiders_do_not_see_the_convenant(world, client, username):
    client.force_login(getattr(world, username))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Convenant Rivierenland" not in response.content.decode()
    assert client.get(detail_url(world.convenant)).status_code == 404
    assert client.get(agenda_url(world.convenant)).status_code == 404


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_market_party_that_withdrew_still_sees_what_it_signed(world, client):
    from tests.factories import UserFactory
    from zicht.core.roles import Role

    agency_user = UserFactory(
        username="linge", role=Role.MARKET_PARTY, organisation=world.agency, scope_municipality=None
    )
    assert list(convenant_selectors.convenant_list_visible_to(agency_user)) == [world.convenant]


# The list


def test_list_counts_active_signatories_and_open_signals(world, client):
    client.force_login(world.tiel_officer)
    text = text_of(client.get(LIST_URL))
    # Two signatories, one withdrawn: one counts; open and on-agenda signals: four.
    assert "Convenant Rivierenland Rivierenland 23-06-2023 \N{EN DASH} 1 4" in text
    row = convenant_selectors.convenant_list_visible_to(world.tiel_officer).get()
    assert (row.signatory_count, row.open_signal_count) == (1, 4)


def test_list_for_a_market_party_has_no_signal_column(world, client):
    client.force_login(world.signed_party)
    html = client.get(LIST_URL).content.decode()
    assert "Convenant Rivierenland" in html
    assert "Open signalen" not in html
    assert reverse("parties:signal_list") not in html


# The detail page


def test_detail_shows_agreements_by_topic_signatories_and_meetings(world, client):
    client.force_login(world.coordinator)
    response = client.get(detail_url(world.convenant))
    html, text = response.content.decode(), text_of(response)
    # Topics in the order of AgreementTopic, whatever the agreements' positions.
    assert text.index("Registratie in de BRP") < text.index("80-10-10-regel")
    assert "Ten minste 80% werkt in de gemeente." in text
    assert reverse("parties:organisation_detail", kwargs={"pk": world.provider.pk}) in html
    assert "Linge Personeelsdiensten BV Uitzendbureau 23-06-2023 30-09-2025 Teruggetrokken" in text
    assert "Betuwe Kortverblijf BV Huisvester 23-06-2023 \N{EN DASH} Ondertekend" in text
    assert "Bommelerwaard Logies BV" not in text
    for meeting in (world.past_meeting, world.next_meeting, world.later_meeting):
        assert meeting.date.strftime("%d-%m-%Y") in text
    assert "Open signalen 4" in text
    assert agenda_url(world.convenant) in html


def test_detail_for_a_market_party_shows_no_signals(world, client):
    client.force_login(world.signed_party)
    html = client.get(detail_url(world.convenant)).content.decode()
    assert "Ondertekenaars" in html and "Overleggen" in html
    assert "signalen" not in html.lower().split("<main")[1].split("</main>")[0]
    assert agenda_url(world.convenant) not in html


# The agenda


def test_agenda_lists_open_signals_and_those_for_the_next_meeting_oldest_first(world, client):
    client.force_login(world.culemborg_inspector)
    response = client.get(agenda_url(world.convenant))
    text = text_of(response)
    assert world.next_meeting.date.strftime("%-d") in text
    subjects = re.findall(r'<h3><a href="/partijen/signalen/\d+/">([^<]+)</a></h3>', response.content.decode())
    assert subjects == ["Geen aanspreekpunt", "Op de agenda", "Bewoners niet ingeschreven"]
    assert 'href="/static/zicht/css/convenant.css"' in response.content.decode()
    assert "Nog niet gepland" not in text


def test_agenda_is_not_for_market_parties(world, client):
    client.force_login(world.signed_party)
    assert client.get(agenda_url(world.convenant)).status_code == 404


def test_print_stylesheet_hides_the_page_chrome():
    from django.contrib.staticfiles import finders

    with open(finders.find("zicht/css/convenant.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    print_rules = css[css.index("@media print") :]
    for selector in (".site-header", ".site-footer", "nav.breadcrumbs", ".agenda__screen-only"):
        assert selector in print_rules
    assert "break-inside: avoid" in print_rules


def test_agenda_with_no_planned_meeting_shows_the_computed_date_and_lets_the_coordinator_plan_it(world, client):
    ConvenantMeeting.objects.filter(pk=world.next_meeting.pk).update(date=world.today - datetime.timedelta(days=400))
    ConvenantMeeting.objects.filter(pk=world.later_meeting.pk).update(date=world.today - datetime.timedelta(days=450))
    expected = world.past_meeting.date + datetime.timedelta(weeks=6)
    client.force_login(world.coordinator)
    text = text_of(client.get(agenda_url(world.convenant)))
    assert "Nog niet gepland" in text
    assert f"Overleg plannen op {expected.day}" in text
    response = client.post(reverse("parties:convenant_meeting_schedule", kwargs={"pk": world.convenant.pk}))
    assert response.status_code == 302
    assert world.convenant.meetings.filter(date=expected).exists()
    assert "Nog niet gepland" not in text_of(client.get(agenda_url(world.convenant)))


def test_only_the_coordinator_plans_meetings_on_the_page(world, client):
    client.force_login(world.tiel_officer)
    url = reverse("parties:convenant_meeting_schedule", kwargs={"pk": world.convenant.pk})
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405


# Selectors: next meeting and agenda


def test_next_meeting_is_the_next_planned_one(world):
    upcoming = convenant_selectors.next_meeting(world.convenant, world.today)
    assert upcoming.planned and upcoming.meeting == world.next_meeting
    on_the_day = convenant_selectors.next_meeting(world.convenant, world.next_meeting.date)
    assert on_the_day.meeting == world.next_meeting


def test_next_meeting_computed_from_the_last_one_when_none_is_planned(world):
    after_all = world.later_meeting.date + datetime.timedelta(days=1)
    upcoming = convenant_selectors.next_meeting(world.convenant, after_all)
    assert not upcoming.planned and upcoming.meeting is None
    assert upcoming.date == world.later_meeting.date + datetime.timedelta(weeks=6)
    # Long after the last meeting the interval is stepped on to the first date on or after today.
    far = world.later_meeting.date + datetime.timedelta(weeks=13)
    assert convenant_selectors.next_meeting(world.convenant, far).date == world.later_meeting.date + datetime.timedelta(
        weeks=18
    )


def test_next_meeting_of_a_convenant_without_meetings_counts_from_its_start(world):
    convenant = Convenant.objects.create(
        region=world.west_overijssel, title="Nieuw", valid_from=datetime.date(2026, 1, 5), meeting_interval_weeks=4
    )
    assert convenant_selectors.next_meeting(convenant, datetime.date(2026, 1, 6)).date == datetime.date(2026, 2, 2)


def test_no_next_meeting_after_the_convenant_ended(world):
    convenant = Convenant.objects.create(
        region=world.west_overijssel,
        title="Afgelopen",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    assert convenant_selectors.next_meeting(convenant, datetime.date(2026, 1, 1)) is None


def test_agenda_selector_is_scoped_and_ordered(world):
    agenda = list(convenant_selectors.agenda(world.convenant, world.next_meeting))
    assert agenda == [world.older_open_signal, world.agenda_signal, world.open_signal]
    later = convenant_selectors.agenda(world.convenant, world.later_meeting)
    assert world.later_agenda_signal in later and world.agenda_signal not in later
    assert set(convenant_selectors.agenda(world.convenant, None)) == {world.open_signal, world.older_open_signal}
    assert not convenant_selectors.agenda(world.convenant, world.next_meeting, world.signed_party).exists()
    assert convenant_selectors.agenda(world.convenant, world.next_meeting, world.tiel_officer).count() == 3
    assert all(s.status in (SignalStatus.OPEN, SignalStatus.ON_AGENDA) for s in agenda)


# Services: meetings and signatories


def test_meeting_schedule_takes_the_interval_after_the_last_meeting(world):
    meeting = services.meeting_schedule(convenant=world.convenant, by=world.coordinator, place="Tiel")
    assert meeting.date == world.later_meeting.date + datetime.timedelta(weeks=6)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="parties.convenantmeeting").count() == 1
    with pytest.raises(ValidationError):
        services.meeting_schedule(convenant=world.convenant, by=world.coordinator, date=meeting.date)


@pytest.mark.parametrize("username", ["tiel_officer", "gelderland_director", "other_coordinator", "signed_party"])
def test_meeting_schedule_is_for_coordinator_and_administrator(world, username):
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(convenant=world.convenant, by=getattr(world, username))
    services.meeting_schedule(convenant=world.convenant, by=world.administrator)


def test_signatory_add_withdraw_and_sign_again(world):
    signatory = services.signatory_add(
        convenant=world.convenant, by=world.coordinator, organisation=world.unsigned, signed_on=world.today
    )
    assert signatory.signed_on_day(world.today)
    with pytest.raises(ValidationError):
        services.signatory_add(
            convenant=world.convenant, by=world.coordinator, organisation=world.unsigned, signed_on=world.today
        )
    with pytest.raises(ValidationError):
        services.signatory_withdraw(
            signatory=signatory, by=world.coordinator, on=world.today - datetime.timedelta(days=1)
        )
    services.signatory_withdraw(signatory=signatory, by=world.coordinator, on=world.today)
    assert not signatory.signed_on_day(world.today)
    with pytest.raises(ValidationError):
        services.signatory_withdraw(signatory=signatory, by=world.coordinator)
    again = services.signatory_add(
        convenant=world.convenant,
        by=world.administrator,
        organisation=world.agency,
        signed_on=world.today,
    )
    assert again.pk == world.withdrawn.pk and again.withdrawn_on is None
    assert AuditEvent.objects.filter(object_type="parties.convenantsignatory").count() == 3


@pytest.mark.parametrize("username", ["tiel_officer", "signed_party", "gelderland_director"])
def test_signatories_are_kept_by_coordinator_and_administrator(world, username):
    with pytest.raises(PermissionDenied):
        services.signatory_add(
            convenant=world.convenant, by=getattr(world, username), organisation=world.unsigned, signed_on=world.today
        )
    with pytest.raises(PermissionDenied):
        services.signatory_withdraw(signatory=world.signed, by=getattr(world, username))


# The organisation page


def test_organisation_page_shows_signed_convenants_and_open_signals_to_staff(world, client):
    client.force_login(world.tiel_officer)
    text = text_of(client.get(reverse("parties:organisation_detail", kwargs={"pk": world.provider.pk})))
    assert "Convenant Rivierenland Rivierenland 23-06-2023" in text
    assert "Bewoners niet ingeschreven" in text and "Op de agenda" in text
    assert "Al besproken" not in text and "Afgehandeld signaal" not in text


def test_organisation_page_of_an_unsigned_party(world, client):
    client.force_login(world.coordinator)
    text = text_of(client.get(reverse("parties:organisation_detail", kwargs={"pk": world.unsigned.pk})))
    assert "geen convenant ondertekend" in text
    assert "Over deze organisatie staan geen signalen open." in text


def test_market_party_sees_its_convenants_on_its_own_page(world, client):
    client.force_login(world.signed_party)
    text = text_of(client.get(reverse("parties:organisation_detail", kwargs={"pk": world.provider.pk})))
    assert "Convenant Rivierenland" in text
    assert "Bewoners niet ingeschreven" not in text


# Admin


def test_admin_shows_convenant_with_inlines_and_signals_read_only(world, client):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get(reverse("admin:parties_convenant_changelist")).status_code == 200
    html = client.get(reverse("admin:parties_convenant_change", args=[world.convenant.pk])).content.decode()
    assert "Ten minste 80% werkt in de gemeente." in html
    assert "signatories-TOTAL_FORMS" in html and "meetings-TOTAL_FORMS" in html
    assert client.get(reverse("admin:parties_signal_changelist")).status_code == 200
    html = client.get(reverse("admin:parties_signal_change", args=[world.discussed_signal.pk])).content.decode()
    assert "Toezegging gedaan." in html
    assert client.get(reverse("admin:parties_signal_add")).status_code == 403


def test_the_admin_cannot_move_a_signal_along_its_course(world, client):
    # Status, meeting and outcome change on the signal page only, through the service and its history.
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    signal = world.discussed_signal
    before = (signal.status, signal.history.count())
    url = reverse("admin:parties_signal_change", args=[signal.pk])
    response = client.post(
        url, {"subject": signal.subject, "description": signal.description, "topic": signal.topic, "status": "closed"}
    )
    assert response.status_code in (200, 302)
    signal.refresh_from_db()
    assert (signal.status, signal.history.count()) == before
