"""Indicators computed in SQL into snapshots (DOMAIN §4.1, §4.2, §4.4-4.6), on hand-made episodes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from zicht.geography.areas import AreaKind, resolve_area
from zicht.occupancy import indicators
from zicht.occupancy.choices import DistributionVerdict, EstimateMeasure
from zicht.occupancy.models import CommuteSnapshot, Estimate, IndicatorSnapshot, LocationSnapshot, PolicyParameters
from zicht.occupancy.rules import Interval
from zicht.parties.models import Convenant

from ..factories import AddressFactory, MunicipalityFactory, RegionFactory
from ..housing.factories import LocationFactory
from .episodes import D, Episodes, build_world

ON = D(2026, 3, 1)


@pytest.fixture
def world(region, municipality_a, municipality_b, municipality_elsewhere):
    return build_world(municipality_a, municipality_b, municipality_elsewhere)


def test_municipality_counts_on_a_day(world):
    got = indicators.indicators_for(resolve_area("GM0150"), ON)
    assert (got.living, got.occupancy, got.capacity_beds) == (5, 4, 20)
    assert (got.brp_registered, got.rni_only, got.address_mismatch) == (2, 1, 1)
    assert got.should_register_not_registered == 2
    assert (got.working, got.registered_work_known, got.registered_working_in_residence) == (4, 2, 1)
    assert got.working_in_residence_share == 0.5
    assert got.registration_rate == pytest.approx(2 / 5)
    # §4.1 default: p3 (29 days) and p7 (1 day) short; p1, p2 (274 days) mid; p4 (791 days, ended) long.
    assert got.stay_mix == {"short": 2, "mid": 2, "long": 1}


def test_episode_boundaries(world):
    day_after = ON + datetime.timedelta(days=1)
    got = indicators.indicators_for(resolve_area("GM0150"), day_after)
    # p4 and p7... p4 left on ON; p5 arrives; p7 stays.
    assert got.living == 5  # p1, p2, p3, p5, p7
    assert got.brp_registered == 2  # p1 and p5, both in Deventer
    assert got.address_mismatch == 0
    before = indicators.indicators_for(resolve_area("GM0150"), ON - datetime.timedelta(days=1))
    assert before.living == 5  # p1, p2, p3, p4, p6 (last day)


def test_stay_mix_follows_policy_parameters(world):
    PolicyParameters.objects.create(municipality=world["deventer"], short_stay_max_days=30, long_stay_min_days=200)
    got = indicators.indicators_for(resolve_area("GM0150"), ON)
    assert got.stay_mix == {"short": 2, "mid": 0, "long": 3}
    # The region's parameters apply to Zwolle (no row of its own): q1's 425 days are beyond 400.
    PolicyParameters.objects.create(region=world["deventer"].regions.get(), long_stay_min_days=400)
    assert indicators.indicators_for(resolve_area("GM0193"), ON).stay_mix == {"short": 0, "mid": 0, "long": 1}


def test_default_policy_row_is_created_lazily(world):
    assert not PolicyParameters.objects.exists()
    indicators.indicators_for(resolve_area("GM0150"), ON)
    default = PolicyParameters.objects.get()
    assert (default.municipality, default.region, default.short_stay_max_days) == (None, None, 122)


def test_a_known_spell_end_counts_the_whole_stay(municipality_a):
    e = Episodes()
    person = e.person()
    # 29 days so far, but the stay is known to last until the end of the year: mid stay.
    e.live(person, municipality_a, D(2026, 2, 1), D(2026, 12, 31), address=AddressFactory(municipality=municipality_a))
    e.save()
    assert indicators.indicators_for(resolve_area("GM0150"), ON).stay_mix == {"short": 0, "mid": 1, "long": 0}


def test_region_sums_members_and_means_their_shares(world):
    got = indicators.indicators_for(resolve_area("West-Overijssel"), ON)
    assert got.area.kind == AreaKind.REGION
    assert (got.living, got.brp_registered, got.capacity_beds) == (6, 3, 35)
    # Deventer 1 of 2 = 50 %, Zwolle 1 of 1 = 100 %: weighted 2 of 3, unweighted 75 %.
    assert got.working_in_residence_share == pytest.approx(2 / 3)
    assert got.working_in_residence_share_mean_of_municipalities == pytest.approx(0.75)
    province = indicators.indicators_for(resolve_area("PV23"), ON)
    assert province.living == 6
    country = indicators.indicators_for(resolve_area("NL"), ON)
    assert country.living == 6  # Tiel has nobody living there


def test_weighted_and_unweighted_mean_differ(province, region, municipality_a, municipality_b):
    e = Episodes()
    address_a, address_b = AddressFactory(municipality=municipality_a), AddressFactory(municipality=municipality_b)
    person = e.person()
    e.live(person, municipality_a, D(2025, 1, 1), address=address_a).register(person, municipality_a, D(2025, 1, 1))
    e.work(person, municipality_a, D(2025, 1, 1))
    for index in range(9):
        person = e.person()
        e.live(person, municipality_b, D(2025, 1, 1), address=address_b).register(person, municipality_b, D(2025, 1, 1))
        e.work(person, municipality_b if index == 0 else municipality_a, D(2025, 1, 1))
    e.save()
    got = indicators.indicators_for(resolve_area("west-overijssel"), ON)
    assert got.working_in_residence_share == pytest.approx(0.2)
    assert got.working_in_residence_share_mean_of_municipalities == pytest.approx((1 + 1 / 9) / 2)
    assert round(got.working_in_residence_share_mean_of_municipalities * 100, 1) == 55.6


def test_commuting_matrix(world):
    rows = indicators.commuting_matrix(resolve_area("West-Overijssel"), ON)
    got = {(row.residence_code, row.work_code): row.persons for row in rows}
    assert got == {
        ("GM0150", "GM0150"): 1,
        ("GM0150", "GM0193"): 1,
        ("GM0150", "GM0281"): 1,
        ("GM0150", None): 1,
        ("GM0193", "GM0193"): 1,
    }


def _residents(e, location, works, municipality):
    for work in works:
        person = e.person()
        e.live(person, municipality, D(2025, 1, 1), location=location)
        if work != "none":
            e.work(person, work, D(2025, 1, 1))


@pytest.fixture
def rivierenland(other_province, municipality_elsewhere):
    tiel = municipality_elsewhere
    culemborg = MunicipalityFactory(code="GM0216", name="Culemborg", province=other_province)
    ede = MunicipalityFactory(code="GM0228", name="Ede", province=other_province)
    region = RegionFactory(name="Rivierenland", slug="rivierenland")
    region.municipalities.add(tiel, culemborg)
    return tiel, culemborg, ede, region


def test_80_10_10_verdicts_per_location(rivierenland):
    tiel, culemborg, ede, _region = rivierenland
    ok, bad, unknown, empty = (LocationFactory(municipality=tiel) for _ in range(4))
    e = Episodes()
    _residents(e, ok, [tiel] * 8 + [culemborg, ede], tiel)
    _residents(e, bad, [tiel] * 7 + [culemborg] * 2 + [ede], tiel)
    _residents(e, unknown, [tiel] * 8 + [None, "none"], tiel)
    # A resident with two jobs on the day counts once, in the closest bucket (here: Tiel).
    two_jobs = e.person()
    e.live(two_jobs, tiel, D(2025, 1, 1), location=ok).work(two_jobs, tiel, D(2025, 1, 1))
    e.work(two_jobs, ede, D(2025, 1, 1))
    e.save()
    got = indicators.location_distribution(ok, ON)
    assert (got.residents, got.same_municipality, got.elsewhere_in_region, got.outside_region, got.unknown) == (
        11,
        9,
        1,
        1,
        0,
    )
    assert got.verdict == DistributionVerdict.COMPLIANT
    got = indicators.location_distribution(bad, ON)
    assert got.verdict == DistributionVerdict.NOT_COMPLIANT
    assert set(got.broken) == {"same_municipality", "elsewhere_in_region"}
    got = indicators.location_distribution(unknown, ON)
    assert (got.unknown, got.known, got.verdict) == (2, 8, DistributionVerdict.INSUFFICIENT_DATA)
    got = indicators.location_distribution(empty, ON)
    assert (got.residents, got.verdict) == (0, DistributionVerdict.INSUFFICIENT_DATA)
    assert indicators.location_occupancy(ok, ON) == 11
    assert not LocationSnapshot.objects.exists()  # reads compute, they do not store


def test_80_10_10_region_from_policy_and_convenant(rivierenland):
    tiel, culemborg, ede, rivierenland_region = rivierenland
    other = RegionFactory(name="Betuwe", slug="betuwe")  # first by name, contains Tiel and Ede
    other.municipalities.add(tiel, ede)
    location = LocationFactory(municipality=tiel)
    e = Episodes()
    _residents(e, location, [tiel] * 8 + [culemborg, ede, ede], tiel)
    e.save()
    # Without a convenant: Tiel's first region (Betuwe), so Ede is in the region and Culemborg outside.
    got = indicators.location_distribution(location, ON)
    assert (got.elsewhere_in_region, got.outside_region) == (2, 1)
    # A convenant in force makes Rivierenland the rule's region.
    Convenant.objects.create(region=rivierenland_region, title="Convenant", valid_from=D(2025, 1, 1))
    LocationSnapshot.objects.all().delete()
    got = indicators.location_distribution(location, ON)
    assert (got.elsewhere_in_region, got.outside_region) == (1, 2)
    # Policy parameters name the region outright, with their own percentages.
    PolicyParameters.objects.create(municipality=tiel, rule_region=other, rule_max_region_pct=20)
    LocationSnapshot.objects.all().delete()
    got = indicators.location_distribution(location, ON)
    assert (got.elsewhere_in_region, got.outside_region, got.verdict) == (2, 1, DistributionVerdict.NOT_COMPLIANT)
    assert got.broken == ("same_municipality",)


def test_registration_gap(world):
    gap = indicators.registration_gap(world["deventer"].pk, ON)
    assert len(gap) == 2
    rows = gap[0:25]
    p2, p7 = world["people"]["p2"], world["people"]["p7"]
    assert [row.person_id for row in rows] == [p2.pk, p7.pk]  # ordered by the date the obligation started
    first, second = rows
    assert (first.obligation_date, first.days_present, first.location_ref) == (D(2025, 10, 5), 183, "LA1")
    assert first.pseudonym_display == f"P-{p2.pseudonym[:12]}"
    assert first.place == "Loods (LA1)"
    assert (second.obligation_date, second.days_present) == (ON, 1)
    assert indicators.registration_gap(world["zwolle"].pk, ON).count() == 0


def test_snapshots_are_read_until_refreshed_after_ingest(world):
    area = resolve_area("GM0150")
    assert indicators.refresh(area, ON).living == 5
    indicators.refresh(resolve_area("West-Overijssel"), ON)
    other_day = ON - datetime.timedelta(days=10)
    indicators.refresh(area, other_day)
    e = Episodes()
    e.live(e.person(), world["deventer"], D(2026, 1, 1), location=world["la1"])
    e.save()
    assert indicators.indicators_for(area, ON).living == 5  # still the stored snapshot
    indicators.refresh_after_ingest({world["deventer"].pk}, on=ON)
    stored = IndicatorSnapshot.objects.get(area_kind=AreaKind.MUNICIPALITY, area_code="GM0150", date=ON)
    assert stored.living == 6
    assert IndicatorSnapshot.objects.get(area_kind=AreaKind.REGION, area_code="west-overijssel", date=ON).living == 7
    assert IndicatorSnapshot.objects.get(area_kind=AreaKind.PROVINCE, area_code="PV23", date=ON).living == 7
    assert not IndicatorSnapshot.objects.filter(area_code="GM0150", date=other_day).exists()
    assert LocationSnapshot.objects.get(location=world["la1"], date=ON).residents == 5
    assert CommuteSnapshot.objects.filter(date=ON, residence_municipality=world["deventer"]).exists()
    assert indicators.refresh(area, other_day).living == 6


def test_estimates_beside_counts_and_rate_interval(world, municipality_elsewhere):
    source = "Tabel 1"
    Estimate.objects.create(
        area_kind=AreaKind.MUNICIPALITY, area_code="GM0150", measure=EstimateMeasure.LIVING, year=2021,
        low=Decimal(2500), high=Decimal(5000), source=source,
    )  # fmt: skip
    Estimate.objects.create(
        area_kind=AreaKind.MUNICIPALITY, area_code="GM0281", measure=EstimateMeasure.LIVING, year=2021,
        low=Decimal(10), high=Decimal(20), source=source,
    )  # fmt: skip
    deventer = indicators.indicators_for(resolve_area("GM0150"), ON)
    assert deventer.as_dict()["estimates"] == [
        {"measure": "living", "year": 2021, "low": 2500, "high": 5000, "source": source}
    ]
    assert deventer.registration_rate == pytest.approx(0.4)  # counted living known: a number
    assert deventer.registration_rate_interval == Interval(Decimal(2) / 5000, Decimal(2) / 2500)
    e = Episodes()
    person = e.person()
    e.register(person, municipality_elsewhere, D(2025, 1, 1))
    e.save()
    tiel = indicators.indicators_for(resolve_area("GM0281"), ON)
    assert tiel.living == 0
    assert tiel.registration_rate is None or isinstance(tiel.registration_rate, Interval)
    # Nobody counted as living in Tiel: the rate is only known as an interval over the estimate.
    assert tiel.registration_rate == Interval(Decimal(0), Decimal(0))
    region = indicators.indicators_for(resolve_area("West-Overijssel"), ON)
    assert region.estimates == []  # Zwolle has no estimate: no sum is made


def test_as_dict_has_the_contract_keys(world):
    data = indicators.indicators_for(resolve_area("GM0150"), ON).as_dict()
    for key in (
        "area", "date", "living", "brp_registered", "registration_rate", "should_register_not_registered", "working",
        "working_in_residence_share", "working_in_residence_share_mean_of_municipalities", "stay_mix",
        "capacity_beds", "occupancy", "estimates", "rni_only", "address_mismatch", "registered_in_blocks",
        "registration_rate_interval",
    ):  # fmt: skip
        assert key in data
    assert data["area"] == {"kind": "municipality", "code": "GM0150", "name": "Deventer"}
    assert data["date"] == "2026-03-01"
    assert data["registered_in_blocks"] == 0


def test_municipality_table(world):
    table = indicators.municipality_table(resolve_area("West-Overijssel"), ON)
    assert [(row.area.code, row.living) for row in table] == [("GM0150", 5), ("GM0193", 1)]
