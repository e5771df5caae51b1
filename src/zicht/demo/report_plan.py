"""The demo reports as a deterministic plan: a year of reports in Deventer up to the demo's anchor day.

Volumes follow the situation of Deventer's plan of approach (seed 003): most reports come from the four areas it
starts its neighbourhood plans in (Rivierenwijk, Voorstad, Zandweerd and het Oostrik), waste left beside the
containers (bijplaatsing) is the largest category, then noise, parking and overcrowding / room rental, with a few
reports of unsafe housing, exploitation and address fraud. Waste and noise peak in summer. Every draw comes from one
seeded generator and every date is counted from the anchor, never from today, so two runs give the same reports.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zicht.housing.choices import LocationForm, LocationStatus
from zicht.reports.bulk import BulkReport
from zicht.reports.choices import Category as C
from zicht.reports.choices import Channel, ReporterKind

from .population_plan import ANCHOR
from .report_course import Course, Texts

SEED = 20261123_05
DEVENTER_CODE = "GM0150"
REFERENCE_DAY = ANCHOR
DAYS = 365
START_DAY = REFERENCE_DAY - datetime.timedelta(days=DAYS)
COORDINATE = Decimal("0.000001")

# Reports a year per category: ~870 for a city of 100,000 with these problems.
ANNUAL = {
    C.WASTE: 360, C.NOISE: 170, C.PARKING: 120, C.OVERCROWDING: 100,
    C.UNSAFE_HOUSING: 45, C.EXPLOITATION: 14, C.ADDRESS_FRAUD: 22, C.OTHER: 40,
}  # fmt: skip
# Month factors (January first): waste and noise peak in summer, room rental with the seasonal work.
SEASON = {
    C.WASTE: (1.0, 0.85, 0.9, 1.0, 1.1, 1.2, 1.35, 1.3, 1.05, 0.95, 0.9, 1.1),
    C.NOISE: (0.7, 0.7, 0.8, 0.95, 1.15, 1.35, 1.5, 1.4, 1.1, 0.9, 0.8, 0.95),
    C.PARKING: (1.1, 1.05, 1.0, 1.0, 0.95, 0.9, 0.85, 0.85, 1.0, 1.05, 1.1, 1.1),
    C.OVERCROWDING: (0.8, 0.8, 0.95, 1.1, 1.2, 1.1, 1.05, 1.0, 1.05, 1.1, 1.1, 0.9),
}
WEEKDAY = (1.3, 1.05, 1.0, 1.0, 0.95, 0.8, 0.9)  # Monday first: the weekend's nuisance is reported on Monday
# Where reports come from; "" is Deventer outside the demo's neighbourhoods.
NEIGHBOURHOOD_WEIGHTS = {
    "BU01500601": 20, "BU01500602": 10,  # Rivierenwijk: Deltabuurt, De Venen
    "BU01500401": 14, "BU01500402": 11,  # Voorstad
    "BU01500201": 9, "BU01500202": 5,  # Zandweerd
    "BU01500801": 11,  # Het Oostrik
    "BU01500101": 5, "BU01500102": 2.5, "BU01500103": 2.5, "BU01500802": 2, "BU01501009": 2.5, "": 2,
}  # fmt: skip
BOOST = {
    C.PARKING: {"BU01501009": 4, "BU01500101": 2},
    C.WASTE: {"BU01500601": 1.2},
    C.OVERCROWDING: {"BU01500601": 1.3, "BU01500101": 0.5, "BU01501009": 0.2, "": 0.5},
    C.UNSAFE_HOUSING: {"BU01500101": 0.5, "": 0.5},
}
# Deventer outside the demo neighbourhoods: village and district centres (WGS84, approximate).
ELSEWHERE = ((52.2508, 6.2862, "Brink"), (52.2723, 6.1958, "Frieswijkerweg"), (52.2905, 6.1445, "Dorpsstraat"))
# Share of reports at a housing location (when one is in use there) and at an address.
AT_LOCATION = {C.OVERCROWDING: 0.5, C.UNSAFE_HOUSING: 0.55, C.EXPLOITATION: 0.6, C.ADDRESS_FRAUD: 0.3,
               C.NOISE: 0.15, C.WASTE: 0.1, C.OTHER: 0.05}  # fmt: skip
AT_ADDRESS = {C.OVERCROWDING: 1.0, C.UNSAFE_HOUSING: 1.0, C.EXPLOITATION: 0.8, C.ADDRESS_FRAUD: 1.0, C.NOISE: 0.4}
LANGUAGES_OF_MIGRANTS = (("nl", 2), ("en", 2.5), ("pl", 2), ("ro", 2), ("bg", 1.5))
REPORTERS = {
    C.WASTE: ((ReporterKind.RESIDENT, 70), (ReporterKind.INSPECTOR, 20), (ReporterKind.OWNERS_ASSOCIATION, 5),
              (ReporterKind.UNKNOWN, 5)),
    C.NOISE: ((ReporterKind.RESIDENT, 85), (ReporterKind.POLICE, 5), (ReporterKind.OWNERS_ASSOCIATION, 5),
              (ReporterKind.MIGRANT, 5)),
    C.PARKING: ((ReporterKind.RESIDENT, 85), (ReporterKind.INSPECTOR, 10), (ReporterKind.UNKNOWN, 5)),
    C.OVERCROWDING: ((ReporterKind.RESIDENT, 60), (ReporterKind.OWNERS_ASSOCIATION, 15),
                     (ReporterKind.INSPECTOR, 10), (ReporterKind.MIGRANT, 10), (ReporterKind.PARTNER, 5)),
    C.UNSAFE_HOUSING: ((ReporterKind.MIGRANT, 45), (ReporterKind.RESIDENT, 25), (ReporterKind.PARTNER, 15),
                       (ReporterKind.INSPECTOR, 15)),
    C.EXPLOITATION: ((ReporterKind.MIGRANT, 55), (ReporterKind.PARTNER, 20), (ReporterKind.POLICE, 15),
                     (ReporterKind.UNKNOWN, 10)),
    C.ADDRESS_FRAUD: ((ReporterKind.RESIDENT, 40), (ReporterKind.PARTNER, 30), (ReporterKind.INSPECTOR, 30)),
    C.OTHER: ((ReporterKind.RESIDENT, 90), (ReporterKind.UNKNOWN, 10)),
}  # fmt: skip
STAFF_REPORTERS = frozenset({ReporterKind.INSPECTOR, ReporterKind.POLICE})
# Who leaves contact details (the rest report anonymously).
WITH_CONTACT = {ReporterKind.RESIDENT: 0.22, ReporterKind.OWNERS_ASSOCIATION: 0.6, ReporterKind.PARTNER: 0.5,
                ReporterKind.MIGRANT: 0.05}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A point reports can be made at: an address, a housing location, or a spot near them."""

    lat: float
    lon: float
    street: str
    neighbourhood: Any = None
    address: Any = None
    location: Any = None


