"""Reading uploaded tables (CSV or XLSX) row by row, and collecting row errors for a whole-file report.

Imports are all-or-nothing: an importer validates every row, collects every RowError, and writes only when
there are none. Row numbers are the ones a person sees in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, field {self.field!r}: {self.reason}" if self.field else f"{where}: {self.reason}"


@dataclass
class ImportReport:
    source: str
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int, field_name: str, reason: str) -> None:
        self.errors.append(RowError(row, field_name, reason))


class ImportRejected(Exception):
    """An import that wrote nothing because of the errors in its report."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(f"{report.source}: {len(report.errors)} error(s), nothing imported")


class UnreadableFile(Exception):
    pass


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the file is neither UTF-8 nor Windows-1252 text")


def _sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first_line.count)


def read_table(path: Path | str, *, data: bytes | None = None) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The header (stripped) and an iterator of (row number, {column: text}) for a CSV or XLSX file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(f"cannot read the file: {exc.strerror}") from exc
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(data)
    if suffix in CSV_SUFFIXES or not suffix:
        return _read_csv(_decode(data))
    raise UnreadableFile(f"unsupported file type {suffix!r}: use .csv or .xlsx")


def _read_csv(text: str) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    if not lines:
        raise UnreadableFile("the file is empty")
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=_sniff_delimiter(lines[0]))
    header = [cell.strip() for cell in next(reader)]

    def rows() -> Iterator[tuple[int, dict]]:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
            if len(cells) > len(header):
                values["__extra__"] = cells[len(header) :]
            yield number, values

    return header, rows()


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnreadableFile("not a readable XLSX workbook") from exc
    sheet = workbook.worksheets[0]
    row_iter = sheet.iter_rows(values_only=True)
    try:
        header = [str(cell).strip() if cell is not None else "" for cell in next(row_iter)]
    except StopIteration as exc:
        raise UnreadableFile("the workbook's first sheet is empty") from exc

    def text(cell) -> str:
        if cell is None:
            return ""
        if isinstance(cell, float) and cell.is_integer():
            return str(int(cell))
        return str(cell).strip()

    def rows() -> Iterator[tuple[int, dict]]:
        for number, cells in enumerate(row_iter, start=2):
            if not any(text(cell) for cell in cells):
                continue
            yield number, {name: text(cells[i]) if i < len(cells) else "" for i, name in enumerate(header)}

    return header, rows()


def match_columns(header: list[str], aliases: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], list[str]]:
    """Map each wanted field to the header column that names it (case- and space-insensitive).

    Returns the mapping and the wanted fields that no column names.
    """

    def key(name: str) -> str:
        return "".join(name.lower().split()).replace("_", "")

    by_key = {key(column): column for column in header}
    mapping, missing = {}, []
    for wanted, names in aliases.items():
        column = next((by_key[key(name)] for name in names if key(name) in by_key), None)
        if column is None:
            missing.append(wanted)
        else:
            mapping[wanted] = column
    return mapping, missing
