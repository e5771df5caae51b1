"""The one error-file writer (core.error_files): the same CSV for every importer, never a raw BSN, no formulas."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from zicht.core.error_files import error_csv, error_file_response
from zicht.core.tabular import RowError

SRC = Path(__file__).resolve().parents[2] / "src" / "zicht"


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_every_kind_of_error_record_gives_the_same_rows():
    expected = [["Rij", "Kolom", "Reden"], ["3", "postcode", "Onbekend"], ["", "", "Leeg bestand"]]
    assert parsed(error_csv([RowError(3, "postcode", "Onbekend"), RowError(0, "", "Leeg bestand")])) == expected
    assert (
        parsed(error_csv([{"row": 3, "field": "postcode", "reason": "Onbekend"}, {"row": 0, "reason": "Leeg bestand"}]))
        == expected
    )
    assert parsed(error_csv([[3, "postcode", "Onbekend"], (None, "", "Leeg bestand")])) == expected


def test_no_raw_bsn_and_no_formula_in_any_cell():
    text = error_csv([RowError(2, "bsn", "Ongeldig BSN 123456782"), RowError(3, "=cmd", "@SUM(A1) 123 456 782")])
    assert "123456782" not in text and "123 456 782" not in text
    rows = parsed(text)
    assert "[BSN verwijderd]" in rows[1][2]
    assert rows[2][1] == "'=cmd" and rows[2][2].startswith("'@SUM")


def test_a_last_line_counts_the_errors_not_listed():
    rows = parsed(error_csv([RowError(2, "a", "x")], more=200))
    assert rows[-1] == ["", "", "En nog 200 fouten; verbeter eerst de fouten hierboven."]
    assert len(parsed(error_csv([RowError(2, "a", "x")], more=0))) == 2


def test_the_download():
    response = error_file_response([RowError(2, "a", "x")], filename="fouten.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fouten.csv"'
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith("\ufeff".encode())
    assert parsed(response.content.decode("utf-8-sig"))[1] == ["2", "a", "x"]


def test_no_other_error_file_writer_in_the_code():
    writers = re.compile(r"csv\.writer\(")
    found = sorted(
        str(path.relative_to(SRC)) for path in SRC.rglob("*.py") if writers.search(path.read_text(encoding="utf-8"))
    )
    # Besides the error file: the list exports, the import template (a header and an example row) and demo data.
    assert found == ["core/error_files.py", "core/exports.py", "demo/population.py", "housing/import_views.py"]
