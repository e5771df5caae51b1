"""Bad input: every wrong row is reported with its row and column, and nothing at all is written."""

from __future__ import annotations

import pytest

from zicht.occupancy.choices import UploadStatus
from zicht.occupancy.ingest import error_report_csv, run_ingest
from zicht.occupancy.ingest import runner as ingest_runner
from zicht.occupancy.ingest.validation import STORED_ERRORS
from zicht.occupancy.models import BrpEpisode, EmploymentEpisode, Person, ResidenceEpisode

from .ingest_support import (
    BRP_HEADER,
    OCCUPANCY_HEADER,
    bsns,
    places_fixture,  # noqa: F401  (the `places` fixture)
    write_csv,
    write_json,
)

BSN = bsns(12)
INVALID_BSN = "123456789"  # fails the eleven-test


@pytest.fixture(autouse=True)
def no_refresh(monkeypatch):
    monkeypatch.setattr(ingest_runner, "_refresh_indicators", lambda ids: None)


def nothing_written() -> bool:
    return not (
        Person.objects.exists()
        or ResidenceEpisode.objects.exists()
        or EmploymentEpisode.objects.exists()
        or BrpEpisode.objects.exists()
    )


def errors_of(upload) -> list[tuple[int, str]]:
    return [(error["row"], error["field"]) for error in upload.errors]


def test_every_bad_occupancy_row_reported(tmp_path, places):
    rows = [
        f"{BSN[0]},D-1,2025-01-01,,GM0150,,",  # 2: good
        f"{INVALID_BSN},D-1,2025-01-01,,,,",  # 3: eleven-test
        f"{BSN[1]},X-99,2025-01-01,,,,",  # 4: unknown location
        f"{BSN[2]},D-1,2025-03-01,2025-02-01,,,",  # 5: to before from
        f"{BSN[3]},D-1,2025-01-01,,GM9999,,",  # 6: unknown municipality
        f"{BSN[4]},D-1,01-02-2025,,,,",  # 7: date format
        f"{BSN[5]},D-1,2025-01-01,,,99999999,",  # 8: unknown KvK
        f"{BSN[0]},D-1,2025-01-01,,GM0150,,",  # 9: same identity as row 2
        ",D-1,,,,,12",  # 10: no BSN, no from, a KvK that is no KvK
        f"{BSN[6]},D-1,2025-02-30,,,,",  # 11: no such day
    ]
    upload = run_ingest("occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows))
    assert upload.status == UploadStatus.REJECTED
    assert errors_of(upload) == [
        (3, "bsn"),
        (4, "location_ref"),
        (5, "to"),
        (6, "work_municipality"),
        (7, "from"),
        (8, "employer_kvk"),
        (9, ""),
        (10, "bsn"),
        (10, "from"),
        (10, "agency_kvk"),
        (11, "from"),
    ]
    assert upload.error_count == 11 and upload.rows_total == 10
    assert "rij 2" in upload.errors[6]["reason"]
    assert (upload.created, upload.updated, upload.unchanged) == (0, 0, 0)
    assert nothing_written()
    report = error_report_csv(upload)
    assert report.splitlines()[0] == "Rij,Kolom,Reden" and len(report.splitlines()) == 12
    assert INVALID_BSN not in report and INVALID_BSN not in str(upload.errors)


def test_bad_brp_rows(tmp_path, places):
    rows = [
        f"{BSN[0]},resident,GM0150,7411AB,12,2025-01-01,",  # 2: good
        f"{BSN[1]},visitor,GM0150,,,2025-01-01,",  # 3: registration
        f"{BSN[2]},resident,,,,2025-01-01,",  # 4: resident without municipality
        f"{BSN[3]},rni,GM0150,,,2025-01-01,",  # 5: rni with a municipality
        f"{BSN[4]},resident,GM0150,7411AB,99,2025-01-01,",  # 6: unknown address
        f"{BSN[5]},resident,GM0193,7411AB,12,2025-01-01,",  # 7: address in another municipality
        f"{BSN[6]},resident,GM0150,7411AB,,2025-01-01,",  # 8: postcode without number
        f"{BSN[0]},resident,GM0150,7411 ab,12,2025-01-01,2025-02-01",  # 9: repeats row 2's identity
    ]
    upload = run_ingest("brp", write_csv(tmp_path / "brp.csv", BRP_HEADER, rows))
    assert errors_of(upload) == [
        (3, "registration"),
        (4, "municipality"),
        (5, "registration"),
        (6, "postcode"),
        (7, "postcode"),
        (8, "house_number"),
        (9, ""),
    ]
    assert nothing_written()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "leeg"),
        (b"\n\n", "leeg"),
        (b"bsn,location_ref,from,to\n", "ontbrekende kolom(men): work_municipality, employer_kvk, agency_kvk"),
        (f"{OCCUPANCY_HEADER},extra\n".encode(), "onbekende kolom(men): extra"),
        (f"{OCCUPANCY_HEADER}\n".encode(), "geen rijen"),
        (f"{OCCUPANCY_HEADER}\n".encode("utf-16"), "UTF-16"),
        (f"{OCCUPANCY_HEADER}\n\x81\x8d,D-1\n".encode("latin-1"), "niet in UTF-8"),
    ],
    ids=["empty", "blank", "missing-columns", "unknown-column", "header-only", "utf-16", "undecodable"],
)
def test_file_level_problems(tmp_path, places, content, expected):
    path = tmp_path / "lijst.csv"
    path.write_bytes(content)
    upload = run_ingest("occupancy", path)
    assert upload.status == UploadStatus.REJECTED and upload.error_count == 1
    assert expected in upload.errors[0]["reason"]
    assert nothing_written()