@dataclass
class Places:
    """The demo's Deventer points per neighbourhood code, and the housing location at each address."""

    municipality: Any
    by_neighbourhood: dict[str, list[Place]] = field(default_factory=dict)
    locations: dict[str, list[Any]] = field(default_factory=dict)  # neighbourhood code -> locations
    location_at: dict[int, Any] = field(default_factory=dict)  # address id -> location


def linkable(location, day: datetime.date) -> bool:
    """True when the location housed people on `day` (a report there is linked to it)."""
    since = location.in_use_since
    if since is None or since > day:
        return False
    if location.status == LocationStatus.CLOSED:
        return day < location.status_since
    return location.status == LocationStatus.IN_USE


def _poisson(rng: random.Random, mean: float) -> int:
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _weighted(rng: random.Random, pairs) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(COORDINATE)


class ReportPlanner:
    """Draws the year's reports; `build()` returns them in time order, ready for `reports_bulk_create`."""

    def __init__(self, places: Places, texts: Texts, users: dict[str, Any]):
        self.places, self.texts = places, texts
        self.rng = random.Random(SEED)
        self.course = Course(self.rng, texts, users, REFERENCE_DAY)
        self.users = users
        self.contacts = 0

    def build(self) -> list[BulkReport]:
        drafts = []
        for offset in range(DAYS):
            day = START_DAY + datetime.timedelta(days=offset)
            for category, annual in ANNUAL.items():
                season = SEASON.get(category, (1.0,) * 12)
                mean = annual / DAYS * season[day.month - 1] / (sum(season) / 12)
                mean *= WEEKDAY[day.weekday()] / (sum(WEEKDAY) / 7)
                drafts.extend(self._draft(category, day) for _ in range(_poisson(self.rng, mean)))
        drafts.sort(key=lambda item: item.created_at)
        for index, item in enumerate(drafts):
            self.course.plan(item, drafts[:index], index)
        return drafts

    def _draft(self, category: str, day: datetime.date) -> BulkReport:
        rng = self.rng
        place = self._place(category, day)
        kind = _weighted(rng, REPORTERS[category])
        if kind == ReporterKind.OWNERS_ASSOCIATION and place.neighbourhood is None:
            kind = ReporterKind.RESIDENT
        staff = kind in STAFF_REPORTERS or (kind == ReporterKind.RESIDENT and rng.random() < 0.1)
        if staff and day.weekday() >= 5:
            staff, kind = False, ReporterKind.RESIDENT if kind in STAFF_REPORTERS else kind
        language = self._language(category, kind)
        channel = Channel.STAFF if staff else self._channel(kind)
        contact = not staff and rng.random() < WITH_CONTACT.get(kind, 0) and category != C.EXPLOITATION
        if contact:
            self.contacts += 1
        return BulkReport(
            category=category,
            description=self.texts.description(rng, category, language, place.street),
            municipality=self.places.municipality,
            created_at=self._moment(category, day, staff),
            language=language,
            language_detected=channel in (Channel.WEB, Channel.API),
            reporter_kind=kind,
            channel=channel,
            anonymous=not contact,
            contact_name=f"Demo-melder {self.contacts}" if contact else "",
            contact_email=f"melder{self.contacts}@example.org" if contact else "",
            neighbourhood=place.neighbourhood,
            address=place.address,
            location=place.location,
            lat=_decimal(place.lat),
            lon=_decimal(place.lon),
            created_by=self.users.get("gemeente") if staff else None,
        )

    def _language(self, category: str, kind: str) -> str:
        rng = self.rng
        if kind == ReporterKind.MIGRANT:
            pairs = [pair for pair in LANGUAGES_OF_MIGRANTS if self.texts.has(category, pair[0])]
            return _weighted(rng, pairs)
        if kind == ReporterKind.RESIDENT and rng.random() < 0.04 and self.texts.has(category, "en"):
            return "en"
        return "nl"

    def _channel(self, kind: str) -> str:
        if kind == ReporterKind.MIGRANT:
            return Channel.PORTAL if self.rng.random() < 0.6 else Channel.WEB
        return Channel.API if self.rng.random() < 0.1 else Channel.WEB

    def _moment(self, category: str, day: datetime.date, staff: bool) -> datetime.datetime:
        rng = self.rng
        if staff:
            hour = rng.randint(8, 16)
        elif category == C.NOISE:
            hour = rng.choice((18, 19, 20, 21, 22, 22, 23, 23, 0, 0, 1, 2, 5, 6))
        else:
            hour = rng.choice((7, 8, 9, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22))
        moment = datetime.time(hour, rng.randint(0, 59), rng.randint(0, 59))
        return datetime.datetime.combine(day, moment, tzinfo=timezone.get_default_timezone())

    def _place(self, category: str, day: datetime.date) -> Place:
        rng = self.rng
        boost = BOOST.get(category, {})
        codes = [code for code in NEIGHBOURHOOD_WEIGHTS if code == "" or self.places.by_neighbourhood.get(code)]
        code = _weighted(rng, [(code, NEIGHBOURHOOD_WEIGHTS[code] * boost.get(code, 1)) for code in codes])
        if code == "":
            lat, lon, street = rng.choice(ELSEWHERE)
            return self._near(Place(lat, lon, street))
        candidates = [loc for loc in self.places.locations.get(code, []) if linkable(loc, day)]
        if candidates and rng.random() < AT_LOCATION.get(category, 0):
            weights = [4 if loc.form == LocationForm.REGULAR_DWELLING else 1 for loc in candidates]
            location = rng.choices(candidates, weights=weights)[0]
            address = location.address
            return Place(float(address.lat), float(address.lon), address.street, location.neighbourhood, address,
                         location)  # fmt: skip
        base = rng.choice(self.places.by_neighbourhood[code])
        if base.address is not None and rng.random() < AT_ADDRESS.get(category, 0):
            location = self.places.location_at.get(base.address.pk)
            # Intake links a report at a location's address to the location, as long as it is in use.
            location = location if location is not None and linkable(location, day) else None
            return Place(base.lat, base.lon, base.street, base.neighbourhood, base.address, location)
        return self._near(base)

    def _near(self, base: Place) -> Place:
        """A spot within about 120 m of `base` (a container, a parking place), without an address."""
        lat = base.lat + self.rng.uniform(-0.001, 0.001)
        lon = base.lon + self.rng.uniform(-0.0016, 0.0016)
        return Place(lat, lon, base.street, base.neighbourhood)
