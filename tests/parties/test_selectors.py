"""Parties selectors: who sees which organisation, and the expiry flag's boundaries."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import OrganisationFactory
from zicht.parties import selectors
from zicht.parties.models import Certification

DAY = datetime.date(2025, 6, 1)


def certificate(valid_from: datetime.date, valid_until: datetime.date) -> Certification:
    return Certification(scheme="snf", valid_from=valid_from, valid_until=valid_until)


@pytest.mark.parametrize(
    ("valid_until", "expected"),
    [
        (DAY - datetime.timedelta(days=1), selectors.STATUS_EXPIRED),
        (DAY, selectors.STATUS_EXPIRING),  # valid through today
        (DAY + datetime.timedelta(days=90), selectors.STATUS_EXPIRING),
        (DAY + datetime.timedelta(days=91), selectors.STATUS_VALID),
    ],
)
def test_expiry_boundaries(valid_until, expected):
    assert selectors.certification_status(certificate(datetime.date(2024, 1, 1), valid_until), DAY) == expected


def test_not_yet_valid():
    cert = certificate(DAY + datetime.timedelta(days=1), DAY + datetime.timedelta(days=400))
    assert selectors.certification_status(cert, DAY) == selectors.STATUS_NOT_YET_VALID


def test_visibility_by_role(housing_provider, market_party_user, officer_a, make_user):
    other = OrganisationFactory(name="Ander BV")
    assert set(selectors.organisation_list_visible_to(officer_a)) == {housing_provider, other}
    assert list(selectors.organisation_list_visible_to(market_party_user)) == [housing_provider]
    assert list(selectors.organisation_list_visible_to(None)) == []
    inactive = make_user(is_active=False, scope_municipality=officer_a.scope_municipality)
    assert list(selectors.organisation_list_visible_to(inactive)) == []
