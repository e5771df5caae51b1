"""Housing norms (DOMAIN §4.3): the pure rules against every seeded norm set, boundaries included, and properties."""

from __future__ import annotations

import datetime
import importlib
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.housing import rules, selectors
from zicht.housing.choices import CertificateScheme, LocationForm
from zicht.housing.models import NormSet

from .factories import make_location

SEED = importlib.import_module("zicht.housing.migrations.0002_norm_sets")
DATED = importlib.import_module("zicht.housing.migrations.0003_norm_rule_new_sites_from")


def _new_sites_from(code: str, applies_to: str) -> datetime.date | None:
    """Migration 0003 dates SNF's new-site rules: new means in use from 1 July 2025, whatever the version."""
    if code == "snf" and applies_to in ("new_site_or_hotel", "existing_site"):
        return DATED.SNF_NEW_SITES_FROM
    return None


def _seeded_specs() -> dict[str, list[rules.VersionSpec]]:
    """The versions migration 0002 seeds, read from its data so the property tests need no database."""
    return {
        spec["code"]: [
            rules.VersionSpec(
                norm_set=spec["code"],
                valid_from=valid_from,
                rules=tuple(
                    rules.RuleSpec(
                        kind=kind,
                        limit=Decimal(limit),
                        applies_to=applies_to,
                        limit_if_agreed=Decimal(agreed) if agreed else None,
                        new_sites_from=_new_sites_from(spec["code"], applies_to),
                    )
                    for kind, limit, applies_to, agreed in rule_rows
                ),
            )
            for valid_from, _note, rule_rows in spec["versions"]
        ]
        for spec in SEED.NORM_SETS
    }


SEEDED = _seeded_specs()
ALL_VERSIONS = [version for versions in SEEDED.values() for version in versions]
SNF_CHANGE = datetime.date(2025, 7, 1)
AKF_CHANGE = datetime.date(2026, 1, 1)


def facts(**overrides) -> rules.LocationFacts:
    """Generous figures for 8 persons under every seeded set; a test narrows the one figure it is about."""
    values = {
        "form": LocationForm.BUSINESS_PARK,
        "floor_area_m2": Decimal("400.0"),
        "bedrooms": 8,
        "bedroom_area_m2": Decimal("100.0"),
        "toilets": 2,
        "showers": 2,
        "cooking_points": 2,
        "fridge_litres": 800,
        "in_use_since": datetime.date(2020, 1, 1),
    }
    values.update(overrides)
    return rules.LocationFacts(**values)


def run(code: str, day: datetime.date, location: rules.LocationFacts, persons: int) -> rules.Evaluation:
    version = rules.version_on(SEEDED[code], day)
    assert version is not None, f"no {code} version on {day}"
    return rules.evaluate(version, location, persons)


def failed(evaluation: rules.Evaluation) -> list[tuple[str, Decimal]]:
    return [(result.kind, result.limit) for result in evaluation.rules if result.verdict == rules.FAIL]


# --- the seed itself -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_exactly_the_seeded_versions_and_rules():
    stored = {norm_set.code: selectors.version_specs(norm_set) for norm_set in selectors.norm_sets_for(None)}
    assert set(stored) == {"minimum", "snf", "akf"}
    for code, versions in SEEDED.items():
        assert [v.valid_from for v in stored[code]] == [v.valid_from for v in versions]
        for in_db, seeded in zip(stored[code], versions, strict=True):
            assert Counter(in_db.rules) == Counter(seeded.rules)


# --- minimum norm: one person per bedroom, 15 m² per person --------------------------------------------------

DAY = datetime.date(2026, 3, 1)


def test_minimum_exactly_15_m2_per_person_passes():
    evaluation = run("minimum", DAY, facts(floor_area_m2=Decimal("30.0"), bedrooms=2), 2)
    assert evaluation.verdict == rules.PASS
    assert evaluation.norm_capacity == 2
    area = next(r for r in evaluation.rules if r.kind == "area_per_person")
    assert (area.figure, area.figure_value, area.limit, area.max_persons) == ("floor_area_m2", Decimal("30.0"), 15, 2)


