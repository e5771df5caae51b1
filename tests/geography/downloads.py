"""Parse a CSV or Excel download from a test response into rows of text."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def download_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def read_csv(response) -> list[list[str]]:
    raw = download_bytes(response)
    assert raw.startswith("\ufeff".encode()), "CSV must start with a UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def read_xlsx(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(download_bytes(response)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]
