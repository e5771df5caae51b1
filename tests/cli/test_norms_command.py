"""`zicht norms refresh [--date]`: stored verdicts follow the norm version in force on the date."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.housing.factories import make_location
from zicht.housing.choices import CertificateScheme, NormVerdict
from zicht.housing.models import Location

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("norms", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def akf_location(municipality_a):
    # 130 m² for 10 persons: enough at AKF's 13 m² per person, not at 15 m² (from 1 January 2026).
    return make_location(
        municipality=municipality_a,
        floor_area_m2=Decimal("130.0"),
        bedrooms=5,
        capacity_beds=10,
        certificate_scheme=CertificateScheme.AKF,
        certificate_number="AKF-DEMO-1",
        certificate_valid_until=datetime.date(2027, 12, 31),
    )


def stored(location: Location) -> tuple:
    location.refresh_from_db()
    return location.norm_verdict, location.norm_capacity, location.norm_evaluated_on


def test_refresh_on_new_years_day_applies_the_new_akf_version(akf_location, municipality_b):
    make_location(municipality=municipality_b, floor_area_m2=Decimal("20.0"), bedrooms=1, capacity_beds=1)
    out = run("refresh", "--date", "2025-12-31")
    assert "2 locations re-evaluated as on 2025-12-31" in out
    assert stored(akf_location) == (NormVerdict.PASS, 10, datetime.date(2025, 12, 31))

    out = run("refresh", "--date", "2026-01-01")
    assert "2 locations re-evaluated as on 2026-01-01; 1 changed (pass 1, fail 1, unknown 0)." in out
    assert stored(akf_location) == (NormVerdict.FAIL, 8, datetime.date(2026, 1, 1))


def test_refresh_defaults_to_today_and_reports_nothing_changed_on_a_rerun(akf_location):
    out = run("refresh")
    assert f"1 locations re-evaluated as on {timezone.localdate().isoformat()}" in out
    assert "; 0 changed" in run("refresh")
    assert stored(akf_location)[2] == timezone.localdate()


def test_refresh_with_no_locations():
    assert run("refresh").startswith("0 locations re-evaluated")


@pytest.mark.parametrize("args", [(), ("refresh", "--date", "1-1-2026"), ("recompute",)])
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        run(*args)
