"""Small helpers of the neighbourhood tests: a Deventer district with two neighbourhoods and reports placed in them.

(tests/reports/factories.py is written alongside; these helpers only need report_create with a Placement.)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from zicht.geography.models import District, Neighbourhood
from zicht.reports.choices import Category
from zicht.reports.models import Report
from zicht.reports.placement import Placement
from zicht.reports.services import ReportInput, report_create

from ..factories import DistrictFactory, NeighbourhoodFactory

RIVIERENWIJK, DELTABUURT, HOVEN = "BU01500301", "BU01500302", "BU01930101"


@dataclass
class Hoods:
    district: District
    rivierenwijk: Neighbourhood
    deltabuurt: Neighbourhood
    hoven: Neighbourhood  # in Zwolle (municipality_b)


def make_hoods(deventer, zwolle) -> Hoods:
    district = DistrictFactory(municipality=deventer, code="WK015003", name="Rivierenwijk")
    zwolle_district = DistrictFactory(municipality=zwolle, code="WK019301", name="Centrum Zwolle")
    return Hoods(
        district=district,
        rivierenwijk=NeighbourhoodFactory(district=district, code=RIVIERENWIJK, name="Rivierenwijk-Noord"),
        deltabuurt=NeighbourhoodFactory(district=district, code=DELTABUURT, name="Deltabuurt"),
        hoven=NeighbourhoodFactory(district=zwolle_district, code=HOVEN, name="Binnenstad"),
    )


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """Noon of `day`, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def make_report(
    neighbourhood,
    *,
    category: str = Category.WASTE,
    on: datetime.date | None = None,
    location=None,
    description: str = "Vuilniszakken naast de container bij de portiekflat.",
) -> Report:
    """A report in the neighbourhood, made at noon on `on` (default today), through the reports service."""
    placement = Placement(municipality=neighbourhood.municipality, neighbourhood=neighbourhood, location=location)
    data = ReportInput(category=category, description=description, placement=placement, language="nl")
    report, _code = report_create(data, now=at(on) if on else None)
    return report
