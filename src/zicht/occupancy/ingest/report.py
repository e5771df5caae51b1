"""The downloadable error report of a rejected upload."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from zicht.core.exports import FORMULA_TRIGGERS

from ..models import Upload


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting with = + - @ as a formula (CSV injection).
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def error_report_csv(upload: Upload) -> str:
    """The upload's stored errors as CSV (row, column, reason), with a last line when more were counted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("Rij"), _("Kolom"), _("Reden")])
    for error in upload.errors:
        writer.writerow([error.get("row") or "", _cell(error.get("field")), _cell(error.get("reason"))])
    if upload.error_count > len(upload.errors):
        more = upload.error_count - len(upload.errors)
        writer.writerow(["", "", _("En nog %(count)d fouten; verbeter eerst de fouten hierboven.") % {"count": more}])
    return buffer.getvalue()
