"""Demo data of the Rivierenland convenant: agreements, signatories, six-weekly meetings and signals; loads twice."""

from __future__ import annotations

import datetime
import itertools

import pytest

from zicht.core.models import AuditEvent
from zicht.demo.convenant import load_convenant
from zicht.demo.services import load_demo
from zicht.parties import convenant_selectors
from zicht.parties.choices import AgreementTopic, SignalStatus
from zicht.parties.models import Convenant, Organisation, Signal, SignalStatusChange
from zicht.parties.selectors import convenants_not_signed_by

pytestmark = pytest.mark.django_db

REFERENCE_DAY = datetime.date(2026, 11, 23)
SIGNED = {
    "Betuwe Kortverblijf BV",
    "Linge Personeelsdiensten BV",
    "Fruitteelt Linge-Oost BV",
    "Rivierenland Wonen en Werken BV",
    "Flexpool Betuwe BV",
    "Glastuinbouw Maasdriel BV",
}


@pytest.fixture
def convenant(demo):
    return Convenant.objects.get(region__name="Rivierenland")


def test_rivierenland_convenant_in_force_since_2023(convenant):
    assert convenant.valid_from == datetime.date(2023, 6, 23)
    assert convenant.in_force_on(REFERENCE_DAY)
    assert convenant.meeting_interval_weeks == 6


def test_the_seven_agreements(convenant):
    topics = list(convenant.agreements.order_by("position").values_list("topic", flat=True))
    assert topics == [
        AgreementTopic.REGISTRATION,
        AgreementTopic.HOUSING_QUALITY,
        AgreementTopic.MANAGEMENT,
        AgreementTopic.UNEMPLOYMENT_HOMELESSNESS,
        AgreementTopic.PLACES_VS_WORKERS,
        AgreementTopic.SELF_RELIANCE,
        AgreementTopic.RULE_80_10_10,
    ]
    rule = convenant.agreements.get(topic=AgreementTopic.RULE_80_10_10).text
    assert "80%" in rule and "10%" in rule


def test_signatories_one_withdrawn_and_bommelerwaard_unsigned(convenant):
    signatories = {s.organisation.name: s for s in convenant.signatories.select_related("organisation")}
    assert set(signatories) == SIGNED
    withdrawn = [name for name, s in signatories.items() if s.withdrawn_on is not None]
    assert withdrawn == ["Glastuinbouw Maasdriel BV"]
    assert not signatories["Glastuinbouw Maasdriel BV"].signed_on_day(REFERENCE_DAY)
    bommelerwaard = Organisation.objects.get(name="Bommelerwaard Logies BV")
    zaltbommel = bommelerwaard.municipality
    assert convenants_not_signed_by(bommelerwaard.pk, zaltbommel.pk, REFERENCE_DAY) == [convenant]
    betuwe = Organisation.objects.get(name="Betuwe Kortverblijf BV")
    assert convenants_not_signed_by(betuwe.pk, betuwe.municipality_id, REFERENCE_DAY) == []


def test_six_weekly_meetings_past_and_planned(convenant):
    dates = list(convenant.meetings.order_by("date").values_list("date", flat=True))
    assert all(later - earlier == datetime.timedelta(weeks=6) for earlier, later in itertools.pairwise(dates))
    assert 1 <= sum(day > REFERENCE_DAY for day in dates) <= 2
    assert sum(day < REFERENCE_DAY for day in dates) >= 2


def test_signals_in_each_state_with_their_history(convenant):
    signals = list(convenant.signals.all())
    assert 4 <= len(signals) <= 6
    statuses = [signal.status for signal in signals]
    assert statuses.count(SignalStatus.OPEN) >= 1
    assert statuses.count(SignalStatus.ON_AGENDA) == 1
    assert statuses.count(SignalStatus.DISCUSSED) == 1
    assert statuses.count(SignalStatus.CLOSED) == 1
    discussed = convenant.signals.get(status=SignalStatus.DISCUSSED)
    assert discussed.outcome and discussed.meeting.date < REFERENCE_DAY
    assert list(discussed.history.order_by("pk").values_list("to_status", flat=True)) == [
        SignalStatus.OPEN,
        SignalStatus.ON_AGENDA,
        SignalStatus.DISCUSSED,
    ]
    regional = set(convenant.region.municipalities.values_list("pk", flat=True))
    assert all(signal.raised_by_municipality_id in regional for signal in signals)
    assert convenant.signals.filter(raised_by_municipality__code="GM0281").exists()


def test_the_next_meeting_agenda_holds_the_signal_put_on_it(convenant):
    upcoming = convenant_selectors.next_meeting(convenant, REFERENCE_DAY)
    assert upcoming.planned and upcoming.date > REFERENCE_DAY
    agenda = list(convenant_selectors.agenda(convenant, upcoming.meeting))
    on_agenda = convenant.signals.get(status=SignalStatus.ON_AGENDA)
    assert on_agenda.meeting == upcoming.meeting and on_agenda in agenda
    assert {signal.status for signal in agenda} == {SignalStatus.OPEN, SignalStatus.ON_AGENDA}


def test_regional_coordinator_sees_the_signals_and_a_municipality_outside_does_not(convenant):
    from zicht.core.models import User

    assert convenant_selectors.signal_list_visible_to(User.objects.get(username="regio")).count() == 5
    assert not convenant_selectors.signal_list_visible_to(User.objects.get(username="gemeente")).exists()
    assert not convenant_selectors.convenant_list_visible_to(User.objects.get(username="gemeente")).exists()


def test_loading_twice_changes_nothing(convenant):
    counts = (Signal.objects.count(), SignalStatusChange.objects.count(), AuditEvent.objects.count())
    again = load_demo(population=False)
    load_convenant(again)
    assert not again.changed, again.lines()
    assert (Signal.objects.count(), SignalStatusChange.objects.count(), AuditEvent.objects.count()) == counts
