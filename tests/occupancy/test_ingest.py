"""Ingest of occupancy lists and BRP extracts: good files in each format, idempotence, updates, derived dates."""

from __future__ import annotations

import datetime
import io
import logging
import re

import pytest
from django.core.management import call_command
from django.db import connection

from zicht.occupancy import rules
from zicht.occupancy.choices import BrpRegistration, ResidenceSource, UploadStatus
from zicht.occupancy.ingest import error_report_csv, run_ingest
from zicht.occupancy.ingest import runner as ingest_runner
from zicht.occupancy.models import BrpEpisode, EmploymentEpisode, Person, ResidenceEpisode, Upload

from .ingest_support import (
    BRP_HEADER,
    OCCUPANCY_HEADER,
    bsns,
    committed,
    places_fixture,  # noqa: F401  (the `places` fixture)
    write_csv,
    write_json,
    write_xlsx,
)

BSN = bsns(4)


def good_rows() -> list[str]:
    return [
        f"{BSN[0]},D-1,2025-01-01,,GM0150,23456789,34567890",
        f"{BSN[1]},D-1,2025-02-01,2025-05-31,,,",
        f"{BSN[2]},Z-1,2025-03-01,,GM0281,,34567890",
        # The same person moves on: a second residence episode, continuous with the first.
        f"{BSN[1]},D-2,2025-06-01,,GM0193,,",
    ]


@pytest.fixture
def refreshed(monkeypatch):
    calls: list[set[int]] = []
    monkeypatch.setattr(ingest_runner, "_refresh_indicators", calls.append)
    return calls


def snapshot() -> list[tuple]:
    return sorted(
        [
            *ResidenceEpisode.objects.values_list("person_id", "place_key", "start", "end", "spell_start", "upload_id"),
            *EmploymentEpisode.objects.values_list(
                "person_id", "place_key", "start", "end", "work_municipality_id", "upload_id"
            ),
            *Person.objects.values_list("pk", "pseudonym", "registration_due", "created_at", "pk", "pk"),
        ],
        key=str,
    )


