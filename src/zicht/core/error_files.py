"""The error file of a rejected import or upload: one CSV shape (row, column, reason) for every importer.

A cell that a spreadsheet would run as a formula is quoted, and nine-digit numbers are redacted from every cell:
a reason may quote the value it refuses, and the file leaves the platform.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .exports import FORMULA_TRIGGERS
from .privacy.logging import redact_person_numbers
from .tabular import RowError

ErrorLike = RowError | Mapping[str, Any] | Sequence[Any]


def _parts(error: ErrorLike) -> tuple[Any, Any, Any]:
    if isinstance(error, RowError):
        return error.row, error.field, error.reason
    if isinstance(error, Mapping):
        return error.get("row"), error.get("field"), error.get("reason")
    row, field, reason = error
    return row, field, reason


def _cell(value: Any) -> str:
    text = redact_person_numbers("" if value is None else str(value))
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def error_csv(errors: Iterable[ErrorLike], *, more: int = 0) -> str:
    """The errors as CSV text (Rij, Kolom, Reden), with a last line saying how many more were counted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("Rij"), _("Kolom"), _("Reden")])
    for error in errors:
        row, field, reason = _parts(error)
        writer.writerow([row if isinstance(row, int) and row > 0 else "", _cell(field), _cell(reason)])
    if more > 0:
        writer.writerow(["", "", _("En nog %(count)d fouten; verbeter eerst de fouten hierboven.") % {"count": more}])
    return buffer.getvalue()


def error_file_response(errors: Iterable[ErrorLike], *, filename: str, more: int = 0) -> HttpResponse:
    """The errors as a CSV download named `filename`, readable by Excel (UTF-8 with a byte order mark)."""
    response = HttpResponse("\ufeff" + error_csv(errors, more=more), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "no-store"
    return response
