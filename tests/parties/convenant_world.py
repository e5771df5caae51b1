"""A small convenant world for the convenant, signal and API tests.

Rivierenland (Gelderland) with Tiel, Culemborg and Buren has a convenant; Deventer (Overijssel, West-Overijssel) is
outside it. One user per role and area, three market parties (one signed, one withdrew, one never signed), meetings
before and after today, and one signal in each status.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from tests.factories import MunicipalityFactory, OrganisationFactory, ProvinceFactory, RegionFactory, UserFactory
from zicht.core.roles import Role
from zicht.parties.choices import AgreementTopic, OrganisationKind, SignalStatus
from zicht.parties.models import (
    Convenant,
    ConvenantAgreement,
    ConvenantMeeting,
    ConvenantSignatory,
    Signal,
    SignalStatusChange,
)


def _user(username: str, role: str, **scope):
    defaults = {"scope_municipality": None}
    defaults.update(scope)
    return UserFactory(username=username, role=role, **defaults)


def _signal(world, subject: str, status: str, raised_on: datetime.date, **extra) -> Signal:
    values = {
        "convenant": world.convenant,
        "organisation": world.provider,
        "topic": AgreementTopic.REGISTRATION,
        "description": f"Beschrijving van {subject}",
        "raised_by_municipality": world.tiel,
        "raised_on": raised_on,
        "status": status,
    }
    values.update(extra)
    signal = Signal.objects.create(subject=subject, **values)
    SignalStatusChange.objects.create(signal=signal, from_status="", to_status=SignalStatus.OPEN)
    return signal


def make_world() -> SimpleNamespace:
    """Create the convenant world and return its parts by name."""
    today = timezone.localdate()
    w = SimpleNamespace(today=today)
    w.overijssel = ProvinceFactory(code="PV23", name="Overijssel")
    w.gelderland = ProvinceFactory(code="PV25", name="Gelderland")
    w.deventer = MunicipalityFactory(code="GM0150", name="Deventer", province=w.overijssel)
    w.tiel = MunicipalityFactory(code="GM0281", name="Tiel", province=w.gelderland)
    w.culemborg = MunicipalityFactory(code="GM0216", name="Culemborg", province=w.gelderland)
    w.buren = MunicipalityFactory(code="GM0214", name="Buren", province=w.gelderland)
    w.rivierenland = RegionFactory(name="Rivierenland", slug="rivierenland")
    w.rivierenland.municipalities.add(w.tiel, w.culemborg, w.buren)
    w.west_overijssel = RegionFactory(name="West-Overijssel", slug="west-overijssel")
    w.west_overijssel.municipalities.add(w.deventer)

    w.provider = OrganisationFactory(name="Betuwe Kortverblijf BV", kind=OrganisationKind.HOUSING_PROVIDER)
    w.agency = OrganisationFactory(name="Linge Personeelsdiensten BV", kind=OrganisationKind.EMPLOYMENT_AGENCY)
    w.unsigned = OrganisationFactory(name="Bommelerwaard Logies BV", kind=OrganisationKind.HOUSING_PROVIDER)

    w.convenant = Convenant.objects.create(
        region=w.rivierenland, title="Convenant Rivierenland", valid_from=datetime.date(2023, 6, 23)
    )
    ConvenantAgreement.objects.create(
        convenant=w.convenant,
        topic=AgreementTopic.RULE_80_10_10,
        text="Ten minste 80% werkt in de gemeente.",
        position=2,
    )
    ConvenantAgreement.objects.create(
        convenant=w.convenant, topic=AgreementTopic.REGISTRATION, text="Iedereen staat ingeschreven.", position=1
    )
    w.signed = ConvenantSignatory.objects.create(
        convenant=w.convenant, organisation=w.provider, signed_on=datetime.date(2023, 6, 23)
    )
    w.withdrawn = ConvenantSignatory.objects.create(
        convenant=w.convenant,
        organisation=w.agency,
        signed_on=datetime.date(2023, 6, 23),
        withdrawn_on=datetime.date(2025, 9, 30),
    )
    w.past_meeting = ConvenantMeeting.objects.create(
        convenant=w.convenant, date=today - datetime.timedelta(days=20), place="Culemborg"
    )
    w.next_meeting = ConvenantMeeting.objects.create(
        convenant=w.convenant, date=today + datetime.timedelta(days=22), place="Tiel"
    )
    w.later_meeting = ConvenantMeeting.objects.create(
        convenant=w.convenant, date=today + datetime.timedelta(days=64), place="Buren"
    )

    w.open_signal = _signal(w, "Bewoners niet ingeschreven", SignalStatus.OPEN, today - datetime.timedelta(days=5))
    w.older_open_signal = _signal(
        w,
        "Geen aanspreekpunt",
        SignalStatus.OPEN,
        today - datetime.timedelta(days=40),
        topic=AgreementTopic.MANAGEMENT,
        raised_by_municipality=w.culemborg,
        organisation=w.agency,
    )
    w.agenda_signal = _signal(
        w, "Op de agenda", SignalStatus.ON_AGENDA, today - datetime.timedelta(days=30), meeting=w.next_meeting
    )
    w.later_agenda_signal = _signal(
        w, "Later op de agenda", SignalStatus.ON_AGENDA, today - datetime.timedelta(days=31), meeting=w.later_meeting
    )
    w.discussed_signal = _signal(
        w,
        "Al besproken",
        SignalStatus.DISCUSSED,
        today - datetime.timedelta(days=60),
        meeting=w.past_meeting,
        outcome="Toezegging gedaan.",
    )
    w.closed_signal = _signal(w, "Afgehandeld signaal", SignalStatus.CLOSED, today - datetime.timedelta(days=90))

    w.tiel_officer = _user("tiel-beleid", Role.POLICY_OFFICER, scope_municipality=w.tiel)
    w.tiel_registrar = _user("tiel-adres", Role.REGISTRATION_OFFICER, scope_municipality=w.tiel)
    w.culemborg_officer = _user("culemborg-beleid", Role.POLICY_OFFICER, scope_municipality=w.culemborg)
    w.culemborg_inspector = _user("culemborg-toezicht", Role.INSPECTOR, scope_municipality=w.culemborg)
    w.deventer_officer = _user("deventer-beleid", Role.POLICY_OFFICER, scope_municipality=w.deventer)
    w.coordinator = _user("regio-rivierenland", Role.REGIONAL_COORDINATOR, scope_region=w.rivierenland)
    w.other_coordinator = _user("regio-west-overijssel", Role.REGIONAL_COORDINATOR, scope_region=w.west_overijssel)
    w.gelderland_director = _user("provincie-gelderland", Role.PROVINCE_DIRECTOR, scope_province=w.gelderland)
    w.overijssel_director = _user("provincie-overijssel", Role.PROVINCE_DIRECTOR, scope_province=w.overijssel)
    w.signed_party = _user("betuwe", Role.MARKET_PARTY, organisation=w.provider)
    w.unsigned_party = _user("bommelerwaard", Role.MARKET_PARTY, organisation=w.unsigned)
    w.administrator = _user("beheerder", Role.ADMINISTRATOR, is_staff=True)
    return w


# Who sees the convenant (and, for government staff, its signals).
CONVENANT_READERS = [
    "tiel_officer",
    "culemborg_inspector",
    "coordinator",
    "gelderland_director",
    "administrator",
    "signed_party",
]
CONVENANT_OUTSIDERS = ["deventer_officer", "other_coordinator", "overijssel_director", "unsigned_party"]
SIGNAL_READERS = ["tiel_officer", "culemborg_inspector", "coordinator", "gelderland_director", "administrator"]
SIGNAL_OUTSIDERS = ["deventer_officer", "other_coordinator", "overijssel_director", "signed_party", "unsigned_party"]
