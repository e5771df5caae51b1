"""`zicht import locations FILE`: the housing register from CSV or XLSX, idempotent by ref, and all-or-nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zicht.core.models import AuditAction, AuditEvent
from zicht.geography.models import Address
from zicht.housing.choices import LocationStatus
from zicht.housing.models import Location, LocationStatusChange

from ..factories import AddressFactory
from .console import zicht

HEADER = (
    "ref,name,municipality,postcode,house_number,house_number_addition,lat,lon,form,stay_type,status,"
    "capacity_beds,bedrooms,floor_area_m2,toilets,showers,operator_kvk"
)
LINDE = "DV-001,Logies De Linde,GM0150,7411 AB,12,,52.2551,6.1639,holiday_park,mid,in_use,10,10,200,2,2,12345678"
ZON = "DV-002,Hotel De Zon,0150,7411ab,14,a,,,hotel,short,permitted,10,5,100.5,2,2,"
WERF = "ZW-001,Werf Zwolle,GM0193,,,,52.5,6.09,employer_premises,long,initiative,8,,,,,"
GOOD = [HEADER, LINDE, ZON, WERF]


@pytest.fixture
def places(municipality_a, municipality_b, housing_provider):
    return municipality_a, municipality_b, housing_provider


def write(tmp_path: Path, lines: list[str], name: str = "locaties.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import", "locations", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failed_import(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import", "locations", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue() + "\n" + str(info.value)


def state() -> dict:
    return {
        "locations": list(Location.objects.order_by("ref").values()),
        "addresses": Address.objects.count(),
        "history": LocationStatusChange.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_good_file_creates_locations_addresses_history_and_verdicts(places, tmp_path):
    deventer, zwolle, provider = places
    out = run_import(write(tmp_path, GOOD))
    assert "3 created, 0 updated, 0 unchanged" in out
    linde = Location.objects.get(ref="DV-001")
    assert (linde.name, linde.municipality, linde.form, linde.stay_type) == (
        "Logies De Linde",
        deventer,
        "holiday_park",
        "mid",
    )
    assert (linde.status, linde.capacity_beds, linde.bedrooms, linde.toilets, linde.showers) == ("in_use", 10, 10, 2, 2)
    assert linde.floor_area_m2 == 200 and linde.operator == provider
    assert (str(linde.lat), str(linde.lon)) == ("52.255100", "6.163900")
    assert (linde.address.postcode, linde.address.house_number, linde.address.municipality) == ("7411 AB", 12, deventer)
    # 10 persons, 200 m², 10 bedrooms: passes the minimum norm (15 m² and one bedroom each), norm capacity 10.
    assert (linde.norm_verdict, linde.norm_capacity, linde.norm_set_applied.code) == ("pass", 10, "minimum")
    zon = Location.objects.get(ref="DV-002")
    assert (zon.address.postcode, zon.address.house_letter, zon.address.addition) == ("7411 AB", "A", "")
    assert zon.lat is None and zon.operator is None and zon.floor_area_m2 == pytest.approx(100.5)
    assert zon.norm_verdict == "fail"  # 10 persons in 5 bedrooms breaks one person per bedroom
    werf = Location.objects.get(ref="ZW-001")
    assert werf.municipality == zwolle and werf.address is None and werf.norm_verdict == "unknown"
    assert Address.objects.count() == 2
    assert list(LocationStatusChange.objects.filter(location=linde).values_list("from_status", "to_status")) == [
        ("", "in_use")
    ]
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.object_type == "housing.location"
    assert event.detail == "locaties.csv: 3 created, 0 updated, 0 unchanged"


def test_same_file_again_changes_nothing(places, tmp_path):
    path = write(tmp_path, GOOD)
    run_import(path)
    before = state()
    assert "0 created, 0 updated, 3 unchanged" in run_import(path)
    after = state()
    assert after["audit"] == before["audit"] + 1  # only the import itself is logged
    assert {k: v for k, v in after.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}


def test_changed_row_updates_and_records_the_status_change(places, tmp_path):
    run_import(write(tmp_path, GOOD))
    closed = LINDE.replace(",in_use,10,", ",closed,12,")
    out = run_import(write(tmp_path, [HEADER, closed, ZON, WERF], name="v2.csv"))
    assert "0 created, 1 updated, 2 unchanged" in out
    linde = Location.objects.get(ref="DV-001")
    assert (linde.status, linde.capacity_beds) == (LocationStatus.CLOSED, 12)
    last = linde.status_history.order_by("pk").last()
    assert (last.from_status, last.to_status, last.note) == ("in_use", "closed", "Import")
    assert linde.status_history.count() == 2
    # 12 persons in 10 bedrooms: the stored verdict follows the new figures.
    assert linde.norm_verdict == "fail"


def test_an_import_clears_figures_left_empty_and_moves_an_address(places, tmp_path):
    run_import(write(tmp_path, GOOD))
    moved = "DV-001,Logies De Linde,GM0150,7412 CD,3,,,,holiday_park,mid,in_use,10,,,2,2,12345678"
    assert "1 updated" in run_import(write(tmp_path, [HEADER, moved], name="v2.csv"))
    linde = Location.objects.get(ref="DV-001")
    assert (linde.address.postcode, linde.address.house_number) == ("7412 CD", 3)
    assert linde.bedrooms is None and linde.floor_area_m2 is None and linde.lat is None
    assert linde.norm_verdict == "unknown"


def test_coordinates_come_from_the_address_when_the_file_has_none(places, tmp_path):
    deventer = places[0]
    AddressFactory(postcode="7411 AB", house_number=14, house_letter="A", municipality=deventer, lat=52.25, lon=6.16)
    run_import(write(tmp_path, [HEADER, ZON]))
    zon = Location.objects.get(ref="DV-002")
    assert (float(zon.lat), float(zon.lon)) == (52.25, 6.16)
    assert Address.objects.count() == 1  # the known address is reused, not duplicated


def test_xlsx(places, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["X-1", "Vakantiepark", "GM0150", "7411 AB", 12, None, 52.2551, 6.1639, "holiday_park", "mid"])
    sheet.cell(row=2, column=11, value="in_use")
    for column, value in zip(range(12, 18), [10, 10, 200, 2, 2, 12345678], strict=True):
        sheet.cell(row=2, column=column, value=value)
    path = tmp_path / "locaties.xlsx"
    workbook.save(path)
    assert "1 created" in run_import(path)
    location = Location.objects.get(ref="X-1")
    assert (location.address.house_number, location.capacity_beds, location.operator.kvk_number) == (
        12,
        10,
        "12345678",
    )


def row(**changes: str) -> str:
    """LINDE with some cells replaced."""
    cells = dict(zip(HEADER.split(","), LINDE.split(","), strict=True))
    cells.update(changes)
    return ",".join(cells.values())


SECOND = ZON  # a good row before the bad one: it must not be written either
BROKEN = {
    "bad postcode": ([row(postcode="7411")], ["row 3, field 'postcode'", "'7411' is geen postcode"]),
    "unknown municipality": (
        [row(municipality="GM9999")],
        ["row 3, field 'municipality'", "Onbekende gemeente GM9999"],
    ),
    "not a municipality code": ([row(municipality="Deventer")], ["field 'municipality'", "geen gemeentecode"]),
    "unknown form": ([row(form="tent")], ["row 3, field 'form'", "Onbekende vorm 'tent'", "holiday_park"]),
    "unknown stay type": ([row(stay_type="weekend")], ["field 'stay_type'", "Onbekende verblijfsduur 'weekend'"]),
    "unknown status": ([row(status="open")], ["field 'status'", "Onbekende status 'open'"]),
    "negative capacity": ([row(capacity_beds="-3")], ["row 3, field 'capacity_beds'", "-3 is negatief"]),
    "non-numeric capacity": ([row(capacity_beds="veel")], ["field 'capacity_beds'", "'veel' is geen geheel getal"]),
    "empty capacity": ([row(capacity_beds="")], ["field 'capacity_beds'", "Leeg"]),
    "ref twice": ([LINDE, row(name="Ander")], ["row 4, field 'ref'", "Dubbel", "DV-001", "rij 3"]),
    "lat without lon": ([row(lon="")], ["row 3, field 'lon'", "ook de lengtegraad"]),
    "lon without lat": ([row(lat="")], ["row 3, field 'lat'", "ook de breedtegraad"]),
    "latitude outside NL": ([row(lat="48.85")], ["field 'lat'", "48.85 ligt niet in Nederland"]),
    "longitude outside NL": ([row(lon="2.35")], ["field 'lon'", "2.35 ligt niet in Nederland"]),
    "non-numeric latitude": ([row(lat="noord")], ["field 'lat'", "'noord' is geen getal"]),
    "house number zero": ([row(house_number="0")], ["field 'house_number'", "positief geheel getal"]),
    "house number with letter": ([row(house_number="12a")], ["field 'house_number'", "'12a'"]),
    "postcode without number": ([row(house_number="")], ["row 3, field 'house_number'", "ook het huisnummer"]),
    "number without postcode": ([row(postcode="")], ["row 3, field 'postcode'", "ook de postcode"]),
    "long addition": ([row(house_number_addition="bis-2")], ["field 'house_number_addition'", "ten hoogste 4"]),
    "kvk not 8 digits": ([row(operator_kvk="1234")], ["field 'operator_kvk'", "'1234' is geen KvK-nummer"]),
    "kvk unknown": (
        [row(operator_kvk="87654321")],
        ["field 'operator_kvk'", "Geen organisatie met KvK-nummer 87654321"],
    ),
    "negative bedrooms": ([row(bedrooms="-1")], ["field 'bedrooms'", "negatief"]),
    "non-numeric toilets": ([row(toilets="twee")], ["field 'toilets'", "'twee' is geen geheel getal"]),
    "non-numeric showers": ([row(showers="1.5")], ["field 'showers'", "'1.5' is geen geheel getal"]),
    "negative floor area": ([row(floor_area_m2="-20")], ["field 'floor_area_m2'", "negatief"]),
    "non-numeric floor area": ([row(floor_area_m2="groot")], ["field 'floor_area_m2'", "'groot' is geen getal"]),
    "floor area too precise": ([row(floor_area_m2="20.25")], ["field 'floor_area_m2'", "meer dan één decimaal"]),
    "empty name": ([row(name="")], ["row 3, field 'name'", "De naam is leeg"]),
    "empty ref": ([row(ref="")], ["row 3, field 'ref'", "De referentie is leeg"]),
    "ref too long": ([row(ref="R" * 65)], ["field 'ref'", "65 tekens", "ten hoogste 64"]),
    "too many cells": ([LINDE + ",extra"], ["row 3", "meer dan de kopregel"]),
}
HEADER_BROKEN = {
    "missing column": (
        HEADER.replace(",operator_kvk", ""),
        [LINDE.rsplit(",", 1)[0]],
        ["row 1:", "Verkeerde kopregel", "ontbrekende kolom(men): operator_kvk", "1 error(s)"],
    ),
    "extra column": (HEADER + ",remarks", [LINDE + ",x"], ["row 1", "onbekende kolom(men): remarks"]),
    "misspelled column": (
        HEADER.replace("capacity_beds", "capacity_bed"),
        [LINDE],
        ["row 1", "ontbrekende kolom(men): capacity_beds; onbekende kolom(men): capacity_bed."],
    ),
    "column twice": (HEADER + ",ref", [LINDE + ",DV-001"], ["row 1:", "dubbele kolom(men): ref", HEADER]),
    "header only": (HEADER, [], ["geen locaties"]),
}


def assert_rejected(path: Path, expected: list[str]) -> str:
    before = state()
    output = failed_import(path)
    assert state() == before, "a rejected import must write nothing"
    assert "nothing was imported" in output
    for text in expected:
        assert text in output, (text, output)
    return output


@pytest.mark.parametrize("case", list(BROKEN))
def test_bad_row_imports_nothing_and_names_row_and_field(places, tmp_path, case):
    lines, expected = BROKEN[case]
    assert_rejected(write(tmp_path, [HEADER, SECOND, *lines]), expected)
    assert not Location.objects.exists() and not Address.objects.exists()


@pytest.mark.parametrize("case", list(HEADER_BROKEN))
def test_bad_header_is_a_file_level_error(places, tmp_path, case):
    header, lines, expected = HEADER_BROKEN[case]
    assert_rejected(write(tmp_path, [header, *lines]), expected)


def test_every_bad_row_and_field_is_reported(places, tmp_path):
    lines = [HEADER, row(postcode="1"), ZON, row(ref="DV-003", form="tent", capacity_beds="-1"), row(ref="DV-004")]
    output = assert_rejected(write(tmp_path, lines), ["row 2, field 'postcode'", "row 4, field 'form'"])
    assert "row 4, field 'capacity_beds'" in output
    assert "3 error(s)" in output


def test_address_recorded_in_another_municipality_is_rejected(places, tmp_path):
    AddressFactory(postcode="7411 AB", house_number=12, municipality=places[1])
    assert_rejected(write(tmp_path, [HEADER, LINDE]), ["row 2, field 'municipality'", "7411 AB 12", "Zwolle"])


def test_existing_location_keeps_its_neighbourhood_unless_the_address_has_one(places, tmp_path):
    from ..factories import NeighbourhoodFactory

    deventer = places[0]
    run_import(write(tmp_path, [HEADER, LINDE]))
    buurt = NeighbourhoodFactory(district__municipality=deventer)
    Location.objects.filter(ref="DV-001").update(neighbourhood=buurt)
    run_import(write(tmp_path, [HEADER, row(capacity_beds="9")], name="v2.csv"))
    assert Location.objects.get(ref="DV-001").neighbourhood == buurt
    other = NeighbourhoodFactory(district__municipality=deventer)
    Address.objects.filter(postcode="7411 AB", house_number=12).update(neighbourhood=other)
    run_import(write(tmp_path, [HEADER, row(capacity_beds="8")], name="v3.csv"))
    assert Location.objects.get(ref="DV-001").neighbourhood == other


def test_missing_file_and_unreadable_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "locations", str(tmp_path / "nope.csv"))
    path = tmp_path / "locaties.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError, match="Onbekend bestandstype"):
        call_command("import", "locations", str(path))


def test_exit_codes_of_the_console_script(migrated):
    """The real `zicht` script: 0 and a summary for a good file, 1 and every error on stderr for a bad one."""
    env, tmp_path = migrated
    municipalities = write(tmp_path, ["code,name,province_code,province", "GM0150,Deventer,PV23,Overijssel"], "g.csv")
    assert zicht(env, "import", "municipalities", str(municipalities)).returncode == 0
    good = write(tmp_path, [HEADER, row(operator_kvk="")], "good.csv")
    result = zicht(env, "import", "locations", str(good))
    assert result.returncode == 0, result.stderr
    assert "1 created, 0 updated, 0 unchanged" in result.stdout
    bad = write(tmp_path, [HEADER, row(ref="DV-009", form="tent", capacity_beds="-2", operator_kvk="")], "bad.csv")
    result = zicht(env, "import", "locations", str(bad))
    assert result.returncode == 1
    assert "row 2, field 'form'" in result.stderr and "row 2, field 'capacity_beds'" in result.stderr
    assert "2 error(s); nothing was imported" in result.stderr
    shown = zicht(env, "location", "DV-001", "--format", "json")
    assert shown.returncode == 0 and '"ref": "DV-001"' in shown.stdout
    missing = zicht(env, "location", "NOPE")
    assert missing.returncode == 1 and "no location with reference 'NOPE'" in missing.stderr
    bad_date = zicht(env, "location", "DV-001", "--date", "31-12-2025")
    assert bad_date.returncode != 0 and "YYYY-MM-DD" in bad_date.stderr
