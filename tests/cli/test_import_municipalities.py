"""`zicht import municipalities FILE`: CSV (demo and CBS layout) and XLSX, idempotent, and all-or-nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from zicht.core.models import AuditAction, AuditEvent
from zicht.geography.models import Municipality, Province, Region

DEMO_HEADER = "code,name,province_code,province,regions"
CBS_HEADER = "Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam"
DEMO_ROWS = [
    "GM0150,Deventer,PV23,Overijssel,West-Overijssel;Stedendriehoek",
    "GM0193,Zwolle,PV23,Overijssel,West-Overijssel",
    "GM0281,Tiel,PV25,Gelderland,",
]


def write(tmp_path: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import", "municipalities", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failed_import(path: Path) -> str:
    """The whole error output (row errors and the final message) of an import that must fail."""
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import", "municipalities", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue() + "\n" + str(info.value)


def counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "provinces": Province.objects.count(),
        "regions": Region.objects.count(),
        "links": Region.municipalities.through.objects.count(),
        "audit": AuditEvent.objects.count(),
        "names": hash(tuple(Municipality.objects.order_by("code").values_list("code", "name", "province__code"))),
    }


def test_demo_csv(db, tmp_path):
    out = run_import(write(tmp_path, "gemeenten.csv", ["# CBS codes", DEMO_HEADER, *DEMO_ROWS]))
    assert "3 created, 0 updated, 0 unchanged" in out
    assert dict(Municipality.objects.values_list("code", "name")) == {
        "GM0150": "Deventer",
        "GM0193": "Zwolle",
        "GM0281": "Tiel",
    }
    assert Municipality.objects.get(code="GM0281").province.name == "Gelderland"
    assert Province.objects.get(code="PV23").name == "Overijssel"
    assert {m.code for m in Region.objects.get(name="West-Overijssel").municipalities.all()} == {"GM0150", "GM0193"}
    assert Region.objects.get(name="Stedendriehoek").slug == "stedendriehoek"
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.object_type == "geography.municipality" and "gemeenten.csv: 3 created" in event.detail


def test_cbs_csv_with_semicolons_quotes_and_padding(db, tmp_path):
    path = write(
        tmp_path,
        "Gemeenten alfabetisch 2024.csv",
        [
            CBS_HEADER,
            '"0150";"GM0150";"Deventer                 ";"23";"PV23";"Overijssel          "',
            '"1900";"GM1900";"Súdwest-Fryslân";"21";"PV21";"Fryslân"',
            '"0281";"GM0281";"Tiel";"25";"PV25";"Gelderland"',
        ],
        encoding="cp1252",
    )
    assert "3 created" in run_import(path)
    assert Municipality.objects.get(code="GM1900").name == "Súdwest-Fryslân"
    assert Municipality.objects.get(code="GM0150").name == "Deventer"
    assert Municipality.objects.get(code="GM1900").province.code == "PV21"
    assert not Region.objects.exists()


def test_xlsx(db, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Gemeentecode", "Gemeentenaam", "Provinciecode", "Provincienaam"])
    sheet.append([150, "Deventer", 23, "Overijssel"])  # numbers, as spreadsheets store them
    sheet.append(["GM0193", "Zwolle", "PV23", "Overijssel"])
    sheet.append([None, None, None, None])
    sheet.append(["0281", "Tiel", "25", "Gelderland"])
    path = tmp_path / "gemeenten.xlsx"
    workbook.save(path)
    assert "3 created" in run_import(path)
    assert set(Municipality.objects.values_list("code", flat=True)) == {"GM0150", "GM0193", "GM0281"}


def test_reimport_is_idempotent(db, tmp_path):
    path = write(tmp_path, "gemeenten.csv", [DEMO_HEADER, *DEMO_ROWS])
    run_import(path)
    before = counts()
    out = run_import(path)
    assert "0 created, 0 updated, 3 unchanged" in out
    after = counts()
    assert after["audit"] == before["audit"] + 1  # the import itself is logged
    assert {k: v for k, v in after.items() if k != "audit"} == {k: v for k, v in before.items() if k != "audit"}


def test_renamed_municipality_is_updated(db, tmp_path):
    run_import(write(tmp_path, "2023.csv", [DEMO_HEADER, *DEMO_ROWS]))
    pk = Municipality.objects.get(code="GM0193").pk
    renamed = [DEMO_ROWS[0], "GM0193,Zwolle aan de Vecht,PV23,Overijssel,West-Overijssel", DEMO_ROWS[2]]
    out = run_import(write(tmp_path, "2024.csv", [DEMO_HEADER, *renamed]))
    assert "0 created, 1 updated, 2 unchanged" in out
    municipality = Municipality.objects.get(code="GM0193")
    assert (municipality.pk, municipality.name) == (pk, "Zwolle aan de Vecht")
    assert Municipality.objects.count() == 3


def test_existing_municipality_moves_province(municipality_a, tmp_path):
    out = run_import(write(tmp_path, "fix.csv", [DEMO_HEADER, "GM0150,Deventer,PV25,Gelderland,"]))
    assert "0 created, 1 updated" in out
    municipality_a.refresh_from_db()
    assert municipality_a.province.code == "PV25"


GOOD_FIRST = "GM0141,Almelo,PV23,Overijssel,Twente"
BROKEN_FILES = {
    "wrong header": (
        ["gemeente,naam,provincie", "GM0141,Almelo,Overijssel"],
        ["row 1", "wrong header", "code (GemeentecodeGM or Gemeentecode)", "province_code"],
    ),
    "unknown province code": (
        [DEMO_HEADER, GOOD_FIRST, "GM0150,Deventer,PV99,Overijssel,"],
        ["row 3", "field 'province_code'", "unknown province PV99"],
    ),
    "province code and name disagree": (
        [DEMO_HEADER, GOOD_FIRST, "GM0150,Deventer,PV23,Gelderland,"],
        ["row 3", "field 'province'", "'Gelderland'", "PV23"],
    ),
    "malformed code": (
        [DEMO_HEADER, GOOD_FIRST, "G150X,Deventer,PV23,Overijssel,"],
        ["row 3", "field 'code'", "'G150X'"],
    ),
    "malformed province code": (
        [DEMO_HEADER, GOOD_FIRST, "GM0150,Deventer,Overijssel,Overijssel,"],
        ["row 3", "field 'province_code'", "not a province code"],
    ),
    "duplicate row": (
        [DEMO_HEADER, GOOD_FIRST, "GM0150,Deventer,PV23,Overijssel,", "GM0150,Deventer,PV23,Overijssel,"],
        ["row 4", "field 'code'", "duplicate", "row 3"],
    ),
    "duplicate name": (
        [DEMO_HEADER, GOOD_FIRST, "GM0150,Deventer,PV23,Overijssel,", "GM0151,deventer,PV23,Overijssel,"],
        ["row 4", "field 'name'", "duplicate"],
    ),
    "empty name": (
        [DEMO_HEADER, GOOD_FIRST, "GM0150,,PV23,Overijssel,"],
        ["row 3", "field 'name'", "empty"],
    ),
    "too many cells": (
        [DEMO_HEADER, GOOD_FIRST, "GM0150,Deventer,PV23,Overijssel,,extra"],
        ["row 3", "more cell(s)"],
    ),
    "header only": ([DEMO_HEADER], ["no municipalities"]),
}


@pytest.mark.parametrize("case", list(BROKEN_FILES))
def test_broken_file_imports_nothing_and_names_file_row_and_field(municipality_a, tmp_path, case):
    lines, expected = BROKEN_FILES[case]
    path = write(tmp_path, "kapot.csv", lines)
    before = counts()
    output = failed_import(path)
    assert counts() == before
    assert not Municipality.objects.filter(code="GM0141").exists()
    assert str(path) in output
    assert "nothing was imported" in output
    for text in expected:
        assert text in output, (text, output)


def test_every_bad_row_is_reported(db, tmp_path):
    path = write(
        tmp_path,
        "kapot.csv",
        [DEMO_HEADER, "G150X,Deventer,PV23,Overijssel,", GOOD_FIRST, "GM0193,Zwolle,PV99,Overijssel,"],
    )
    output = failed_import(path)
    assert f"{path}: row 2, field 'code'" in output
    assert f"{path}: row 4, field 'province_code'" in output
    assert "2 error(s)" in output


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("leeg.csv", b"", "Het bestand is leeg"),
        ("alleen-commentaar.csv", b"# nothing here\n", "Het bestand is leeg"),
        ("gemeenten.ods", b"PK\x03\x04 not for us", "Onbekend bestandstype .ods: gebruik .csv of .xlsx"),
        ("kapot.xlsx", b"this is not a workbook", "geen leesbare XLSX-werkmap"),
    ],
)
def test_unreadable_files_import_nothing(municipality_a, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    before = counts()
    output = failed_import(path)
    assert counts() == before
    assert str(path) in output and expected in output


def test_missing_file(db, tmp_path):
    path = tmp_path / "bestaat-niet.csv"
    output = failed_import(path)
    assert f"{path}: no such file" in output
    assert not Municipality.objects.exists()


def test_unknown_kind_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import", "persons", str(tmp_path / "x.csv"))


def test_rejected_import_writes_the_same_error_file_as_every_importer(db, tmp_path):
    path = write(
        tmp_path,
        "kapot.csv",
        [DEMO_HEADER, "G150X,Deventer,PV23,Overijssel,", GOOD_FIRST, "GM0193,Zwolle,PV99,Overijssel,"],
    )
    errors = tmp_path / "fouten.csv"
    with pytest.raises(CommandError):
        call_command(
            "import", "municipalities", str(path), "--errors", str(errors), stdout=io.StringIO(), stderr=io.StringIO()
        )
    lines = errors.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Rij,Kolom,Reden"
    assert [line.split(",")[:2] for line in lines[1:]] == [["2", "code"], ["4", "province_code"]]
