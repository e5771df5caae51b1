"""One ingest from file to database: read and check every row in one streaming pass (spooling good rows to a
temporary file), then, in one transaction, stage them, find repeated identities, and upsert — or write nothing.

Progress goes to the `progress(done, total)` callback every PROGRESS_EVERY rows and to the Upload row every
UPLOAD_EVERY rows, each its own small UPDATE outside the load transaction so a page can poll it.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core import audit
from zicht.core.models import AuditAction
from zicht.core.privacy.logging import redact_person_numbers
from zicht.core.tabular import UnreadableFile, open_table
from zicht.core.tasks import enqueue_on_commit, runner_id

from ..choices import UploadStatus
from ..models import Upload
from . import derive, loading
from .checkers import addresses_for, checker_for
from .validation import STORED_ERRORS, ErrorLog, header_error, load_lookups

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 1000
UPLOAD_EVERY = 5000
CHUNK_ROWS = 2000
KINDS = ("occupancy", "brp")


class _Rejected(Exception):
    """Raised inside the load transaction to roll it back when any row is wrong."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _validate(
    kind: str, path: Path, filename: str, upload: Upload, errors: ErrorLog, spool, lookups, progress
) -> int | None:
    """Check every row, spooling the good ones; the number of rows, or None when the file as a whole is bad."""
    try:
        table = open_table(path, filename=filename)
    except UnreadableFile as exc:
        errors.add(0, "", str(exc))
        return None
    problem = header_error(kind, table.header)
    if problem:
        errors.add(1, "", problem)
        return None
    checker = checker_for(kind)(lookups, errors, table.header)
    total = table.total
    Upload.objects.filter(pk=upload.pk).update(rows_total=total or 0, rows_done=0)  # the progress bar's length
    done = 0

    def report(done: int) -> None:
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if done % UPLOAD_EVERY == 0:
            Upload.objects.filter(pk=upload.pk).update(rows_done=done, rows_total=max(total or 0, done))

    chunk: list[tuple[int, dict[str, str]]] = []

    def check_chunk() -> None:
        nonlocal done
        addresses = addresses_for(checker, chunk)
        for number, values in chunk:
            record = checker.check(number, values, addresses)
            if record is not None:
                spool.write(loading.spool_line(record))
            done += 1
            report(done)
        chunk.clear()

    for item in table.rows:
        chunk.append(item)
        if len(chunk) >= CHUNK_ROWS:
            check_chunk()
    check_chunk()
    if done == 0:
        errors.add(0, "", _("Het bestand heeft een kopregel maar geen rijen."))
    if progress and (done % PROGRESS_EVERY or total != done):
        progress(done, done)  # the last rows, or the true total where the estimate was off
    return done


def _load(kind: str, spool, upload: Upload, errors: ErrorLog) -> tuple[loading.Counts, set[int]]:
    """Stage, check repeated identities and upsert in one transaction; _Rejected (rolled back) on any error."""
    with transaction.atomic():
        loading.stage(kind, spool)
        found, found_count = loading.duplicates(kind, STORED_ERRORS)
        if found_count:
            errors.merge(found, found_count)
        if errors.count:
            raise _Rejected
        counts = loading.count(kind)
        home_ids, municipality_ids = loading.municipalities_touched(kind)
        if upload.municipality_id is None and len(home_ids) == 1:
            upload.municipality_id = next(iter(home_ids))
        if counts.created or counts.updated:
            if kind == "occupancy":
                new = derive.derive_for_new_persons()
                derived = loading.Derived(derive.NEW_PERSONS, derive.NEW_DUES, derive.NEW_SPELLS)
                inserted = loading.upsert(kind, upload.pk, derived)
                # Fewer inserted than found new: a concurrent ingest stored some of them first (with its own
                # dates), so every staged person is derived again from the stored episodes.
                derive.derive_for_staged_persons(without_new=inserted == new)
                derive.drop_new_persons()
            else:
                loading.upsert(kind, upload.pk)
            _analyze_if_grown(counts.created)
            from ..indicators import drop_snapshots_fed_by  # late: the indicators import the whole occupancy app

            drop_snapshots_fed_by(municipality_ids)
        loading.drop_staging()
    return counts, municipality_ids


