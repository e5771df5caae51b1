"""The demo population as a pure, deterministic plan: who stays where, when, works where and is registered how.

Figures follow the published ones: Overijssel about 22,700 labour migrants living on the anchor day, 11,708 of them
BRP-registered, each municipality's share working in its residence municipality from table 1 (Decisio 2021); in
Rivierenland locations that keep 80-10-10 and some that do not. Everything is dated relative to ANCHOR, never to
today, and drawn from one seeded random generator, so two runs give the same rows.

Each bed of a location is a timeline: the occupant on the anchor day (or the last one of a closed location) and,
before them, earlier occupants. A location never holds more persons than beds on any day. Housing outside the
registered locations is one aggregate location per Overijssel municipality (population_locations.csv) whose beds
are the persons left over there.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from .bsn import DemoBsns
from .loading import read_rows
from .population_work import WorkChooser, fair_split

ANCHOR = datetime.date(2026, 11, 23)
HISTORY_START = datetime.date(2024, 1, 1)
SEED = 20261123
OVERIJSSEL = "PV23"
OVERIJSSEL_LIVING = 22_700
OVERIJSSEL_REGISTERED = 11_708
DEVENTER = "GM0150"
DEVENTER_GAP = 300  # living long enough to owe BRP registration, not registered (§4.2)
SHORT, REGISTERED, GAP = "short", "registered", "gap"
# Share of beds with an earlier occupant before the present one: history over 2024-2026 at a bounded row count.
EARLIER_OCCUPANT_SHARE = 0.3
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Stay:
    """One row of the occupancy file: a residence with its employment over the same period."""

    bsn: str
    location_ref: str
    start: datetime.date
    end: datetime.date | None
    work_municipality: str  # CBS code, "" = unknown
    employer_kvk: str = ""
    agency_kvk: str = ""


@dataclass(frozen=True)
class BrpStatus:
    """One row of the BRP file: resident in a municipality, or RNI."""

    bsn: str
    registration: str
    municipality: str
    start: datetime.date
    end: datetime.date | None


@dataclass(frozen=True)
class Slot:
    """The beds of one location and the days they can be occupied (the last day: anchor, or closure)."""

    ref: str
    municipality: str
    stay_type: str
    beds: int
    present: int  # persons on the anchor day (0 for a closed location)
    opens: datetime.date
    closes: datetime.date


@dataclass
class Plan:
    stays: list[Stay] = field(default_factory=list)
    brp: list[BrpStatus] = field(default_factory=list)
    aggregate_beds: dict[str, int] = field(default_factory=dict)  # aggregate location ref -> beds
    living: dict[str, int] = field(default_factory=dict)  # Overijssel municipality -> living on ANCHOR
    registered: dict[str, int] = field(default_factory=dict)  # municipality -> BRP-registered on ANCHOR
    expected_verdicts: dict[str, str] = field(default_factory=dict)  # Rivierenland location -> verdict

    def occupancy_rows(self) -> list[list[str]]:
        return [
            [s.bsn, s.location_ref, s.start.isoformat(), _iso(s.end), s.work_municipality, s.employer_kvk, s.agency_kvk]
            for s in self.stays
        ]

    def brp_rows(self) -> list[list[str]]:
        return [[b.bsn, b.registration, b.municipality, "", "", b.start.isoformat(), _iso(b.end)] for b in self.brp]


OCCUPANCY_HEADER = ["bsn", "location_ref", "from", "to", "work_municipality", "employer_kvk", "agency_kvk"]
BRP_HEADER = ["bsn", "registration", "municipality", "postcode", "house_number", "from", "to"]


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def living_targets(table: list[dict], total: int) -> dict[str, int]:
    """A value inside each municipality's living interval, the same fraction of the way up, summing to `total`."""
    low = sum(int(r["living_min"]) for r in table)
    high = sum(int(r["living_max"]) for r in table)
    fraction = (total - low) / (high - low)
    weights = {
        r["code"]: int(r["living_min"]) + fraction * (int(r["living_max"]) - int(r["living_min"])) for r in table
    }
    return fair_split(weights, total)


def _slots(municipalities: dict[str, dict], rng: random.Random) -> list[Slot]:
    slots = []
    for row in read_rows("locations.csv"):
        if row["status"] not in ("in_use", "closed") or not row["in_use_since"]:
            continue
        beds = int(row["capacity_beds"])
        in_use = row["status"] == "in_use"
        present = min(beds, round(beds * rng.uniform(0.8, 1.0))) if in_use else 0
        opens = max(HISTORY_START, _day(row["in_use_since"]))
        closes = ANCHOR if in_use else _day(row["status_since"]) - ONE_DAY
        if closes > opens:
            slots.append(Slot(row["ref"], row["municipality_code"], row["stay_type"], beds, present, opens, closes))
    return slots


def aggregate_location_refs() -> dict[str, dict]:
    """The rows of population_locations.csv by municipality code."""
    return {row["municipality_code"]: row for row in read_rows("population_locations.csv")}


def _category_order(slot: Slot, pools: dict[str, int], rng: random.Random) -> str:
    """The category of the next present occupant: short-stay places take short stays first, long-stay ones the
    registered, as long as the municipality's pools last."""
    preferred = {"short": 0.75, "mid": 0.45, "long": 0.15}.get(slot.stay_type, 0.5)
    wanted = SHORT if rng.random() < preferred else REGISTERED
    if rng.random() < 0.08:
        wanted = GAP  # some of Deventer's registration gap lives at registered locations, not only in the aggregate
    for category in (wanted, REGISTERED, SHORT, GAP):
        if pools.get(category, 0) > 0:
            pools[category] -= 1
            return category
    raise ValueError(f"{slot.ref}: more persons present than the municipality's living figure")