def test_minimum_just_under_15_m2_per_person_fails():
    evaluation = run("minimum", DAY, facts(floor_area_m2=Decimal("29.9"), bedrooms=2), 2)
    assert evaluation.verdict == rules.FAIL
    assert failed(evaluation) == [("area_per_person", Decimal("15"))]
    assert evaluation.norm_capacity == 1


def test_minimum_boundary_holds_for_larger_numbers():
    assert run("minimum", DAY, facts(floor_area_m2=Decimal("150.0"), bedrooms=10), 10).verdict == rules.PASS
    assert run("minimum", DAY, facts(floor_area_m2=Decimal("149.9"), bedrooms=10), 10).verdict == rules.FAIL


def test_minimum_a_second_person_in_a_bedroom_fails():
    evaluation = run("minimum", DAY, facts(floor_area_m2=Decimal("60.0"), bedrooms=1), 2)
    assert evaluation.verdict == rules.FAIL
    assert failed(evaluation) == [("persons_per_bedroom", Decimal("1"))]
    assert evaluation.norm_capacity == 1
    assert run("minimum", DAY, facts(floor_area_m2=Decimal("60.0"), bedrooms=1), 1).verdict == rules.PASS


def test_minimum_ignores_toilets_and_showers():
    evaluation = run("minimum", DAY, facts(floor_area_m2=Decimal("150.0"), bedrooms=10, toilets=0, showers=None), 10)
    assert evaluation.verdict == rules.PASS
    assert {r.kind for r in evaluation.rules} == {"area_per_person", "persons_per_bedroom"}


# --- SNF before 1 July 2025 ----------------------------------------------------------------------------------

BEFORE = datetime.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("form", "enough", "too_little"),
    [
        (LocationForm.BUSINESS_PARK, "80.0", "79.9"),
        (LocationForm.HOLIDAY_PARK, "80.0", "79.9"),
        (LocationForm.REGULAR_DWELLING, "96.0", "95.9"),
    ],
)
def test_snf_area_per_person_is_10_m2_and_12_m2_in_regular_dwellings(form, enough, too_little):
    assert run("snf", BEFORE, facts(form=form, floor_area_m2=Decimal(enough)), 8).verdict == rules.PASS
    evaluation = run("snf", BEFORE, facts(form=form, floor_area_m2=Decimal(too_little)), 8)
    assert evaluation.verdict == rules.FAIL
    limit = Decimal("12") if form == LocationForm.REGULAR_DWELLING else Decimal("10")
    assert failed(evaluation) == [("area_per_person", limit)]
    assert evaluation.norm_capacity == 7


def test_snf_bedroom_area_is_3_5_m2_per_person():
    assert run("snf", BEFORE, facts(bedroom_area_m2=Decimal("28.0")), 8).verdict == rules.PASS
    evaluation = run("snf", BEFORE, facts(bedroom_area_m2=Decimal("27.9")), 8)
    assert failed(evaluation) == [("bedroom_area_per_person", Decimal("3.5"))]


@pytest.mark.parametrize("figure", ["toilets", "showers"])
def test_snf_one_toilet_and_one_shower_per_8_persons(figure):
    location = facts(**{figure: 1})
    assert run("snf", BEFORE, location, 8).verdict == rules.PASS
    nine = run("snf", BEFORE, location, 9)
    assert nine.verdict == rules.FAIL
    assert [r.figure for r in nine.rules if r.verdict == rules.FAIL] == [figure]
    assert nine.norm_capacity == 8


def test_snf_before_july_2025_has_no_bedroom_rule_even_for_a_new_site():
    # Eight persons in one bedroom is allowed by the old version; only area, bedroom area and facilities count.
    evaluation = run("snf", BEFORE, facts(bedrooms=1, in_use_since=None), 8)
    assert evaluation.verdict == rules.PASS
    assert "persons_per_bedroom" not in {r.kind for r in evaluation.rules}


# --- SNF from 1 July 2025: new sites and hotels ---------------------------------------------------------------


