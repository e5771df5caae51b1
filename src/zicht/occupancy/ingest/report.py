"""The downloadable error report of a rejected upload."""

from __future__ import annotations

from zicht.core.error_files import error_csv

from ..models import Upload


def error_report_csv(upload: Upload) -> str:
    """The upload's stored errors as CSV (row, column, reason), with a last line when more were counted."""
    return error_csv(upload.errors, more=upload.error_count - len(upload.errors))
