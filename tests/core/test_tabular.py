"""The one table reader (core.tabular): CSV, XLSX and JSON, from a path or from bytes, row numbers as a person sees
them, and the file-level problems every importer reports the same way."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from zicht.core.tabular import UnreadableFile, open_table, read_table

SRC = Path(__file__).resolve().parents[2] / "src" / "zicht"


def rows_of(table) -> list[tuple[int, dict]]:
    return list(table.rows)


def xlsx_bytes(*rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_any_common_delimiter(tmp_path, delimiter):
    path = tmp_path / "t.csv"
    path.write_text(delimiter.join(["code", " name "]) + "\n" + delimiter.join(["GM0150", " Deventer "]) + "\n")
    table = open_table(path)
    assert table.header == ["code", "name"]
    assert rows_of(table) == [(2, {"code": "GM0150", "name": "Deventer"})]
    assert table.total == 1


def test_bytes_and_path_read_alike(tmp_path):
    content = b"a,b\n1,2\n\n3,4\n"
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    from_path = rows_of(open_table(path))
    from_bytes = rows_of(open_table("upload.csv", data=content))
    assert from_path == from_bytes == [(2, {"a": "1", "b": "2"}), (4, {"a": "3", "b": "4"})]


def test_windows_1252_and_byte_order_mark():
    assert rows_of(open_table("t.csv", data="naam\nCafé\n".encode("cp1252"))) == [(2, {"naam": "Café"})]
    assert open_table("t.csv", data="\ufeffnaam\nx\n".encode()).header == ["naam"]


def test_extra_cells_are_marked_only_when_filled():
    table = open_table("t.csv", data=b"a,b\n1,2,\n1,2,,zz\n")
    assert rows_of(table) == [(2, {"a": "1", "b": "2"}), (3, {"a": "1", "b": "2", "__extra__": ["", "zz"]})]


def test_comment_lines_only_where_asked():
    content = b"# a comment\ncode\n# another\nGM0150\n"
    header, rows = read_table("t.csv", data=content)
    assert header == ["code"] and list(rows) == [(2, {"code": "GM0150"})]
    assert open_table("t.csv", data=content).header == ["# a comment"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "leeg"),
        (b"\n\n", "leeg"),
        ("a\n".encode("utf-16"), "UTF-16"),
        (b"naam\nb\x00c\n", "nul-tekens"),
    ],
)
def test_file_level_problems(content, expected):
    with pytest.raises(UnreadableFile, match=expected):
        open_table("t.csv", data=content)


def test_a_missing_file_reads_as_empty(tmp_path):
    with pytest.raises(UnreadableFile, match="leeg"):
        open_table(tmp_path / "weg.csv")


def test_types_accepted():
    with pytest.raises(UnreadableFile, match=re.escape("Onbekend bestandstype .ods: gebruik .csv, .xlsx of .json.")):
        open_table("t.ods", data=b"PK")
    with pytest.raises(UnreadableFile, match=re.escape("Onbekend bestandstype .json: gebruik .csv of .xlsx.")):
        read_table("t.json", data=b"[]")


def test_xlsx_cells_as_text(tmp_path):
    data = xlsx_bytes(
        ["bsn", "from", "count", "name"],
        [12345672, datetime.datetime(2025, 1, 2, 0, 0), 3.0, " Loods "],
        [None, None, None, None],
        [None, datetime.date(2025, 2, 1), 4, "x"],
    )
    table = open_table("t.xlsx", data=data)
    assert table.header == ["bsn", "from", "count", "name"]
    assert rows_of(table) == [
        (2, {"bsn": "012345672", "from": "2025-01-02", "count": "3", "name": "Loods"}),
        (4, {"bsn": "", "from": "2025-02-01", "count": "4", "name": "x"}),
    ]
    # A file without a suffix is read by the name it was delivered under.
    path = tmp_path / "upload"
    path.write_bytes(data)
    assert len(rows_of(open_table(path, filename="lijst.xlsx"))) == 2


def test_broken_and_empty_workbooks():
    with pytest.raises(UnreadableFile, match="geen leesbare XLSX-werkmap"):
        open_table("t.xlsx", data=b"not a workbook")
    with pytest.raises(UnreadableFile, match="eerste werkblad is leeg"):
        open_table("t.xlsx", data=xlsx_bytes())


@pytest.mark.parametrize("wrap", [lambda rows: rows, lambda rows: {"source": "x", "rows": rows}])
def test_json_objects(wrap):
    rows = [{"a": 1, "b": True}, {"a": None, "b": "x"}, {"a": 2}, "no object"]
    table = open_table("t.json", data=json.dumps(wrap(rows)).encode())
    assert table.header == ["a", "b"]
    assert rows_of(table) == [
        (1, {"a": "1", "b": "true"}),
        (2, {"a": "", "b": "x"}),
        (3, {"a": "2", "b": "", "__keys__": "x"}),
        (4, {"__not_object__": "x"}),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b'{"a": 1}', "geen lijst"), (b'[{"a": 1},', "halverwege"), (b'[{"a": 1} {"a": 2}]', "geldige")],
)
def test_broken_json(content, expected):
    with pytest.raises(UnreadableFile, match=expected):
        rows_of(open_table("t.json", data=content))


def test_no_other_table_reader_in_the_code():
    readers = re.compile(r"csv\.reader\(|csv\.DictReader\(|load_workbook\(")
    found = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "tabular.py" and readers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