@pytest.mark.parametrize("in_use_since", [None, SNF_CHANGE, datetime.date(2026, 2, 1)])
def test_snf_new_site_needs_15_m2_and_one_person_per_bedroom(in_use_since):
    new = {"in_use_since": in_use_since, "bedrooms": 8}
    assert run("snf", SNF_CHANGE, facts(floor_area_m2=Decimal("120.0"), **new), 8).verdict == rules.PASS
    evaluation = run("snf", SNF_CHANGE, facts(floor_area_m2=Decimal("119.9"), **new), 8)
    assert failed(evaluation) == [("area_per_person", Decimal("15"))]
    crowded = run("snf", SNF_CHANGE, facts(floor_area_m2=Decimal("120.0"), in_use_since=in_use_since, bedrooms=7), 8)
    assert failed(crowded) == [("persons_per_bedroom", Decimal("1"))]
    assert crowded.norm_capacity == 7


def test_snf_new_site_may_have_two_per_bedroom_when_agreed_in_writing():
    agreed = {"floor_area_m2": Decimal("120.0"), "in_use_since": None, "two_per_bedroom_agreed": True}
    evaluation = run("snf", SNF_CHANGE, facts(bedrooms=4, **agreed), 8)
    assert evaluation.verdict == rules.PASS
    bedroom = next(r for r in evaluation.rules if r.kind == "persons_per_bedroom")
    assert bedroom.limit == 2 and bedroom.max_persons == 8
    assert failed(run("snf", SNF_CHANGE, facts(bedrooms=3, **agreed), 8)) == [("persons_per_bedroom", Decimal("2"))]
    # Without the agreement the same four bedrooms house four.
    assert run("snf", SNF_CHANGE, facts(bedrooms=4, floor_area_m2=Decimal("120.0"), in_use_since=None), 8).verdict == (
        rules.FAIL
    )


def test_snf_hotel_in_use_since_2020_is_held_to_the_new_rules():
    hotel = facts(form=LocationForm.HOTEL, in_use_since=datetime.date(2020, 5, 1), floor_area_m2=Decimal("119.9"))
    evaluation = run("snf", datetime.date(2026, 6, 1), hotel, 8)
    assert failed(evaluation) == [("area_per_person", Decimal("15"))]


def test_snf_existing_site_in_use_since_2020_keeps_the_old_rules_in_2026():
    existing = facts(in_use_since=datetime.date(2020, 5, 1), floor_area_m2=Decimal("80.0"), bedrooms=1)
    for day in (datetime.date(2026, 1, 1), datetime.date(2026, 11, 23)):
        evaluation = run("snf", day, existing, 8)
        assert evaluation.valid_from == SNF_CHANGE
        assert evaluation.verdict == rules.PASS
        assert "persons_per_bedroom" not in {r.kind for r in evaluation.rules}
        assert {r.limit for r in evaluation.rules if r.kind == "area_per_person"} == {Decimal("10")}


def test_snf_site_in_use_the_day_before_the_change_is_existing():
    existing = facts(in_use_since=datetime.date(2025, 6, 30), floor_area_m2=Decimal("80.0"), bedrooms=1)
    assert run("snf", datetime.date(2026, 1, 1), existing, 8).verdict == rules.PASS


def test_snf_new_regular_dwelling_needs_the_stricter_of_12_and_15_m2():
    dwelling = facts(form=LocationForm.REGULAR_DWELLING, in_use_since=None, bedrooms=4)
    assert run("snf", SNF_CHANGE, dwelling, 4).norm_capacity == 4
    small = facts(form=LocationForm.REGULAR_DWELLING, in_use_since=None, bedrooms=4, floor_area_m2=Decimal("59.9"))
    assert failed(run("snf", SNF_CHANGE, small, 4)) == [("area_per_person", Decimal("15"))]


# --- AKF ----------------------------------------------------------------------------------------------------


def test_akf_13_m2_per_person_until_2026():
    last_day = AKF_CHANGE - datetime.timedelta(days=1)
    assert run("akf", last_day, facts(floor_area_m2=Decimal("26.0"), bedrooms=1), 2).verdict == rules.PASS
    assert failed(run("akf", last_day, facts(floor_area_m2=Decimal("25.9"), bedrooms=1), 2)) == [
        ("area_per_person", Decimal("13"))
    ]