class _Builder:
    def __init__(self, rng: random.Random, work: WorkChooser) -> None:
        self.rng = rng
        self.work = work
        self.bsns = DemoBsns(rng)
        self.plan = Plan()

    def present(self, slot: Slot, category: str, work: tuple[str, str, str]) -> datetime.date:
        """Add the occupant on the anchor day; returns the first day of their stay."""
        rng, bsn = self.rng, self.bsns.draw()
        if category == SHORT:
            length = rng.randint(30, 120)
            start = max(slot.opens, ANCHOR - datetime.timedelta(days=rng.randint(0, length - 1)))
            end = start + datetime.timedelta(days=length - 1)
            if rng.random() < 0.6:
                self.plan.brp.append(BrpStatus(bsn, "rni", "", start + datetime.timedelta(days=rng.randint(0, 3)), end))
        elif category == GAP:
            start = max(slot.opens, ANCHOR - datetime.timedelta(days=rng.randint(140, 420)))
            end = None
            if rng.random() < 0.5:
                self.plan.brp.append(BrpStatus(bsn, "rni", "", start, start + datetime.timedelta(days=120)))
        else:
            latest = ANCHOR - datetime.timedelta(days=130)
            start = slot.opens + datetime.timedelta(days=rng.randint(0, max(0, (latest - slot.opens).days)))
            end = None if rng.random() < 0.7 else ANCHOR + datetime.timedelta(days=rng.randint(30, 400))
            registered_on = min(ANCHOR, start + datetime.timedelta(days=rng.randint(2, 45)))
            self.plan.brp.append(BrpStatus(bsn, "resident", slot.municipality, registered_on, end))
        self.plan.stays.append(Stay(bsn, slot.ref, start, end, *work))
        return start

    def earlier(self, slot: Slot, before: datetime.date) -> None:
        """An earlier occupant of the bed, leaving some weeks before `before`."""
        rng = self.rng
        end = before - datetime.timedelta(days=rng.randint(14, 90))
        low, high = {"short": (30, 120), "mid": (60, 300)}.get(slot.stay_type, (150, 600))
        start = max(slot.opens, end - datetime.timedelta(days=rng.randint(low, high) - 1))
        if (end - start).days < 14:
            return
        bsn = self.bsns.draw()
        self.plan.stays.append(Stay(bsn, slot.ref, start, end, *self.work.draw(slot)))
        if (end - start).days > 150:
            registered_on = start + datetime.timedelta(days=rng.randint(2, 30))
            self.plan.brp.append(BrpStatus(bsn, "resident", slot.municipality, registered_on, end))
        elif rng.random() < 0.5:
            self.plan.brp.append(BrpStatus(bsn, "rni", "", start, end))

    def fill(self, slot: Slot, categories: list[str], works: list[tuple[str, str, str]]) -> None:
        """The present occupants (one per category) and earlier occupants of the location's beds."""
        for bed in range(slot.beds):
            if bed < len(categories):
                last = self.present(slot, categories[bed], works[bed])
            else:
                last = slot.closes - datetime.timedelta(days=self.rng.randint(0, 60)) + ONE_DAY
            if self.rng.random() < EARLIER_OCCUPANT_SHARE or bed >= len(categories):
                self.earlier(slot, last)


def build_plan() -> Plan:
    """The whole demo population, from the packaged CSV files and a fixed seed."""
    rng = random.Random(SEED)
    municipalities = {row["code"]: row for row in read_rows("municipalities.csv")}
    by_name = {row["name"]: code for code, row in municipalities.items() if row["province_code"] == OVERIJSSEL}
    table = [dict(row, code=by_name[row["municipality"]]) for row in read_rows("overijssel_2021_living_working.csv")]
    work = WorkChooser(rng, municipalities, table)
    builder = _Builder(rng, work)
    plan = builder.plan
    plan.living = living_targets(table, OVERIJSSEL_LIVING)
    # Registration rates vary around the provincial 52 % but sum to 11,708; Deventer keeps room for its gap.
    plan.registered = fair_split(
        {c: n * rng.uniform(0.85, 1.15) for c, n in plan.living.items()}, OVERIJSSEL_REGISTERED
    )
    slots = _slots(municipalities, rng)
    aggregates = aggregate_location_refs()
    by_municipality: dict[str, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_municipality[slot.municipality].append(slot)
    for code in plan.living:
        present = sum(slot.present for slot in by_municipality[code])
        beds = plan.living[code] - present
        ref = aggregates[code]["ref"]
        plan.aggregate_beds[ref] = beds
        by_municipality[code].append(Slot(ref, code, "long", beds, beds, HISTORY_START, ANCHOR))
        gap = DEVENTER_GAP if code == DEVENTER else 0
        pools = {REGISTERED: plan.registered[code], GAP: gap, SHORT: plan.living[code] - plan.registered[code] - gap}
        assigned = [
            (slot, [_category_order(slot, pools, rng) for _ in range(slot.present)]) for slot in by_municipality[code]
        ]
        # The registered persons' work municipalities are allocated exactly, so the share matches table 1.
        registered_works = iter(work.registered_allocation(code, plan.registered[code]))
        for slot, categories in assigned:
            works = [next(registered_works) if c == REGISTERED else work.draw(slot) for c in categories]
            builder.fill(slot, categories, works)
    rivierenland = [slot for slot in slots if work.in_rivierenland(slot.municipality)]
    for slot in rivierenland:
        verdict, works = work.rivierenland_allocation(slot)
        plan.expected_verdicts[slot.ref] = verdict
        categories = [
            SHORT if rng.random() < (0.65 if slot.stay_type == "short" else 0.3) else REGISTERED for _ in works
        ]
        builder.fill(slot, categories, works)
    return plan
