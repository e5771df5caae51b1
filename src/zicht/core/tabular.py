"""Reading uploaded tables (CSV, XLSX or JSON) row by row, and collecting row errors for a whole-file report.

Imports are all-or-nothing: an importer validates every row, collects every RowError, and writes only when
there are none. Row numbers are the ones a person sees in a spreadsheet: the header is row 1.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

from django.utils.translation import gettext as _

CHUNK_BYTES = 1 << 20
CSV_SUFFIXES = frozenset({".csv", ".txt", ""})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
JSON_SUFFIXES = frozenset({".json"})
TABLE_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | JSON_SUFFIXES
# The types an upload form offers.
ACCEPTED_SUFFIXES = (".csv", ".xlsx", ".json")


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
    """The file as a whole cannot be read (empty, wrong encoding, wrong type); the message is for the user."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    # An estimate of the number of data rows for a progress bar; None when unknown until read.
    total: int | None


def open_table(
    path: Path | str,
    *,
    data: bytes | None = None,
    filename: str | None = None,
    suffixes: Collection[str] = TABLE_SUFFIXES,
    comments: bool = False,
) -> Table:
    """The header and a row iterator of a CSV, XLSX or JSON file (or of `data`); UnreadableFile when it cannot be read.

    The file is read as it is iterated, never held in memory whole. `filename` gives the type when `path` has no
    suffix; `suffixes` the types accepted; `comments` skips CSV lines that start with `#`. Rows that are all blank
    are skipped; cells beyond the header's columns come under `__extra__` when any is filled.
    """
    path = Path(path)
    suffix = Path(filename or path.name).suffix.lower()
    source = _Source(path, data)
    if source.size() == 0:
        raise UnreadableFile(_("Het bestand is leeg."))
    if suffix not in suffixes:
        if ".json" in suffixes:
            message = _("Onbekend bestandstype %(suffix)s: gebruik .csv, .xlsx of .json.")
        else:
            message = _("Onbekend bestandstype %(suffix)s: gebruik .csv of .xlsx.")
        raise UnreadableFile(message % {"suffix": suffix[:10]})
    if suffix in XLSX_SUFFIXES:
        return _xlsx_table(source)
    if suffix in JSON_SUFFIXES:
        return _json_table(source, _encoding_of(source))
    return _csv_table(source, _encoding_of(source), comments=comments)


