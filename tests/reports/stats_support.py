"""Helpers of the dashboard and report-stats tests: a small Deventer with known reports.

Reports go through the real services (report_create / report_transition with a fixed `now`), so created_at,
due_on, handling_days and handled_late are what production stores; `bulk_handled` writes handled rows directly
for the property tests, which need many of them fast.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.factories import DistrictFactory, NeighbourhoodFactory
from tests.housing.factories import make_location
from zicht.reports import rules
from zicht.reports.choices import Category, ReportStatus
from zicht.reports.models import Report
from zicht.reports.placement import Placement
from zicht.reports.services import ReportInput, report_create, report_transition
from zicht.reports.stats import StatsFilter

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The period of the `town` fixture's figures, and the day its backlog is counted on.
Q1 = StatsFilter(date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 3, 31))
TODAY = datetime.date(2025, 4, 1)


def at(day: datetime.date | str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """An aware local datetime on `day` (a date or "YYYY-MM-DD")."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


@dataclass
class Town:
    municipality: object
    voorstad: object  # district
    rivierenwijk: object  # district
    voorstad_oost: object  # neighbourhood in Voorstad
    voorstad_west: object  # neighbourhood in Voorstad
    deltabuurt: object  # neighbourhood in Rivierenwijk


def build_town(municipality) -> Town:
    """Two districts and three neighbourhoods of Deventer (codes as CBS writes them)."""
    voorstad = DistrictFactory(municipality=municipality, code="WK015001", name="Voorstad")
    rivierenwijk = DistrictFactory(municipality=municipality, code="WK015002", name="Rivierenwijk")
    return Town(
        municipality=municipality,
        voorstad=voorstad,
        rivierenwijk=rivierenwijk,
        voorstad_oost=NeighbourhoodFactory(district=voorstad, code="BU01500101", name="Voorstad-Oost"),
        voorstad_west=NeighbourhoodFactory(district=voorstad, code="BU01500102", name="Voorstad-West"),
        deltabuurt=NeighbourhoodFactory(district=rivierenwijk, code="BU01500201", name="Deltabuurt"),
    )


def make_report(
    municipality,
    *,
    category: str = Category.WASTE,
    created: datetime.datetime,
    neighbourhood=None,
    location=None,
    handled: datetime.datetime | None = None,
    cancelled: datetime.datetime | None = None,
    in_progress: datetime.datetime | None = None,
    by=None,
    concerns_migrant_housing: bool | None = None,
    lat: str | None = "52.2550",
    lon: str | None = "6.1700",
) -> Report:
    """A report taken in at `created`, optionally taken in progress, handled or cancelled at the given times."""
    placement = Placement(
        municipality=municipality,
        neighbourhood=neighbourhood,
        location=location,
        lat=Decimal(lat) if lat else None,
        lon=Decimal(lon) if lon else None,
    )
    data = ReportInput(category=category, description="Afval naast de container bij de flat.", placement=placement)
    data.language = "nl"
    report, _code = report_create(data, now=created)
    if in_progress is not None:
        report = report_transition(report=report, to_status=ReportStatus.IN_PROGRESS, by=by, now=in_progress)
    if handled is not None:
        report = report_transition(report=report, to_status=ReportStatus.HANDLED, by=by, now=handled)
    if cancelled is not None:
        report = report_transition(
            report=report, to_status=ReportStatus.CANCELLED, by=by, reason="Dubbel gemeld.", now=cancelled
        )
    if concerns_migrant_housing is not None:
        Report.objects.filter(pk=report.pk).update(concerns_migrant_housing=concerns_migrant_housing)
        report.refresh_from_db()
    return report


def bulk_handled(municipality, rows: list[tuple[str, int]], *, created: datetime.datetime) -> None:
    """Handled reports with given (category, handling_days), written in one insert; handled_late after 5 days."""
    Report.objects.bulk_create(
        Report(
            tracking_digest=secrets.token_hex(32),
            category=category,
            description="Testmelding voor de afhandeltijd.",
            municipality=municipality,
            status=ReportStatus.HANDLED,
            department="waste",
            service_level_days=5,
            created_at=created,
            updated_at=created,
            due_on=rules.due_date(created.date(), 5),
            handled_at=created + datetime.timedelta(days=1),
            handling_days=days,
            handled_late=days > 5,
        )
        for category, days in rows
    )


@pytest.fixture(name="town")
def town_fixture(municipality_a, municipality_b, region, officer_a):
    """Deventer with ten reports whose dates, places and handling are known (see each comment)."""
    town = build_town(municipality_a)
    location = make_location(municipality=municipality_a)
    by = officer_a
    mk = make_report
    town.reports = {
        # Jan: handled after 2 working days, within the 5-day term.
        "r1": mk(municipality_a, created=at("2025-01-06"), neighbourhood=town.voorstad_oost, handled=at("2025-01-08"), by=by),
        # Jan: handled after 10 working days, late (due 27 January).
        "r2": mk(municipality_a, created=at("2025-01-20"), neighbourhood=town.voorstad_oost, handled=at("2025-02-03"), by=by),
        # Feb: noise, still open, due 17 February.
        "r3": mk(municipality_a, category=Category.NOISE, created=at("2025-02-10"), neighbourhood=town.voorstad_west),
        # Feb: overcrowding in progress, due 28 February, linked to a location and marked as migrant housing.
        "r4": mk(
            municipality_a, category=Category.OVERCROWDING, created=at("2025-02-14"), neighbourhood=town.deltabuurt,
            location=location, in_progress=at("2025-02-17"), by=by, concerns_migrant_housing=True,
        ),
        # Mar: overcrowding, open, due 8 April; assessed as not migrant housing.
        "r5": mk(
            municipality_a, category=Category.OVERCROWDING, created=at("2025-03-25"), neighbourhood=town.deltabuurt,
            concerns_migrant_housing=False,
        ),
        # Mar: no neighbourhood, no point, cancelled.
        "r6": mk(municipality_a, created=at("2025-03-03"), cancelled=at("2025-03-04"), by=by, lat=None, lon=None),
        # A year earlier: 31 January and 12 February 2024 (so February 2024 is fully covered by data).
        "r7": mk(municipality_a, created=at("2024-01-31"), neighbourhood=town.voorstad_oost, handled=at("2024-02-01"), by=by),
        "r10": mk(municipality_a, created=at("2024-02-12"), neighbourhood=town.voorstad_oost, handled=at("2024-02-13"), by=by),
        # 31 December 23:30 local time: before the period, but handled on 2 January (1 working day) inside it.
        "r8": mk(municipality_a, created=at("2024-12-31", 23, 30), neighbourhood=town.voorstad_oost, handled=at("2025-01-02"), by=by),
        # 1 January 00:15 local time (still 31 December in UTC): inside the period; parking, open, due 15 January.
        "r9": mk(municipality_a, category=Category.PARKING, created=at("2025-01-01", 0, 15), neighbourhood=town.voorstad_west),
    }  # fmt: skip
    # Zwolle's report never counts for Deventer.
    make_report(municipality_b, category=Category.NOISE, created=at("2025-02-01"))
    return town