def test_good_occupancy_csv(tmp_path, places, refreshed):
    upload = run_ingest("occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, good_rows()))
    assert upload.status == UploadStatus.DONE, upload.errors
    assert (upload.created, upload.updated, upload.unchanged, upload.error_count) == (4, 0, 0, 0)
    assert (upload.rows_total, upload.rows_done) == (4, 4)
    assert Person.objects.count() == 3
    assert ResidenceEpisode.objects.count() == 4 and EmploymentEpisode.objects.count() == 4
    first = ResidenceEpisode.objects.get(location=places["D-1"], start=datetime.date(2025, 1, 1))
    assert first.place_key == f"L{places['D-1'].pk}"
    assert first.municipality == places["deventer"] and first.source == ResidenceSource.OCCUPANCY_LIST
    assert first.upload == upload and first.end is None
    work = EmploymentEpisode.objects.get(person=first.person)
    assert work.place_key == "GM0150|23456789|34567890"
    assert (work.work_municipality, work.employer, work.agency) == (
        places["deventer"],
        places["employer"],
        places["agency"],
    )
    unknown = EmploymentEpisode.objects.get(start=datetime.date(2025, 2, 1))
    assert unknown.place_key == "-|-|-" and unknown.work_municipality is None
    # The municipality with the upload's residences, plus the work municipalities, are refreshed.
    assert refreshed == [{places["deventer"].pk, places["zwolle"].pk, places["tiel"].pk}]


def test_derived_dates(tmp_path, places, refreshed):
    run_ingest("occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, good_rows()))
    mover = ResidenceEpisode.objects.get(location=places["D-2"]).person
    spells = set(ResidenceEpisode.objects.filter(person=mover).values_list("spell_start", flat=True))
    assert spells == {datetime.date(2025, 2, 1)}  # 31 May and 1 June touch: one continuous stay
    expected = rules.registration_due(
        [(datetime.date(2025, 2, 1), datetime.date(2025, 5, 31)), (datetime.date(2025, 6, 1), None)]
    )
    mover.refresh_from_db()
    assert mover.registration_due == expected is not None


def test_same_file_twice_changes_nothing(tmp_path, places, refreshed):
    path = write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, good_rows())
    run_ingest("occupancy", path)
    before = snapshot()
    second = run_ingest("occupancy", path)
    assert (second.status, second.created, second.updated, second.unchanged) == (UploadStatus.DONE, 0, 0, 4)
    assert snapshot() == before  # not even the upload reference moved
    assert len(refreshed) == 1  # nothing changed, nothing to refresh
    assert Upload.objects.count() == 2 and len({u.sha256 for u in Upload.objects.all()}) == 1


def test_redelivered_end_date_updates(tmp_path, places, refreshed):
    run_ingest("occupancy", write_csv(tmp_path / "a.csv", OCCUPANCY_HEADER, good_rows()))
    rows = good_rows()
    rows[0] = f"{BSN[0]},D-1,2025-01-01,2025-08-31,GM0150,23456789,34567890"
    rows.append(f"{BSN[3]},D-2,2025-04-01,,,,")
    upload = run_ingest("occupancy", write_csv(tmp_path / "b.csv", OCCUPANCY_HEADER, rows))
    assert (upload.created, upload.updated, upload.unchanged) == (1, 1, 3)
    episode = ResidenceEpisode.objects.get(location=places["D-1"], start=datetime.date(2025, 1, 1))
    assert episode.end == datetime.date(2025, 8, 31) and episode.upload == upload
    assert EmploymentEpisode.objects.get(person=episode.person).end == datetime.date(2025, 8, 31)
    assert ResidenceEpisode.objects.count() == 5


def test_new_work_for_a_known_stay_counts_as_updated(tmp_path, places, refreshed):
    run_ingest("occupancy", write_csv(tmp_path / "a.csv", OCCUPANCY_HEADER, good_rows()[:1]))
    changed = [f"{BSN[0]},D-1,2025-01-01,,GM0193,,"]
    upload = run_ingest("occupancy", write_csv(tmp_path / "b.csv", OCCUPANCY_HEADER, changed))
    assert (upload.created, upload.updated, upload.unchanged) == (0, 1, 0)
    assert EmploymentEpisode.objects.count() == 2


@pytest.mark.parametrize("form", ["xlsx", "json", "json-rows", "semicolon-cp1252"])
def test_other_formats(tmp_path, places, refreshed, form):
    rows = good_rows()
    if form == "xlsx":
        cells = [row.split(",") for row in rows]
        for cell in cells:  # a spreadsheet stores the BSN as a number and the date as a date
            cell[0] = int(cell[0])
            cell[2] = datetime.datetime.fromisoformat(cell[2])
        path = write_xlsx(tmp_path / "lijst.xlsx", OCCUPANCY_HEADER, cells)
    elif form.startswith("json"):
        path = write_json(tmp_path / "lijst.json", OCCUPANCY_HEADER, rows, wrapped=form == "json-rows")
    else:
        path = tmp_path / "lijst.csv"
        text = "\r\n".join([OCCUPANCY_HEADER, *rows]).replace(",", ";") + "\r\n# é\r\n"
        path.write_bytes(text.replace("# é", "").encode("cp1252"))
    upload = run_ingest("occupancy", path)
    assert upload.status == UploadStatus.DONE, upload.errors
    assert (upload.created, upload.unchanged) == (4, 0)
    assert ResidenceEpisode.objects.count() == 4


def test_leading_zero_bsn_from_a_spreadsheet_number(tmp_path, places, refreshed):
    bsn = next(b for b in bsns(50, start=1_000_000) if b.startswith("0"))
    path = write_xlsx(tmp_path / "lijst.xlsx", OCCUPANCY_HEADER, [[int(bsn), "D-1", "2025-01-01", "", "", "", ""]])
    upload = run_ingest("occupancy", path)
    assert upload.status == UploadStatus.DONE, upload.errors
    csv_upload = run_ingest("occupancy", write_csv(tmp_path / "l.csv", OCCUPANCY_HEADER, [f"{bsn},D-1,2025-01-01,,,,"]))
    assert csv_upload.unchanged == 1 and Person.objects.count() == 1


def test_good_brp_extract(tmp_path, places, refreshed):
    run_ingest("occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, good_rows()))
    rows = [
        f"{BSN[0]},resident,GM0150,7411AB,12,2025-02-01,",
        f"{BSN[1]},resident,0193,,,2025-03-01,2025-06-30",
        f"{BSN[2]},rni,,,,2025-03-01,",
        f"{BSN[3]},RNI,,,,2024-12-01,2025-01-31",
    ]
    upload = run_ingest("brp", write_csv(tmp_path / "brp.csv", BRP_HEADER, rows))
    assert upload.status == UploadStatus.DONE, upload.errors
    assert (upload.created, upload.updated, upload.unchanged) == (4, 0, 0)
    assert Person.objects.count() == 4  # one person only known from the BRP
    at_address = BrpEpisode.objects.get(address=places["address"])
    assert at_address.place_key == f"A{places['address'].pk}"
    assert at_address.registration == BrpRegistration.RESIDENT and at_address.municipality == places["deventer"]
    without_address = BrpEpisode.objects.get(municipality=places["zwolle"])
    assert without_address.place_key == f"M{places['zwolle'].pk}" and without_address.address is None
    assert set(BrpEpisode.objects.filter(registration="rni").values_list("place_key", flat=True)) == {"RNI"}
    # The BRP person and the occupancy person are one: the same pseudonym.
    assert BrpEpisode.objects.filter(person__residences__isnull=False).distinct().count() == 3
    again = run_ingest("brp", write_csv(tmp_path / "brp.csv", BRP_HEADER, rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    rows[0] = f"{BSN[0]},resident,GM0150,7411AB,12,2025-02-01,2025-12-31"
    changed = run_ingest("brp", write_csv(tmp_path / "brp.csv", BRP_HEADER, rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    assert BrpEpisode.objects.get(address=places["address"]).end == datetime.date(2025, 12, 31)


def test_progress_callback(tmp_path, places, refreshed):
    rows = [f"{bsn},D-1,2025-01-01,,,," for bsn in bsns(2500)]
    seen: list[tuple] = []
    upload = run_ingest(
        "occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, rows), progress=lambda *a: seen.append(a)
    )
    assert upload.created == 2500
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def database_text() -> str:
    """Every cell of every table, as text."""
    quote = connection.ops.quote_name
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608  (names from introspection)
            for row in cursor.fetchall():
                parts.extend(
                    value.tobytes().decode("latin-1") if isinstance(value, memoryview) else str(value)
                    for value in row
                    if value is not None
                )
    return "\n".join(parts)


def test_no_raw_bsn_anywhere_after_ingest(tmp_path, places, refreshed, caplog):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        # A good occupancy list and BRP extract, a rejected file with good and bad BSNs, and a file named after one.
        run_ingest("occupancy", write_csv(tmp_path / f"{BSN[0]}.csv", OCCUPANCY_HEADER, good_rows()))
        brp_rows = [f"{BSN[0]},resident,GM0150,7411AB,12,2025-02-01,", f"{BSN[3]},rni,,,,2025-01-01,"]
        run_ingest("brp", write_csv(tmp_path / "brp.csv", BRP_HEADER, brp_rows))
        bad = [f"{BSN[1]},NOPE,2025-01-01,,,,", f"{BSN[2]}0,D-1,2025-01-01,,,,", f"{BSN[3]},{BSN[3]},x,,,,"]
        rejected = run_ingest("occupancy", write_csv(tmp_path / "fout.csv", OCCUPANCY_HEADER, bad))
        assert rejected.status == UploadStatus.REJECTED and rejected.error_count == 4
        call_command("import", "occupancy", str(tmp_path / f"{BSN[0]}.csv"), stdout=io.StringIO())
    finally:
        root.removeHandler(handler)
    texts = {
        "database": database_text(),
        "log": stream.getvalue() + "\n".join(record.getMessage() for record in caplog.records),
        "report": error_report_csv(rejected),
    }
    assert Person.objects.count() == 4 and BrpEpisode.objects.count() == 2
    for bsn in BSN:
        pattern = re.compile(r"[\s.-]?".join(bsn))
        for where, text in texts.items():
            assert not pattern.search(text), f"a BSN in the {where}"


def test_indicator_snapshots_refreshed_for_the_areas_touched(tmp_path, places):
    from zicht.occupancy.models import IndicatorSnapshot

    with committed():  # the refresh is a task queued on commit
        run_ingest("occupancy", write_csv(tmp_path / "lijst.csv", OCCUPANCY_HEADER, good_rows()))
    codes = set(IndicatorSnapshot.objects.values_list("area_code", flat=True))
    assert {"GM0150", "GM0193"} <= codes
