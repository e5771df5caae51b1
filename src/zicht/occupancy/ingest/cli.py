"""`zicht import occupancy FILE` and `zicht import brp FILE`: the shared import command's report from an Upload."""

from __future__ import annotations

from pathlib import Path

from zicht.core.importing import register
from zicht.core.tabular import ImportRejected, ImportReport, RowError

from ..choices import UploadChannel, UploadStatus
from ..models import Upload
from .runner import run_ingest
from .validation import BRP_COLUMNS, OCCUPANCY_COLUMNS


def report_of(upload: Upload) -> ImportReport:
    """The command's ImportReport for a finished upload; ImportRejected when it was rejected."""
    report = ImportReport(
        source=upload.filename, created=upload.created, updated=upload.updated, unchanged=upload.unchanged
    )
    report.errors = [RowError(error["row"], error["field"], error["reason"]) for error in upload.errors]
    # The command prints every error and their number; beyond the stored ones, say how many more there are.
    if upload.status == UploadStatus.REJECTED:
        if upload.error_count > len(upload.errors):
            more = upload.error_count - len(upload.errors)
            report.errors.append(RowError(0, "", f"{more} more error(s) not listed"))
        raise ImportRejected(report)
    return report


def _command(kind: str):
    def run(path: Path, *, progress=None, actor=None, **_ignored) -> ImportReport:
        upload = run_ingest(kind, Path(path), channel=UploadChannel.CLI, actor=actor, progress=progress)
        return report_of(upload)

    return run


register("occupancy", help="occupancy list (CSV, XLSX or JSON): " + ",".join(OCCUPANCY_COLUMNS))(_command("occupancy"))
register("brp", help="BRP extract (CSV, XLSX or JSON): " + ",".join(BRP_COLUMNS))(_command("brp"))