# After a bulk load the planner's row estimates are stale until autovacuum runs; the indicator refresh right after
# the ingest would then pick nested loops over tens of thousands of rows. ANALYZE samples, so it stays cheap.
ANALYZE_AFTER_ROWS = 1_000
EPISODE_TABLES = (
    "occupancy_person",
    "occupancy_residenceepisode",
    "occupancy_employmentepisode",
    "occupancy_brpepisode",
)


def _analyze_if_grown(created: int) -> None:
    if connection.vendor != "postgresql" or created < ANALYZE_AFTER_ROWS:
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(EPISODE_TABLES))


def _refresh_indicators(municipality_ids: set[int]) -> None:
    from ..tasks import refresh_indicators  # late: the indicators import the whole occupancy app

    # The stale snapshots went in the load's transaction, so until the task has run pages compute the figures.
    enqueue_on_commit(refresh_indicators, sorted(municipality_ids))


def _finish(upload: Upload, errors: ErrorLog, rows: int, counts: loading.Counts | None) -> Upload:
    upload.rows_total = upload.rows_done = rows
    upload.finished_at = timezone.now()
    if counts is None:
        upload.status = UploadStatus.REJECTED
        upload.error_count, upload.errors = errors.count, errors.errors
        upload.created = upload.updated = upload.unchanged = 0
    else:
        upload.status = UploadStatus.DONE
        upload.error_count, upload.errors = 0, []
        upload.created, upload.updated, upload.unchanged = counts.created, counts.updated, counts.unchanged
    upload.save()
    return upload


def run_ingest(
    kind: str,
    path: Path,
    *,
    filename: str | None = None,
    channel: str = "cli",
    actor=None,
    organisation=None,
    allowed_municipality_ids: set[int] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    upload: Upload | None = None,
) -> Upload:
    """Ingest an occupancy list or BRP extract, all or nothing; the finished Upload (done or rejected)."""
    if kind not in KINDS:
        raise ValueError(f"unknown ingest kind {kind!r}")
    path = Path(path)
    # A file may be named after a person; the name is stored and shown, so it loses any BSN first.
    shown_name = redact_person_numbers(filename or path.name)[:255]
    actor = actor if getattr(actor, "is_authenticated", False) else None
    single = (
        next(iter(allowed_municipality_ids))
        if allowed_municipality_ids and len(allowed_municipality_ids) == 1
        else None
    )
    fields = {
        "kind": kind,
        "channel": channel,
        "filename": shown_name,
        "sha256": _sha256(path) if path.is_file() else "",
        "uploaded_by": actor,
        "organisation": organisation,
        "municipality_id": single,
        "status": UploadStatus.RUNNING,
        "runner": runner_id(),
    }
    if upload is None:
        upload = Upload.objects.create(**fields)
    else:
        for name, value in fields.items():
            setattr(upload, name, value)
        upload.save()
    errors = ErrorLog()
    lookups = load_lookups(
        kind,
        organisation_id=organisation.pk if organisation is not None else None,
        allowed_municipality_ids=allowed_municipality_ids,
    )
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
        rows = _validate(kind, path, filename or path.name, upload, errors, spool, lookups, progress)
        if rows is None:
            return _finish(upload, errors, 0, None)
        spool.flush()
        try:
            counts, municipality_ids = _load(kind, spool, upload, errors)
        except _Rejected:
            return _finish(upload, errors, rows, None)
    _finish(upload, errors, rows, counts)
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=upload,
        municipality_id=upload.municipality_id,
        detail=f"{kind}: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged",
    )
    if counts.created or counts.updated:
        _refresh_indicators(municipality_ids)
    return upload