def read_table(path: Path | str, *, data: bytes | None = None) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The header and (row number, {column: text}) of a CSV or XLSX file whose `#` lines are comments."""
    table = open_table(path, data=data, suffixes=CSV_SUFFIXES | XLSX_SUFFIXES, comments=True)
    return table.header, table.rows


class _Source:
    """A file on disk or bytes in memory, opened as often as the reader needs."""

    def __init__(self, path: Path, data: bytes | None):
        self.path, self.data = path, data

    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        try:
            return self.path.stat().st_size if self.path.is_file() else 0
        except OSError as exc:
            raise UnreadableFile(_("Het bestand is niet te lezen: %(reason)s") % {"reason": exc.strerror}) from exc

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data) if self.data is not None else self.path.open("rb")

    def chunks(self) -> Iterator[bytes]:
        with self.open() as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk

    def text(self, encoding: str) -> TextIO:
        return io.TextIOWrapper(self.open(), encoding=encoding, newline="")


def _encoding_of(source: _Source) -> str:
    """UTF-8 (with or without byte order mark) or else Windows-1252, checked chunk by chunk over the whole file."""
    head = next(source.chunks(), b"")[:4]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        raise UnreadableFile(
            _("Het bestand is UTF-16 gecodeerd. Sla het op als CSV in UTF-8 en lever het opnieuw aan.")
        )
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for chunk in source.chunks():
                if b"\x00" in chunk:
                    raise UnreadableFile(_("Het bestand bevat nul-tekens: het is geen tekstbestand in UTF-8."))
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableFile(_("Het bestand is niet in UTF-8 of Windows-1252 gecodeerd. Sla het op als CSV in UTF-8."))


def _csv_table(source: _Source, encoding: str, *, comments: bool) -> Table:
    lines = sum(chunk.count(b"\n") for chunk in source.chunks())
    handle = source.text(encoding)

    def skipped(line: str) -> bool:
        return not line.strip() or (comments and line.startswith("#"))

    first = handle.readline()
    while first and skipped(first):
        first = handle.readline()
    if skipped(first):
        handle.close()
        raise UnreadableFile(_("Het bestand is leeg."))
    delimiter = max((";", ",", "\t"), key=first.count)
    header = [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter))]
    lines_read = (line for line in handle if not line.startswith("#")) if comments else handle
    reader = csv.reader(lines_read, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                values: dict = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
                extra = cells[len(header) :]
                if any(cell.strip() for cell in extra):
                    values["__extra__"] = extra
                yield number, values

    return Table(header, rows(), max(lines - 1, 0))


def _cell_text(cell, column: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int) and column.strip().lower() == "bsn":
        # A spreadsheet drops a BSN's leading zero when it stores the number as a number.
        return f"{cell:09d}"
    return str(cell).strip()


def _xlsx_table(source: _Source) -> Table:
    from openpyxl import load_workbook

    # A file object, not the path: openpyxl refuses a path without an .xlsx suffix, and an upload may be read
    # from a file that has none.
    handle = source.open()
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        row_iter = sheet.iter_rows(values_only=True)
        first = next(row_iter, None)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        handle.close()
        raise UnreadableFile(_("Het bestand is geen leesbare XLSX-werkmap.")) from exc
    if first is None or not any(cell is not None and str(cell).strip() for cell in first):
        workbook.close()
        handle.close()
        raise UnreadableFile(_("Het eerste werkblad is leeg."))
    header = [str(cell).strip() if cell is not None else "" for cell in first]
    total = (sheet.max_row - 1) if sheet.max_row else None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for number, cells in enumerate(row_iter, start=2):
                values = {name: _cell_text(cells[i], name) if i < len(cells) else "" for i, name in enumerate(header)}
                if not any(values.values()):
                    continue
                yield number, values
        finally:
            workbook.close()
            handle.close()

    return Table(header, rows(), total)


def _json_objects(source: _Source, encoding: str) -> Iterator[object]:
    """The elements of the top-level list (or of the list under "rows"), decoded one at a time."""
    decoder = json.JSONDecoder()
    with source.text(encoding) as handle:
        buffer = handle.read(CHUNK_BYTES)
        position = 0

        def fill() -> bool:
            nonlocal buffer, position
            more = handle.read(CHUNK_BYTES)
            buffer, position = buffer[position:] + more, 0
            return bool(more)

        def skip_space() -> str:
            nonlocal position
            while True:
                while position < len(buffer) and buffer[position] in " \t\r\n":
                    position += 1
                if position < len(buffer) or not fill():
                    return buffer[position] if position < len(buffer) else ""

        first = skip_space()
        if first == "{":
            # {"rows": [...]}: find the list after the "rows" key; other keys may only come before it.
            while True:
                index = buffer.find('"rows"', position)
                if index >= 0:
                    break
                if not fill():
                    raise UnreadableFile(_('Het JSON-bestand is geen lijst en heeft geen "rows".'))
            position = index + len('"rows"')
            if skip_space() != ":":
                raise UnreadableFile(_('Het JSON-bestand is geen lijst en heeft geen "rows".'))
            position += 1
            first = skip_space()
        if first != "[":
            raise UnreadableFile(_("Het JSON-bestand moet een lijst van objecten zijn."))
        position += 1
        expect_item = True
        while True:
            char = skip_space()
            if char == "]":
                return
            if char == "":
                raise UnreadableFile(_("Het JSON-bestand houdt halverwege op."))
            if not expect_item:
                if char != ",":
                    raise UnreadableFile(_("Het JSON-bestand is geen geldige JSON."))
                position += 1
                expect_item = True
                continue
            while True:
                try:
                    item, end = decoder.raw_decode(buffer, position)
                except json.JSONDecodeError as exc:
                    if fill():
                        continue  # the object goes on in the next chunk
                    raise UnreadableFile(_("Het JSON-bestand is geen geldige JSON.")) from exc
                if end == len(buffer) and fill():
                    continue  # a number may go on in the next chunk: decode again with more text
                break
            position = end
            expect_item = False
            yield item


def _json_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value).strip()


_END = object()


def _json_table(source: _Source, encoding: str) -> Table:
    objects = _json_objects(source, encoding)
    first = next(objects, _END)
    if first is _END:
        raise UnreadableFile(_("Het bestand is leeg."))
    if not isinstance(first, dict):
        raise UnreadableFile(_("Het JSON-bestand moet een lijst van objecten zijn."))
    header = [str(key) for key in first]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        number = 1
        item = first
        while True:
            if isinstance(item, dict):
                values = {name: _json_text(item.get(name)) for name in header}
                if set(item) != set(header):
                    values["__keys__"] = "x"
            else:
                values = {"__not_object__": "x"}
            yield number, values
            item = next(objects, _END)
            if item is _END:
                return
            number += 1

    return Table(header, rows(), None)


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
