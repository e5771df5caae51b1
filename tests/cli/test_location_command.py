"""`zicht location REF [--date] [--format]`: a location and its verdict under every norm set on a date."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from zicht.housing import services
from zicht.housing.choices import CertificateScheme, LocationForm, LocationStatus, StayType


def make(municipality, ref: str, **figures):
    data = {
        "ref": ref,
        "name": f"Locatie {ref}",
        "municipality": municipality,
        "form": LocationForm.BUSINESS_PARK,
        "stay_type": StayType.SHORT,
        "status": LocationStatus.IN_USE,
        "status_since": datetime.date(2024, 3, 1),
        "capacity_beds": 10,
        "floor_area_m2": 200,
        "bedrooms": 10,
        "bedroom_area_m2": 60,
        "toilets": 2,
        "showers": 2,
        **figures,
    }
    return services.location_create(by=None, data=data, check=False)


def shown(ref: str, *args: str) -> dict:
    out = io.StringIO()
    call_command("location", ref, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def norm(summary: dict, code: str) -> dict:
    return next(item for item in summary["norms"] if item["norm_set"] == code)


def rule(norm_summary: dict, kind: str) -> dict:
    return next(item for item in norm_summary["rules"] if item["kind"] == kind)


def test_a_location_that_passes(municipality_a, housing_provider):
    make(municipality_a, "OK-1", operator=housing_provider)
    summary = shown("OK-1", "--date", "2025-06-01")
    assert summary["ref"] == "OK-1" and summary["name"] == "Locatie OK-1"
    assert (summary["municipality"], summary["municipality_name"]) == ("GM0150", "Deventer")
    assert (summary["form"], summary["stay_type"], summary["status"]) == ("business_park", "short", "in_use")
    assert summary["status_since"] == "2024-03-01" and summary["date"] == "2025-06-01"
    assert summary["operator"] == {"name": "Flexwonen BV", "kvk": "12345678"}
    assert summary["capacity_beds"] == 10 and summary["figures"]["floor_area_m2"] == 200
    assert summary["applicable_norm_set"] == "minimum"
    assert [item["norm_set"] for item in summary["norms"]] == ["minimum", "akf", "snf"]  # applicable first
    minimum = norm(summary, "minimum")
    assert (minimum["applicable"], minimum["verdict"], minimum["norm_capacity"]) == (True, "pass", 10)
    area = rule(minimum, "area_per_person")
    # 200 m² at 15 m² a person allows 13 persons; 10 bedrooms at one person each allow 10: norm capacity 10.
    assert area == {
        "kind": "area_per_person",
        "figure": "floor_area_m2",
        "figure_value": 200,
        "limit": 15,
        "max_persons": 13,
        "verdict": "pass",
    }
    assert rule(minimum, "persons_per_bedroom")["max_persons"] == 10
    assert minimum["missing"] == []
    assert (summary["verdict"], summary["norm_capacity"]) == ("pass", 10)
    for item in summary["norms"]:
        assert item["verdict"] in {"pass", "fail", "unknown"}


def test_a_location_that_fails(municipality_a):
    make(municipality_a, "FAIL-1", capacity_beds=20)
    minimum = norm(shown("FAIL-1", "--date", "2025-06-01"), "minimum")
    assert (minimum["verdict"], minimum["norm_capacity"], minimum["persons"]) == ("fail", 10, 20)
    assert rule(minimum, "area_per_person")["verdict"] == "fail"  # 20 persons at 15 m² = 300 m² > 200 m²
    assert rule(minimum, "persons_per_bedroom")["verdict"] == "fail"


def test_a_missing_figure_is_unknown_and_named(municipality_a):
    make(municipality_a, "GAP-1", floor_area_m2=None)
    summary = shown("GAP-1", "--date", "2025-06-01")
    minimum = norm(summary, "minimum")
    assert (minimum["verdict"], minimum["norm_capacity"], minimum["missing"]) == ("unknown", None, ["floor_area_m2"])
    area = rule(minimum, "area_per_person")
    assert (area["verdict"], area["figure_value"], area["max_persons"]) == ("unknown", None, None)
    assert summary["figures"]["floor_area_m2"] is None and summary["verdict"] == "unknown"


def test_the_akf_norm_changes_from_13_to_15_square_metres_on_1_january_2026(municipality_a):
    make(
        municipality_a,
        "AKF-1",
        floor_area_m2=130,
        bedrooms=5,
        certificate_scheme=CertificateScheme.AKF,
        certificate_number="AKF-123",
        certificate_valid_until=datetime.date(2027, 1, 1),
    )
    before = shown("AKF-1", "--date", "2025-12-31")
    after = shown("AKF-1", "--date", "2026-01-01")
    assert before["applicable_norm_set"] == after["applicable_norm_set"] == "akf"
    akf_before, akf_after = norm(before, "akf"), norm(after, "akf")
    assert (akf_before["version_valid_from"], akf_after["version_valid_from"]) == ("2019-01-01", "2026-01-01")
    assert rule(akf_before, "area_per_person")["limit"] == 13
    assert rule(akf_after, "area_per_person")["limit"] == 15
    # 130 m² houses 10 persons at 13 m² each, but only 8 at 15 m².
    assert (akf_before["verdict"], akf_before["norm_capacity"]) == ("pass", 10)
    assert (akf_after["verdict"], akf_after["norm_capacity"]) == ("fail", 8)


def test_a_date_before_any_version_is_unknown(municipality_a):
    make(municipality_a, "OLD-1")
    akf = norm(shown("OLD-1", "--date", "2018-01-01"), "akf")
    assert (akf["verdict"], akf["version_valid_from"], akf["rules"], akf["norm_capacity"]) == (
        "unknown",
        None,
        [],
        None,
    )


def test_text_format_is_a_readable_summary(municipality_a):
    make(municipality_a, "TXT-1", floor_area_m2=None)
    out = io.StringIO()
    call_command("location", "TXT-1", "--date", "2025-06-01", stdout=out)
    text = out.getvalue()
    assert text.startswith("Locatie TXT-1 (TXT-1)")
    assert "Deventer (GM0150)" in text and "10 beds" in text
    assert "Norms on 2025-06-01 (applicable: minimum)" in text
    assert "* minimum" in text and "missing: floor_area_m2" in text


def test_unknown_ref_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no location with reference 'NOPE'"):
        call_command("location", "NOPE", stdout=io.StringIO())


@pytest.mark.parametrize("value", ["31-12-2025", "2025-02-30", "morgen"])
def test_bad_date_is_a_clear_error(municipality_a, value):
    make(municipality_a, "D-1")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("location", "D-1", "--date", value, stdout=io.StringIO())
