"""Shared set-up of the block registration tests: a certified agency and its user, an uncertified one, an employer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from zicht.core.roles import Role
from zicht.occupancy import block_services
from zicht.parties.choices import CertificationScheme, OrganisationKind
from zicht.parties.models import Organisation

from ..factories import CertificationFactory, OrganisationFactory


@dataclass
class Parties:
    agency: Organisation
    agency_user: Any
    other_agency: Organisation
    other_agency_user: Any
    employer_user: Any
    inspector_a: Any
    tiel_officer: Any


@pytest.fixture(name="parties")
def parties_fixture(make_user, municipality_a, municipality_elsewhere) -> Parties:
    agency = OrganisationFactory(name="Flex Uitzend BV", kind=OrganisationKind.EMPLOYMENT_AGENCY)
    CertificationFactory(organisation=agency, scheme=CertificationScheme.NEN_4400_1)
    other = OrganisationFactory(name="Ongecertificeerd BV", kind=OrganisationKind.EMPLOYMENT_AGENCY)
    employer = OrganisationFactory(name="Distributie BV", kind=OrganisationKind.EMPLOYER)
    return Parties(
        agency=agency,
        agency_user=make_user(Role.MARKET_PARTY, organisation=agency, username="agency"),
        other_agency=other,
        other_agency_user=make_user(Role.MARKET_PARTY, organisation=other, username="other_agency"),
        employer_user=make_user(Role.MARKET_PARTY, organisation=employer, username="employer"),
        inspector_a=make_user(Role.INSPECTOR, scope_municipality=municipality_a, username="inspector_a"),
        tiel_officer=make_user(Role.POLICY_OFFICER, scope_municipality=municipality_elsewhere, username="tiel"),
    )


def in_days(days: int, hour: int = 19) -> datetime.datetime:
    """A moment `days` from now at `hour` o'clock local time (sessions are often in the evening)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def request_data(municipality, **changes) -> dict:
    today = timezone.localdate()
    data = {
        "municipality": municipality,
        "group_size": 25,
        "place": "Stadhuis Deventer",
        "proposed_dates": [today + datetime.timedelta(days=14), today + datetime.timedelta(days=7)],
    }
    data.update(changes)
    return data


def make_request(parties: Parties, municipality, **changes):
    return block_services.block_request(by=parties.agency_user, data=request_data(municipality, **changes))


def held(block, days_ago: int = 1):
    """Pretend the planned session has taken place (planning requires a future moment)."""
    type(block).objects.filter(pk=block.pk).update(planned_at=in_days(-days_ago))
    block.refresh_from_db()
    return block