def test_akf_15_m2_per_person_from_1_january_2026():
    assert failed(run("akf", AKF_CHANGE, facts(floor_area_m2=Decimal("26.0"), bedrooms=1), 2)) == [
        ("area_per_person", Decimal("15"))
    ]
    assert run("akf", AKF_CHANGE, facts(floor_area_m2=Decimal("30.0"), bedrooms=1), 2).verdict == rules.PASS
    assert run("akf", AKF_CHANGE, facts(floor_area_m2=Decimal("29.9"), bedrooms=1), 2).norm_capacity == 1


@pytest.mark.parametrize("day", [datetime.date(2025, 6, 1), AKF_CHANGE])
def test_akf_at_most_two_per_bedroom(day):
    assert run("akf", day, facts(bedrooms=2), 4).verdict == rules.PASS
    five = run("akf", day, facts(bedrooms=2), 5)
    assert failed(five) == [("persons_per_bedroom", Decimal("2"))]
    assert five.norm_capacity == 4


# --- unknown figures and versions ----------------------------------------------------------------------------


def test_a_missing_figure_makes_the_verdict_unknown_and_names_it():
    evaluation = run("snf", BEFORE, facts(showers=None), 8)
    assert evaluation.verdict == rules.UNKNOWN
    assert evaluation.missing == ("showers",)
    assert evaluation.norm_capacity is None
    shower = next(r for r in evaluation.rules if r.kind == "persons_per_shower")
    assert (shower.verdict, shower.missing, shower.max_persons) == (rules.UNKNOWN, "showers", None)


def test_several_missing_figures_are_each_named_once():
    evaluation = run("snf", SNF_CHANGE, facts(floor_area_m2=None, toilets=None, in_use_since=None), 8)
    assert evaluation.verdict == rules.UNKNOWN
    # The floor area feeds two rules for a new site (10 and 15 m²) but is named once.
    assert evaluation.missing == ("floor_area_m2", "toilets")


def test_a_fail_wins_over_a_missing_figure():
    evaluation = run("minimum", DAY, facts(floor_area_m2=None, bedrooms=1), 2)
    assert evaluation.verdict == rules.FAIL
    assert evaluation.missing == ("floor_area_m2",)
    assert evaluation.norm_capacity is None


def test_a_missing_figure_of_a_rule_that_does_not_apply_is_not_unknown():
    existing = facts(in_use_since=datetime.date(2020, 1, 1), bedrooms=None)
    evaluation = run("snf", datetime.date(2026, 1, 1), existing, 8)
    assert evaluation.verdict == rules.PASS
    assert evaluation.missing == ()


def test_version_on_picks_the_version_in_force():
    snf = SEEDED["snf"]
    assert rules.version_on(snf, datetime.date(2020, 12, 31)) is None
    assert rules.version_on(snf, datetime.date(2021, 1, 1)).valid_from == datetime.date(2021, 1, 1)
    assert rules.version_on(snf, BEFORE).valid_from == datetime.date(2021, 1, 1)
    assert rules.version_on(snf, SNF_CHANGE).valid_from == SNF_CHANGE
    assert rules.version_on(list(reversed(snf)), datetime.date(2030, 1, 1)).valid_from == SNF_CHANGE
    assert rules.version_on([], DAY) is None


def test_negative_persons_are_refused():
    with pytest.raises(ValueError):
        rules.evaluate(SEEDED["minimum"][0], facts(), -1)


# --- properties ----------------------------------------------------------------------------------------------

