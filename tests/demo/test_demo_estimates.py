"""The demo's published estimates (Overijssel table 1) and the table reader behind them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from zicht.demo.estimates import load_estimates
from zicht.demo.loading import CREATED, UNCHANGED, Tally
from zicht.demo.services import load_geography
from zicht.geography.areas import AreaKind, resolve_area
from zicht.occupancy.choices import EstimateMeasure
from zicht.occupancy.estimates import estimates_for, load_overijssel_table_1
from zicht.occupancy.models import Estimate

ON = datetime.date(2026, 3, 1)


@pytest.fixture
def geography(db):
    load_geography()


def test_table_1_is_loaded_once(geography):
    tally = load_estimates()
    assert tally.total(CREATED) == 25 * 3
    deventer = Estimate.objects.get(area_code="GM0150", measure=EstimateMeasure.LIVING)
    assert (deventer.low, deventer.high, deventer.year) == (Decimal(2500), Decimal(5000), 2021)
    share = Estimate.objects.get(area_code="GM0150", measure=EstimateMeasure.WORKING_IN_RESIDENCE_SHARE)
    assert share.low == share.high == Decimal(32)
    again = load_estimates(Tally())
    assert (again.total(CREATED), again.total(UNCHANGED)) == (0, 75)


def test_the_province_shows_the_sum_of_municipal_estimates(geography):
    load_estimates()
    estimates = {e.measure: e for e in estimates_for(resolve_area("PV23"), ON)}
    living = estimates[EstimateMeasure.LIVING]
    # Table 1's ranges summed over the 25 municipalities (the source's "about 22,700" lies inside).
    assert (living.low, living.high) == (Decimal(16260), Decimal(29100))
    assert living.area_kind == AreaKind.PROVINCE and "25" in living.source


def test_an_unknown_municipality_is_an_error(geography, tmp_path):
    path = tmp_path / "table.csv"
    path.write_text(
        "# comment\nmunicipality,region,living_min,living_max,pct_inhabitants_min,pct_inhabitants_max,"
        "working_min,working_max,pct_working_in_residence\nAtlantis,Twente,1,2,0,0,1,2,3\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="Atlantis"):
        load_overijssel_table_1(path)
