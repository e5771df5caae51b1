"""Signals about parties: their course, their append-only history, who raises and handles them, and who sees them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.parties.convenant_world import SIGNAL_OUTSIDERS, SIGNAL_READERS, make_world
from zicht.core.models import AuditAction, AuditEvent
from zicht.parties import convenant_selectors, services, workflow
from zicht.parties.choices import AgreementTopic, SignalStatus
from zicht.parties.models import Convenant, ConvenantMeeting, Signal, SignalStatusChange

LIST_URL = reverse("parties:signal_list")
S = SignalStatus


@pytest.fixture
def world(db):
    return make_world()


def detail_url(signal) -> str:
    return reverse("parties:signal_detail", kwargs={"pk": signal.pk})


def subjects_in(response) -> list[str]:
    html = unescape(response.content.decode())
    return re.findall(r'<a href="/partijen/signalen/\d+/">([^<]+)</a>', html)


def raise_data(world, **changes) -> dict:
    data = {
        "organisation": world.provider,
        "topic": AgreementTopic.HOUSING_QUALITY,
        "subject": "Kamers te klein",
        "description": "Bij controle bleken de slaapkamers kleiner dan afgesproken.",
    }
    data.update(changes)
    return data


# The course of a signal (workflow.py)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (S.OPEN, S.ON_AGENDA),
        (S.OPEN, S.CLOSED),
        (S.ON_AGENDA, S.DISCUSSED),
        (S.DISCUSSED, S.CLOSED),
        (S.DISCUSSED, S.ON_AGENDA),
    ],
)
def test_allowed_transitions(current, wanted):
    assert workflow.COURSE.may_transition(current, wanted)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (S.OPEN, S.DISCUSSED),
        (S.OPEN, S.OPEN),
        (S.ON_AGENDA, S.CLOSED),
        (S.ON_AGENDA, S.OPEN),
        (S.DISCUSSED, S.OPEN),
        (S.CLOSED, S.OPEN),
        (S.CLOSED, S.ON_AGENDA),
    ],
)
def test_forbidden_transitions(current, wanted):
    assert not workflow.COURSE.may_transition(current, wanted)


def test_next_statuses_follow_the_course_and_closed_is_final():
    assert workflow.COURSE.next_statuses(S.OPEN) == [S.ON_AGENDA, S.CLOSED]
    assert workflow.COURSE.next_statuses(S.DISCUSSED) == [S.ON_AGENDA, S.CLOSED]
    # Moving to another meeting is a step of the table, so the status form offers it without a rule of its own.
    assert workflow.COURSE.next_statuses(S.ON_AGENDA) == [S.ON_AGENDA, S.DISCUSSED]
    assert workflow.COURSE.next_statuses(S.CLOSED) == []
    assert workflow.COURSE.is_final(S.CLOSED) and not workflow.COURSE.is_final(S.ON_AGENDA)


# Raising


def test_municipal_officer_raises_for_own_municipality(world):
    signal = services.signal_raise(convenant=world.convenant, by=world.tiel_officer, data=raise_data(world))
    assert signal.raised_by_municipality == world.tiel
    assert signal.raised_by == world.tiel_officer
    assert signal.status == S.OPEN
    assert signal.raised_on == world.today
    assert list(signal.history.values_list("from_status", "to_status")) == [("", S.OPEN)]
    event = AuditEvent.objects.get(object_type="parties.signal", object_id=str(signal.pk))
    assert event.action == AuditAction.CREATE
    assert event.municipality_id == world.tiel.pk
    assert event.actor == world.tiel_officer


def test_officer_cannot_raise_for_another_municipality(world):
    # The municipality a municipal user names is ignored: they always raise for their own.
    signal = services.signal_raise(
        convenant=world.convenant, by=world.tiel_registrar, data=raise_data(world), municipality=world.culemborg
    )
    assert signal.raised_by_municipality == world.tiel


def test_coordinator_names_a_member_municipality(world):
    with pytest.raises(ValidationError) as missing:
        services.signal_raise(convenant=world.convenant, by=world.coordinator, data=raise_data(world))
    assert "raised_by_municipality" in missing.value.message_dict
    with pytest.raises(ValidationError) as outside:
        services.signal_raise(
            convenant=world.convenant, by=world.coordinator, data=raise_data(world), municipality=world.deventer
        )
    assert "raised_by_municipality" in outside.value.message_dict
    signal = services.signal_raise(
        convenant=world.convenant, by=world.coordinator, data=raise_data(world), municipality=world.culemborg
    )
    assert signal.raised_by_municipality == world.culemborg


@pytest.mark.parametrize(
    "username",
    [
        "deventer_officer",
        "culemborg_inspector",
        "gelderland_director",
        "other_coordinator",
        "signed_party",
        "administrator",
    ],
)
def test_others_may_not_raise(world, username):
    with pytest.raises(PermissionDenied):
        services.signal_raise(
            convenant=world.convenant, by=getattr(world, username), data=raise_data(world), municipality=world.tiel
        )
    assert not Signal.objects.filter(subject="Kamers te klein").exists()


def test_raising_requires_subject_and_description(world):
    with pytest.raises(ValidationError) as error:
        services.signal_raise(
            convenant=world.convenant, by=world.tiel_officer, data=raise_data(world, subject="", description="")
        )
    assert {"subject", "description"} <= set(error.value.message_dict)


# Status changes


def test_full_course_appends_each_step_to_the_history(world):
    signal = world.open_signal
    services.signal_put_on_agenda(signal=signal, by=world.tiel_officer, meeting=world.next_meeting)
    services.signal_change_status(signal=signal, by=world.coordinator, status=S.DISCUSSED, outcome="Toegezegd.")
    services.signal_put_on_agenda(signal=signal, by=world.coordinator, meeting=world.later_meeting, note="Opnieuw")
    services.signal_change_status(signal=signal, by=world.coordinator, status=S.DISCUSSED, outcome="Opgelost.")
    services.signal_change_status(signal=signal, by=world.tiel_registrar, status=S.CLOSED, note="Klaar")
    signal.refresh_from_db()
    assert signal.status == S.CLOSED
    assert signal.outcome == "Opgelost."
    assert signal.meeting == world.later_meeting
    steps = list(signal.history.order_by("recorded_at", "pk").values_list("from_status", "to_status", "meeting"))
    assert steps == [
        ("", S.OPEN, None),
        (S.OPEN, S.ON_AGENDA, world.next_meeting.pk),
        (S.ON_AGENDA, S.DISCUSSED, world.next_meeting.pk),
        (S.DISCUSSED, S.ON_AGENDA, world.later_meeting.pk),
        (S.ON_AGENDA, S.DISCUSSED, world.later_meeting.pk),
        (S.DISCUSSED, S.CLOSED, None),
    ]
    assert signal.history.get(to_status=S.CLOSED).recorded_by == world.tiel_registrar
    assert AuditEvent.objects.filter(object_type="parties.signal", action=AuditAction.UPDATE).count() == 5


def test_open_signal_may_be_closed_straight_away(world):
    services.signal_change_status(signal=world.open_signal, by=world.tiel_officer, status=S.CLOSED, note="Vergissing")
    world.open_signal.refresh_from_db()
    assert world.open_signal.status == S.CLOSED
    assert world.open_signal.history.last().note == "Vergissing"


@pytest.mark.parametrize(
    ("signal_name", "status", "field"),
    [
        ("open_signal", S.DISCUSSED, "status"),
        ("agenda_signal", S.CLOSED, "status"),
        ("agenda_signal", S.OPEN, "status"),
        ("closed_signal", S.OPEN, "status"),
        ("closed_signal", S.ON_AGENDA, "status"),
        ("open_signal", S.ON_AGENDA, "meeting"),  # no meeting given
        ("agenda_signal", S.DISCUSSED, "outcome"),  # no outcome given
    ],
)
def test_invalid_changes_are_refused_and_leave_no_trace(world, signal_name, status, field):
    signal = getattr(world, signal_name)
    before = signal.history.count()
    with pytest.raises(ValidationError) as error:
        services.signal_change_status(signal=signal, by=world.coordinator, status=status, outcome="  ")
    assert field in error.value.message_dict
    signal.refresh_from_db()
    assert signal.history.count() == before
    assert signal.status == getattr(world, signal_name).status


def test_agenda_needs_a_meeting_of_the_same_convenant(world):
    other = Convenant.objects.create(region=world.west_overijssel, title="Ander convenant", valid_from=world.today)
    foreign_meeting = ConvenantMeeting.objects.create(convenant=other, date=world.today)
    with pytest.raises(ValidationError) as error:
        services.signal_put_on_agenda(signal=world.open_signal, by=world.coordinator, meeting=foreign_meeting)
    assert "meeting" in error.value.message_dict


def test_discussed_signal_goes_again_only_to_a_later_meeting(world):
    signal = world.discussed_signal  # discussed at past_meeting
    with pytest.raises(ValidationError):
        services.signal_put_on_agenda(signal=signal, by=world.coordinator, meeting=world.past_meeting)
    services.signal_put_on_agenda(signal=signal, by=world.coordinator, meeting=world.next_meeting)
    signal.refresh_from_db()
    assert (signal.status, signal.meeting) == (S.ON_AGENDA, world.next_meeting)


def test_signal_on_the_agenda_may_move_to_another_meeting(world):
    signal = world.agenda_signal
    services.signal_put_on_agenda(signal=signal, by=world.coordinator, meeting=world.later_meeting)
    signal.refresh_from_db()
    assert signal.meeting == world.later_meeting
    assert signal.history.last().to_status == S.ON_AGENDA
    with pytest.raises(ValidationError):  # the same meeting again is no change
        services.signal_put_on_agenda(signal=signal, by=world.coordinator, meeting=world.later_meeting)


@pytest.mark.parametrize("username", ["tiel_officer", "tiel_registrar", "coordinator"])
def test_raising_municipality_and_coordinator_handle_the_signal(world, username):
    services.signal_change_status(signal=world.open_signal, by=getattr(world, username), status=S.CLOSED)


@pytest.mark.parametrize(
    "username",
    [
        "culemborg_officer",
        "culemborg_inspector",
        "gelderland_director",
        "deventer_officer",
        "other_coordinator",
        "signed_party",
        "administrator",
    ],
)
def test_others_may_not_handle_the_signal(world, username):
    with pytest.raises(PermissionDenied):
        services.signal_change_status(signal=world.open_signal, by=getattr(world, username), status=S.CLOSED)
    world.open_signal.refresh_from_db()
    assert world.open_signal.status == S.OPEN


def test_history_is_append_only(world):
    change = world.open_signal.history.get()
    change.note = "gewijzigd"
    with pytest.raises(ValidationError):
        change.save()
    with pytest.raises(ValidationError):
        change.delete()
    assert SignalStatusChange.objects.get(pk=change.pk).note == ""


# Visibility


@pytest.mark.parametrize("username", SIGNAL_READERS)
def test_region_staff_see_the_signals(world, client, username):
    client.force_login(getattr(world, username))
    subjects = subjects_in(client.get(LIST_URL))
    assert {"Bewoners niet ingeschreven", "Al besproken", "Afgehandeld signaal"} <= set(subjects)
    assert client.get(detail_url(world.open_signal)).status_code == 200
    assert convenant_selectors.signal_list_visible_to(getattr(world, username)).count() == 6


@pytest.mark.parametrize("username", SIGNAL_OUTSIDERS)
def test_others_see_no_signal(world, client, username):
    user = getattr(world, username)
    client.force_login(user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert subjects_in(response) == []
    for signal in (world.open_signal, world.closed_signal):
        assert client.get(detail_url(signal)).status_code == 404
    assert not convenant_selectors.signal_list_visible_to(user).exists()


def test_market_party_sees_no_signal_even_about_itself(world, client):
    assert world.open_signal.organisation == world.provider
    client.force_login(world.signed_party)
    assert client.get(detail_url(world.open_signal)).status_code == 404
    assert not convenant_selectors.open_signals_about(world.provider, world.signed_party).exists()
    html = client.get(reverse("parties:organisation_detail", kwargs={"pk": world.provider.pk})).content.decode()
    assert "Bewoners niet ingeschreven" not in html
    assert "Open signalen" not in html


def test_province_director_reads_but_may_not_change(world, client):
    client.force_login(world.gelderland_director)
    response = client.get(detail_url(world.open_signal))
    assert "Status wijzigen" not in response.content.decode()
    assert client.post(detail_url(world.open_signal), {"status": S.CLOSED}).status_code == 403
    world.open_signal.refresh_from_db()
    assert world.open_signal.status == S.OPEN