areas = st.integers(min_value=1, max_value=200_000).map(lambda tenths: Decimal(tenths).scaleb(-1))
counts = st.integers(min_value=1, max_value=500)
complete_facts = st.builds(
    rules.LocationFacts,
    form=st.sampled_from(LocationForm.values),
    floor_area_m2=areas,
    bedrooms=counts,
    bedroom_area_m2=areas,
    toilets=counts,
    showers=counts,
    cooking_points=counts,
    fridge_litres=st.integers(min_value=1, max_value=20_000),
    in_use_since=st.none() | st.dates(datetime.date(2015, 1, 1), datetime.date(2030, 12, 31)),
    two_per_bedroom_agreed=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(location=complete_facts)
def test_the_norm_capacity_passes_and_one_more_person_fails(location):
    for version in ALL_VERSIONS:
        capacity = rules.evaluate(version, location, 0).norm_capacity
        assert capacity is not None and capacity >= 0
        assert rules.evaluate(version, location, capacity).verdict == rules.PASS
        assert rules.evaluate(version, location, capacity + 1).verdict == rules.FAIL
        # The capacity does not depend on the number of persons asked about.
        assert rules.evaluate(version, location, capacity + 7).norm_capacity == capacity


@settings(max_examples=300, deadline=None)
@given(location=complete_facts, persons=st.integers(0, 3000), more=st.integers(1, 3000))
def test_evaluation_is_monotone_in_persons(location, persons, more):
    for version in ALL_VERSIONS:
        fewer, larger = rules.evaluate(version, location, persons), rules.evaluate(version, location, persons + more)
        assert fewer.verdict in (rules.PASS, rules.FAIL)
        if larger.verdict == rules.PASS:
            assert fewer.verdict == rules.PASS
        if fewer.verdict == rules.FAIL:
            assert larger.verdict == rules.FAIL
        assert fewer.verdict == (rules.PASS if persons <= fewer.norm_capacity else rules.FAIL)


@settings(max_examples=200, deadline=None)
@given(location=complete_facts, figure=st.sampled_from(sorted({f for f, _ in rules.FIGURE_OF_RULE.values()})))
def test_a_missing_figure_never_passes_and_leaves_no_capacity(location, figure):
    partial = rules.LocationFacts(**{**location.__dict__, figure: None})
    for version in ALL_VERSIONS:
        evaluation = rules.evaluate(version, partial, 1)
        reads_it = any(result.figure == figure for result in evaluation.rules)
        if reads_it:
            assert evaluation.verdict in (rules.UNKNOWN, rules.FAIL)
            assert evaluation.missing == (figure,)
            assert evaluation.norm_capacity is None
        else:
            assert evaluation == rules.evaluate(version, location, 1)


# --- through the database ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_norm_evaluations_evaluate_every_set_and_mark_the_applicable_one():
    location = make_location(
        floor_area_m2=Decimal("30.0"),
        bedrooms=1,
        bedroom_area_m2=Decimal("10.0"),
        toilets=1,
        showers=1,
        capacity_beds=2,
        in_use_since=datetime.date(2020, 1, 1),
        certificate_scheme=CertificateScheme.AKF,
        certificate_number="AKF-1",
        certificate_valid_until=datetime.date(2027, 1, 1),
    )
    by_code = {item.norm_set.code: item for item in selectors.norm_evaluations(location, on=DAY)}
    assert selectors.norm_evaluations(location, on=DAY)[0].norm_set.code == "akf"
    assert by_code["akf"].applicable and not by_code["minimum"].applicable
    assert (by_code["akf"].verdict, by_code["akf"].norm_capacity) == (rules.PASS, 2)
    assert (by_code["minimum"].verdict, by_code["minimum"].norm_capacity) == (rules.FAIL, 1)
    assert (by_code["snf"].verdict, by_code["snf"].norm_capacity) == (rules.PASS, 2)
    assert selectors.norm_evaluations(location, on=DAY, persons=3)[0].verdict == rules.FAIL
    # Before the minimum norm's first version there is nothing to evaluate: unknown, not pass.
    early = {item.norm_set.code: item for item in selectors.norm_evaluations(location, on=datetime.date(2020, 1, 1))}
    assert early["minimum"].evaluation is None and early["minimum"].verdict == rules.UNKNOWN


@pytest.mark.django_db
@pytest.mark.parametrize(("area", "verdict"), [("30.0", rules.PASS), ("29.9", rules.FAIL)])
def test_stored_verdict_under_the_minimum_norm_at_the_boundary(area, verdict):
    location = make_location(floor_area_m2=Decimal(area), bedrooms=2, capacity_beds=2)
    location.refresh_from_db()
    assert location.norm_set_applied == NormSet.objects.get(code="minimum")
    assert location.norm_verdict == verdict


def test_a_later_version_repeating_the_new_site_rule_keeps_sites_opened_since_july_2025_new():
    snf_2025 = SEEDED["snf"][1]
    later = rules.VersionSpec(norm_set="snf", valid_from=datetime.date(2027, 1, 1), rules=snf_2025.rules)
    opened_2026 = facts(in_use_since=datetime.date(2026, 2, 1), floor_area_m2=Decimal("100.0"))
    # 100 m² for 8 persons: enough at 10 m² (existing sites), too little at 15 m² (new sites).
    assert rules.evaluate(later, opened_2026, 8).verdict == rules.FAIL
    assert rules.evaluate(later, facts(floor_area_m2=Decimal("100.0")), 8).verdict == rules.PASS


def test_a_site_in_use_with_no_known_first_day_is_an_existing_site():
    unknown_start = facts(in_use_since=None, planned=False, floor_area_m2=Decimal("100.0"))
    assert run("snf", datetime.date(2026, 3, 1), unknown_start, 8).verdict == rules.PASS
    planned = facts(in_use_since=None, planned=True, floor_area_m2=Decimal("100.0"))
    assert run("snf", datetime.date(2026, 3, 1), planned, 8).verdict == rules.FAIL


# --- which norm set applies (rules.applicable_norm_set) ---------------------------------------------------------

NATIONAL = ["akf", "minimum", "snf"]


@pytest.mark.parametrize(
    ("chosen", "municipal", "scheme", "expected"),
    [
        ("akf", ["deventer"], CertificateScheme.SNF, ("akf", rules.NormSetReason.CHOSEN)),
        (None, ["deventer", "deventer-oud"], CertificateScheme.SNF, ("deventer", rules.NormSetReason.MUNICIPAL)),
        (None, [], CertificateScheme.SNF, ("snf", rules.NormSetReason.CERTIFICATE)),
        (None, [], CertificateScheme.AKF, ("akf", rules.NormSetReason.CERTIFICATE)),
        (None, [], "", ("minimum", rules.NormSetReason.MINIMUM)),
        ("elsewhere", [], "", ("minimum", rules.NormSetReason.MINIMUM)),  # a choice that cannot apply here
    ],
)
def test_the_most_specific_norm_set_applies(chosen, municipal, scheme, expected):
    choice = rules.applicable_norm_set(
        available=[*NATIONAL, *municipal], chosen=chosen, municipal=municipal, certificate_scheme=scheme
    )
    assert (choice.code, choice.reason) == expected


def test_a_certificate_without_its_set_falls_back_to_the_minimum_and_nothing_without_one():
    choice = rules.applicable_norm_set(
        available=["minimum"], chosen=None, municipal=[], certificate_scheme=CertificateScheme.SNF
    )
    assert (choice.code, choice.reason) == ("minimum", rules.NormSetReason.MINIMUM)
    assert rules.applicable_norm_set(available=[], chosen=None, municipal=[], certificate_scheme="") is None


@pytest.mark.django_db
def test_the_register_and_the_page_follow_the_same_order(municipality_a):
    from zicht.housing.views import WHY_APPLICABLE, norm_tables

    location = make_location(
        municipality=municipality_a,
        certificate_scheme=CertificateScheme.AKF,
        certificate_valid_until=datetime.date(2030, 1, 1),
    )
    (applicable,) = [table for table in norm_tables(location, datetime.date(2025, 1, 1)) if table["applicable"]]
    assert applicable["norm_set"] == selectors.applicable_norm_set(location, selectors.norm_sets_for(municipality_a.pk))
    assert applicable["norm_set"].code == "akf"
    assert applicable["why"] == str(WHY_APPLICABLE[rules.NormSetReason.CERTIFICATE])
