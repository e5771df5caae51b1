"""Reading a delivered file row by row (CSV, XLSX or JSON) without holding it in memory.

CSV is decoded and parsed line by line, XLSX is read with openpyxl's streaming (read-only) mode, and JSON is
decoded one object at a time from a sliding buffer. Row numbers are what a person sees: in a spreadsheet or CSV
the header is row 1 and the first data row is row 2; in JSON the first object is row 1.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

CHUNK_BYTES = 1 << 20
CSV_SUFFIXES = {".csv", ".txt", ""}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json"}
ACCEPTED_SUFFIXES = (".csv", ".xlsx", ".json")


class FileProblem(Exception):
    """The file as a whole cannot be read (empty, wrong encoding, wrong type); the message is for the user."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, dict[str, str]]]
    # An estimate of the number of data rows for the progress bar; None when unknown until read.
    total: int | None


def open_table(path: Path, filename: str | None = None) -> Table:
    """The header and a row iterator of a CSV, XLSX or JSON file; FileProblem when it cannot be read."""
    suffix = Path(filename or path.name).suffix.lower()
    if not path.is_file() or path.stat().st_size == 0:
        raise FileProblem(_("Het bestand is leeg."))
    if suffix in XLSX_SUFFIXES:
        return _xlsx_table(path)
    if suffix in JSON_SUFFIXES:
        return _json_table(path, _encoding_of(path))
    if suffix in CSV_SUFFIXES:
        return _csv_table(path, _encoding_of(path))
    raise FileProblem(_("Onbekend bestandstype %(suffix)s: gebruik .csv, .xlsx of .json.") % {"suffix": suffix[:10]})


def _encoding_of(path: Path) -> str:
    """UTF-8 (with or without byte order mark) or else Windows-1252, checked chunk by chunk over the whole file."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        raise FileProblem(_("Het bestand is UTF-16 gecodeerd. Sla het op als CSV in UTF-8 en lever het opnieuw aan."))
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    if b"\x00" in chunk:
                        raise FileProblem(_("Het bestand bevat nul-tekens: het is geen tekstbestand in UTF-8."))
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileProblem(_("Het bestand is niet in UTF-8 of Windows-1252 gecodeerd. Sla het op als CSV in UTF-8."))


def _csv_table(path: Path, encoding: str) -> Table:
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""))
    handle = path.open(encoding=encoding, newline="")
    first = handle.readline()
    while first and not first.strip():
        first = handle.readline()
    if not first.strip():
        handle.close()
        raise FileProblem(_("Het bestand is leeg."))
    delimiter = max((";", ",", "\t"), key=first.count)
    header = [cell.strip() for cell in next(csv.reader([first], delimiter=delimiter))]
    reader = csv.reader(handle, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
                if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
                    values["__extra__"] = "x"
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


def _xlsx_table(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        row_iter = sheet.iter_rows(values_only=True)
        first = next(row_iter, None)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise FileProblem(_("Het bestand is geen leesbare XLSX-werkmap.")) from exc
    if first is None or not any(cell is not None and str(cell).strip() for cell in first):
        workbook.close()
        raise FileProblem(_("Het eerste werkblad is leeg."))
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

    return Table(header, rows(), total)


def _json_objects(path: Path, encoding: str) -> Iterator[object]:
    """The elements of the top-level list (or of the list under "rows"), decoded one at a time."""
    decoder = json.JSONDecoder()
    with path.open(encoding=encoding) as handle:
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
                    raise FileProblem(_('Het JSON-bestand is geen lijst en heeft geen "rows".'))
            position = index + len('"rows"')
            if skip_space() != ":":
                raise FileProblem(_('Het JSON-bestand is geen lijst en heeft geen "rows".'))
            position += 1
            first = skip_space()
        if first != "[":
            raise FileProblem(_("Het JSON-bestand moet een lijst van objecten zijn."))
        position += 1
        expect_item = True
        while True:
            char = skip_space()
            if char == "]":
                return
            if char == "":
                raise FileProblem(_("Het JSON-bestand houdt halverwege op."))
            if not expect_item:
                if char != ",":
                    raise FileProblem(_("Het JSON-bestand is geen geldige JSON."))
                position += 1
                expect_item = True
                continue
            while True:
                try:
                    item, end = decoder.raw_decode(buffer, position)
                except json.JSONDecodeError as exc:
                    if fill():
                        continue  # the object goes on in the next chunk
                    raise FileProblem(_("Het JSON-bestand is geen geldige JSON.")) from exc
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


def _json_table(path: Path, encoding: str) -> Table:
    objects = _json_objects(path, encoding)
    first = next(objects, _END)
    if first is _END:
        raise FileProblem(_("Het bestand is leeg."))
    if not isinstance(first, dict):
        raise FileProblem(_("Het JSON-bestand moet een lijst van objecten zijn."))
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
