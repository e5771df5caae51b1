"""`zicht location REF --format json` gains "occupancy" and the 80-10-10 "distribution" (§4.5)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from tests.occupancy.episodes import ON, build_world


@pytest.fixture
def world(region, municipality_a, municipality_b, municipality_elsewhere):
    return build_world(municipality_a, municipality_b, municipality_elsewhere)


def shown(ref: str, *args: str) -> dict:
    out = io.StringIO()
    call_command("location", ref, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_occupancy_and_distribution(world):
    summary = shown("LA1", "--date", ON.isoformat())
    assert summary["occupancy"] == 4
    assert summary["distribution"] == {
        "residents": 4,
        "known": 3,
        "same_municipality": 1,
        "elsewhere_in_region": 1,
        "outside_region": 1,
        "unknown": 1,
        "verdict": "insufficient_data",
    }


def test_an_empty_location_has_insufficient_data(world):
    summary = shown("LB1", "--date", "2024-06-01")
    assert summary["occupancy"] == 0
    assert summary["distribution"]["verdict"] == "insufficient_data"
    assert summary["distribution"]["known"] == 0


def test_a_compliant_location(world):
    # LB1 on ON: q1 lives and works in Zwolle.
    assert shown("LB1", "--date", ON.isoformat())["distribution"]["verdict"] == "compliant"
