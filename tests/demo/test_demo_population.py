"""The demo population loaded through the ingest: the published figures as the indicators count them, the
Rivierenland 80-10-10 mix, and a second load that changes nothing. Loading takes seconds, so one test loads it
once and runs every check (a module-wide load outside the test transaction would leak into other tests)."""

from __future__ import annotations

import pytest
from django.apps import apps

from zicht.demo.housing import load_locations
from zicht.demo.loading import read_rows
from zicht.demo.population import load_population
from zicht.demo.population_plan import ANCHOR
from zicht.demo.services import load_geography, load_organisations
from zicht.geography.areas import resolve_area
from zicht.housing.models import Location
from zicht.occupancy.indicators import indicators_for, location_distribution
from zicht.occupancy.models import Person, Upload

pytestmark = pytest.mark.django_db


def check_overijssel_living_and_registered_are_the_published_figures():
    overijssel = indicators_for(resolve_area("PV23"), ANCHOR)
    assert abs(overijssel.living - 22_700) <= 227
    assert abs(overijssel.brp_registered - 11_708) <= 117


def check_the_registration_gap_is_in_deventer():
    assert 200 <= indicators_for(resolve_area("GM0150"), ANCHOR).should_register_not_registered <= 400
    assert indicators_for(resolve_area("GM0153"), ANCHOR).should_register_not_registered == 0


def check_working_in_the_residence_municipality_is_table_1s_share(name, code):
    table = {
        r["municipality"]: int(r["pct_working_in_residence"]) for r in read_rows("overijssel_2021_living_working.csv")
    }
    share = indicators_for(resolve_area(code), ANCHOR).working_in_residence_share
    assert abs(100 * share - table[name]) <= 3


def check_rivierenland_has_locations_that_keep_80_10_10_and_some_that_do_not():
    verdicts = {
        ref: location_distribution(Location.objects.get(ref=ref), ANCHOR).verdict
        for ref in ("DEMO-TIE-01", "DEMO-TIE-03", "DEMO-BUR-01", "DEMO-WB-02", "DEMO-MAA-01")
    }
    assert verdicts == {
        "DEMO-TIE-01": "compliant",
        "DEMO-TIE-03": "not_compliant",
        "DEMO-BUR-01": "not_compliant",
        "DEMO-WB-02": "insufficient_data",
        "DEMO-MAA-01": "compliant",
    }


def check_the_aggregate_locations_hold_the_rest_of_each_municipality():
    aggregate = Location.objects.get(ref="DEMO-DEV-P1")
    assert aggregate.capacity_beds > 1_000
    assert Location.objects.filter(ref__endswith="-P1").count() == 25


def check_a_second_load_changes_no_row():
    before = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    tally = load_population()
    assert not tally.changed
    assert {m._meta.label: m._default_manager.count() for m in apps.get_models()} == before
    assert Person.objects.filter().count() > 25_000
    assert Upload.objects.filter(filename__startswith="demo-population-v1").count() == 2


def test_the_demo_population_matches_the_published_figures_and_loads_once():
    load_geography()
    load_organisations()
    load_locations()
    tally = load_population()
    assert tally.changed
    check_overijssel_living_and_registered_are_the_published_figures()
    check_the_registration_gap_is_in_deventer()
    for name, code in (("Enschede", "GM0153"), ("Deventer", "GM0150"), ("Ommen", "GM0175"), ("Kampen", "GM0166")):
        check_working_in_the_residence_municipality_is_table_1s_share(name, code)
    check_rivierenland_has_locations_that_keep_80_10_10_and_some_that_do_not()
    check_the_aggregate_locations_hold_the_rest_of_each_municipality()
    check_a_second_load_changes_no_row()
