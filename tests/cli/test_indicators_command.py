"""`zicht indicators AREA [--date] [--format json|text] [--refresh]`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.occupancy.episodes import ON, Episodes, build_world

CONTRACT_KEYS = {
    "area",
    "date",
    "living",
    "brp_registered",
    "registration_rate",
    "should_register_not_registered",
    "working",
    "working_in_residence_share",
    "working_in_residence_share_mean_of_municipalities",
    "stay_mix",
    "capacity_beds",
    "occupancy",
}


@pytest.fixture
def world(region, municipality_a, municipality_b, municipality_elsewhere):
    return build_world(municipality_a, municipality_b, municipality_elsewhere)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_contract_keys(world):
    data = json.loads(run("GM0150", "--date", ON.isoformat(), "--format", "json"))
    assert data.keys() >= CONTRACT_KEYS
    assert set(data["stay_mix"]) == {"short", "mid", "long"}
    assert data["area"]["code"] == "GM0150" and data["date"] == "2026-03-01"
    assert (data["living"], data["brp_registered"], data["should_register_not_registered"]) == (5, 2, 2)
    assert data["registration_rate"] == pytest.approx(0.4)
    assert (data["capacity_beds"], data["occupancy"]) == (20, 4)
    assert data["working_in_residence_share"] == 0.5


def test_region_by_name_and_province(world):
    region = json.loads(run("West-Overijssel", "--date", ON.isoformat(), "--format", "json"))
    assert region["area"]["kind"] == "region" and region["living"] == 6
    assert region["working_in_residence_share_mean_of_municipalities"] == pytest.approx(0.75)
    province = json.loads(run("PV23", "--date", ON.isoformat(), "--format", "json"))
    assert province["area"]["kind"] == "province"


def test_text_output(world):
    text = run("GM0150", "--date", ON.isoformat())
    assert "Deventer (municipality GM0150) on 2026-03-01" in text
    assert "registration rate             40.0 %" in text


def test_refresh_recomputes_a_stored_snapshot(world, municipality_a):
    # A plain read stores nothing (reads never write); --refresh stores the snapshot later reads use.
    assert json.loads(run("GM0150", "--date", ON.isoformat(), "--format", "json", "--refresh"))["living"] == 5
    e = Episodes()
    e.live(e.person(), municipality_a, ON, location=world["la1"])
    e.save()
    assert json.loads(run("GM0150", "--date", ON.isoformat(), "--format", "json"))["living"] == 5
    assert json.loads(run("GM0150", "--date", ON.isoformat(), "--format", "json", "--refresh"))["living"] == 6


def test_unknown_area_lists_the_accepted_forms(world):
    with pytest.raises(CommandError, match=r"GM0150.*PV23.*NL"):
        run("Atlantis")


@pytest.mark.parametrize("value", ["01-03-2026", "2026-02-30", "yesterday"])
def test_bad_date(world, value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("GM0150", "--date", value)
