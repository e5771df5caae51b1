"""`zicht.core.exports.export_response`: what a spreadsheet user gets, including hostile cell values."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from zicht.core.exports import export_response

from .downloads import read_csv, read_xlsx

COLUMNS = [
    (gettext_lazy("Naam"), lambda row: row["name"]),
    ("Aantal", lambda row: row["count"]),
    ("Datum", lambda row: row["day"]),
    ("Lijst", lambda row: row["items"]),
]
ROWS = [
    {"name": 'Zegt "hallo", en\ngaat', "count": 3, "day": datetime.date(2025, 1, 31), "items": ["a", "b"]},
    {"name": '=HYPERLINK("http://x")', "count": Decimal("1.50"), "day": None, "items": []},
    {"name": "Ĳsselmuiden — café", "count": -2, "day": datetime.date(2024, 2, 29), "items": ("x",)},
]


def test_csv_quotes_properly_starts_with_bom_and_defuses_formulas():
    response = export_response(iter(ROWS), COLUMNS, "proef", "csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="proef-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = read_csv(response)
    assert rows == [
        ["Naam", "Aantal", "Datum", "Lijst"],
        ['Zegt "hallo", en\ngaat', "3", "2025-01-31", "a, b"],
        ['\'=HYPERLINK("http://x")', "1.50", "", ""],
        ["Ĳsselmuiden — café", "-2", "2024-02-29", "x"],
    ]


def test_csv_is_streamed_lazily():
    consumed = []

    def rows():
        for row in ROWS:
            consumed.append(row)
            yield row

    response = export_response(rows(), COLUMNS, "proef", "csv")
    assert consumed == []  # nothing read before the response is sent
    read_csv(response)
    assert len(consumed) == 3


def test_xlsx_keeps_types_and_never_writes_formulas():
    response = export_response(iter(ROWS), COLUMNS, "proef", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = read_xlsx(response)
    assert rows[0] == ["Naam", "Aantal", "Datum", "Lijst"]
    assert rows[1][0] == 'Zegt "hallo", en\ngaat'
    assert rows[1][1] == 3
    assert rows[1][2] == datetime.datetime(2025, 1, 31)
    assert rows[2][0] == '=HYPERLINK("http://x")'  # stored as text, so it is shown, not run
    assert rows[2][1] == 1.5
    assert rows[3][0] == "Ĳsselmuiden — café"


def test_xlsx_text_cells_are_strings_not_formulas():
    import io

    from openpyxl import load_workbook

    response = export_response(iter(ROWS), COLUMNS, "proef", "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].data_type == "s"


def test_xlsx_drops_characters_excel_cannot_store():
    rows = read_xlsx(export_response([{"name": "a\x00b\x0bc"}], COLUMNS[:1], "proef", "xlsx"))
    assert rows[1] == ["abc"]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="pdf"):
        export_response([], COLUMNS, "proef", "pdf")