def test_unknown_file_type_and_bad_json(tmp_path, places):
    odt = tmp_path / "lijst.odt"
    odt.write_bytes(b"PK\x03\x04")
    assert "Onbekend bestandstype" in run_ingest("occupancy", odt).errors[0]["reason"]
    broken = tmp_path / "lijst.json"
    broken.write_text('[{"bsn": "1"}, {"bsn": ', encoding="utf-8")
    assert run_ingest("occupancy", broken).status == UploadStatus.REJECTED
    uneven = write_json(tmp_path / "u.json", OCCUPANCY_HEADER, [f"{BSN[0]},D-1,2025-01-01,,,,"])
    uneven.write_text(uneven.read_text()[:-1] + ', {"bsn": "x"}]', encoding="utf-8")
    upload = run_ingest("occupancy", uneven)
    assert errors_of(upload) == [(2, "")]  # JSON rows are numbered from 1
    assert nothing_written()


def test_every_error_counted_but_only_the_first_stored(tmp_path, places):
    rows = [f"{INVALID_BSN},D-1,2025-01-01,,,," for _ in range(STORED_ERRORS + 200)]
    upload = run_ingest("occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows))
    assert upload.error_count == STORED_ERRORS + 200 and len(upload.errors) == STORED_ERRORS
    assert upload.errors[-1]["row"] == STORED_ERRORS + 1
    assert "En nog 200 fouten" in error_report_csv(upload)


def test_scope_of_a_municipality(tmp_path, places):
    rows = [f"{BSN[0]},D-1,2025-01-01,,,,", f"{BSN[1]},Z-1,2025-01-01,,,,"]
    path = write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows)
    upload = run_ingest("occupancy", path, allowed_municipality_ids={places["deventer"].pk})
    assert errors_of(upload) == [(3, "location_ref")]
    brp = write_csv(tmp_path / "brp.csv", BRP_HEADER, [f"{BSN[0]},resident,GM0193,,,2025-01-01,"])
    assert errors_of(run_ingest("brp", brp, allowed_municipality_ids={places["deventer"].pk})) == [(2, "municipality")]
    assert nothing_written()


def test_market_party_only_its_own_locations(tmp_path, places):
    rows = [f"{BSN[0]},D-1,2025-01-01,,,,", f"{BSN[1]},D-2,2025-01-01,,,,"]
    path = write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows)
    upload = run_ingest("occupancy", path, organisation=places["provider"])
    assert errors_of(upload) == [(3, "location_ref")]
    assert nothing_written()
    ok = run_ingest(
        "occupancy", write_csv(tmp_path / "eigen.csv", OCCUPANCY_HEADER, rows[:1]), organisation=places["provider"]
    )
    assert ok.status == UploadStatus.DONE and ok.organisation == places["provider"]
