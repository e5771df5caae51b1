"""The demo population plan (pure): published figures, 80-10-10 mix, no overfull location, deterministic."""

from __future__ import annotations

import datetime
import functools
from collections import Counter, defaultdict

import pytest

from zicht.core.privacy.pseudonyms import is_valid_bsn
from zicht.demo.loading import read_rows
from zicht.demo.population_plan import ANCHOR, build_plan
from zicht.demo.population_work import PROFILES
from zicht.occupancy.rules import distribution_verdict, registration_due


@pytest.fixture(scope="module")
def plan():
    return build_plan()


@pytest.fixture(scope="module")
def municipalities():
    return {row["code"]: row for row in read_rows("municipalities.csv")}


def covers(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    return start <= day and (end is None or end >= day)


def registered_on(plan, day: datetime.date) -> dict[str, str]:
    return {b.bsn: b.municipality for b in plan.brp if b.registration == "resident" and covers(b.start, b.end, day)}


def living_on(plan, day: datetime.date):
    return [stay for stay in plan.stays if covers(stay.start, stay.end, day)]


@functools.cache
def location_municipalities() -> dict[str, str]:
    files = ("locations.csv", "population_locations.csv")
    return {row["ref"]: row["municipality_code"] for name in files for row in read_rows(name)}


def municipality_of(ref: str) -> str:
    return location_municipalities()[ref]


def test_two_runs_give_the_same_rows(plan):
    again = build_plan()
    assert again.occupancy_rows() == plan.occupancy_rows()
    assert again.brp_rows() == plan.brp_rows()


def test_every_bsn_passes_the_eleven_test_and_has_the_demo_prefix(plan):
    bsns = {stay.bsn for stay in plan.stays}
    assert len(bsns) > 25_000
    assert all(bsn.startswith("999") and is_valid_bsn(bsn) for bsn in bsns)
    assert {b.bsn for b in plan.brp} <= bsns


def test_overijssel_living_and_registered_match_the_published_figures(plan, municipalities):
    refs = {ref: municipality_of(ref) for ref in {stay.location_ref for stay in plan.stays}}
    in_overijssel = [
        s for s in living_on(plan, ANCHOR) if municipalities[refs[s.location_ref]]["province_code"] == "PV23"
    ]
    assert len(in_overijssel) == 22_700
    registered = registered_on(plan, ANCHOR)
    count = sum(1 for stay in in_overijssel if registered.get(stay.bsn) == refs[stay.location_ref])
    assert count == 11_708


def test_the_share_working_in_the_residence_municipality_follows_table_1(plan):
    table = {
        row["municipality"]: int(row["pct_working_in_residence"])
        for row in read_rows("overijssel_2021_living_working.csv")
    }
    codes = {"Enschede": "GM0153", "Deventer": "GM0150", "Zwolle": "GM0193", "Kampen": "GM0166", "Ommen": "GM0175"}
    registered = registered_on(plan, ANCHOR)
    same, known = Counter(), Counter()
    for stay in living_on(plan, ANCHOR):
        home = registered.get(stay.bsn)
        if home in codes.values() and stay.work_municipality:
            known[home] += 1
            same[home] += stay.work_municipality == home
    for name, code in codes.items():
        assert abs(100 * same[code] / known[code] - table[name]) <= 3, name


def test_rivierenland_has_compliant_and_non_compliant_locations(plan, municipalities):
    rivierenland = {code for code, row in municipalities.items() if "Rivierenland" in row["regions"].split(";")}
    counts = defaultdict(Counter)
    for stay in living_on(plan, ANCHOR):
        home = municipality_of(stay.location_ref)
        if home not in rivierenland:
            continue
        work = stay.work_municipality
        kind = "unknown" if not work else "same" if work == home else "region" if work in rivierenland else "outside"
        counts[stay.location_ref][kind] += 1
    verdicts = {
        ref: distribution_verdict(c["same"], c["region"], c["outside"], c["unknown"]).verdict
        for ref, c in counts.items()
    }
    assert verdicts == plan.expected_verdicts
    assert set(Counter(verdicts.values())) == {"compliant", "not_compliant", "insufficient_data"}
    assert set(PROFILES) <= set(verdicts)


def test_no_location_holds_more_persons_than_beds_on_any_first_of_the_month(plan):
    beds = {row["ref"]: int(row["capacity_beds"]) for row in read_rows("locations.csv")} | plan.aggregate_beds
    for year, month in [(y, m) for y in (2024, 2025, 2026) for m in range(1, 13)] + [(2026, 11)]:
        day = datetime.date(year, month, 1)
        present = Counter(stay.location_ref for stay in living_on(plan, day))
        assert all(n <= beds[ref] for ref, n in present.items()), day


def test_the_registration_gap_is_a_few_hundred_in_deventer_only(plan):
    periods = defaultdict(list)
    for stay in plan.stays:
        periods[stay.bsn].append((stay.start, stay.end))
    registered = registered_on(plan, ANCHOR)
    gap = Counter()
    for stay in living_on(plan, ANCHOR):
        due = registration_due(periods[stay.bsn])
        if due is not None and due <= ANCHOR and stay.bsn not in registered:
            gap[municipality_of(stay.location_ref)] += 1
    assert set(gap) == {"GM0150"}
    assert 200 <= gap["GM0150"] <= 400


def test_stays_mix_short_mid_and_long_and_start_over_2024_to_2026(plan):
    starts = Counter(stay.start.year for stay in plan.stays)
    assert all(starts[year] > 3_000 for year in (2024, 2025, 2026))
    lengths = [(ANCHOR if s.end is None else s.end) - s.start for s in living_on(plan, ANCHOR)]
    assert sum(d.days <= 122 for d in lengths) > 5_000
    assert sum(122 < d.days <= 730 for d in lengths) > 3_000
    assert sum(d.days > 730 for d in lengths) > 1_000
