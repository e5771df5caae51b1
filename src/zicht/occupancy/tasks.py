"""Occupancy's background tasks (zicht.core.tasks): the ingest of a delivered file, the snapshot refresh after an
ingest, and ending the uploads a stopped worker left behind."""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
from pathlib import Path

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from zicht.core.tasks import runner_alive, runner_id, worker_starting

from .choices import UploadFailure, UploadStatus
from .ingest import run_ingest
from .ingest.access import ingest_scope
from .ingest.payload import drop_payload, payload_file
from .models import Upload

logger = logging.getLogger(__name__)

# A queued upload without a task id is younger than this while its request is still committing.
ENQUEUE_GRACE = datetime.timedelta(minutes=5)
# The request-time copies of earlier versions (`zicht-upload-*`, `zicht-api-*`) and the ingest's fallback copy
# where no in-memory file exists (`zicht-payload-*`).
LEFTOVER_PATTERNS = ("zicht-upload-*", "zicht-api-*", "zicht-payload-*")


def _fail(upload_id: int, failure: str, reason: str) -> None:
    # Only unfinished uploads: one that finished meanwhile keeps its outcome.
    unfinished = Upload.objects.filter(pk=upload_id, status__in=[UploadStatus.QUEUED, UploadStatus.RUNNING])
    unfinished.update(
        status=UploadStatus.FAILED,
        failure=failure,
        error_count=1,
        errors=[{"row": 0, "field": "", "reason": reason}],
        finished_at=timezone.now(),
    )
    drop_payload(upload_id)


def interrupted_reason() -> str:
    """What the page and the API say about an upload whose processing was cut off."""
    return _("Het verwerken is onderbroken doordat de server herstartte. Lever het bestand opnieuw aan.")


@task()
def ingest_upload(upload_id: int, language: str) -> str:
    """Ingest a queued upload's stored file as its uploader; the upload's final status."""
    claimed = Upload.objects.filter(pk=upload_id, status=UploadStatus.QUEUED).update(
        status=UploadStatus.RUNNING, runner=runner_id()
    )
    if not claimed:  # failed as interrupted meanwhile, or already run
        return Upload.objects.filter(pk=upload_id).values_list("status", flat=True).first() or ""
    upload = Upload.objects.select_related("uploaded_by").get(pk=upload_id)
    try:
        with translation.override(language), payload_file(upload_id) as path:
            upload = run_ingest(
                upload.kind,
                path,
                filename=upload.filename,
                channel=upload.channel,
                actor=upload.uploaded_by,
                upload=upload,
                **ingest_scope(upload.uploaded_by),
            )
    except Exception:
        logger.exception("Ingest of upload %s failed", upload_id)
        with translation.override(language):
            reason = _("Het verwerken is onverwacht mislukt; er is niets vastgelegd. Probeer het later opnieuw.")
        _fail(upload_id, UploadFailure.ERROR, reason)
        return UploadStatus.FAILED
    finally:
        drop_payload(upload_id)
    return upload.status


@task()
def refresh_indicators(municipality_ids: list[int], on: str | None = None) -> None:
    """Recompute the snapshots the municipalities feed for `on` (ISO date; default today) after an ingest."""
    from .indicators import refresh_after_ingest  # late: the indicators import the whole occupancy app

    refresh_after_ingest(municipality_ids, datetime.date.fromisoformat(on) if on else None)


def _task_gone(task_id: str) -> bool:
    if not task_id:
        return False
    try:
        result = default_task_backend.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError):
        return True
    return result.status not in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def fail_interrupted_uploads() -> list[int]:
    """Mark failed ("interrupted") the uploads whose processing stopped with its process; their ids."""
    stale = timezone.now() - ENQUEUE_GRACE
    candidates = Upload.objects.filter(Q(status=UploadStatus.RUNNING) | Q(status=UploadStatus.QUEUED)).values_list(
        "pk", "status", "runner", "task_id", "started_at"
    )
    failed = []
    for pk, status, runner, task_id, started_at in candidates:
        if status == UploadStatus.RUNNING:
            # No runner: started by the thread of an earlier version, which a restart always ended.
            gone = not runner or runner_alive(runner) is False
        else:
            gone = _task_gone(task_id) or (not task_id and started_at < stale)
        if gone:
            failed.append(pk)
    for pk in failed:
        _fail(pk, UploadFailure.INTERRUPTED, interrupted_reason())
    if failed:
        logger.warning("Marked %s interrupted upload(s) as failed: %s", len(failed), failed)
    return failed


def remove_leftover_files() -> int:
    """Delete the temporary upload files an earlier version wrote (raw rows) and a killed process left; their
    number."""
    removed = 0
    for pattern in LEFTOVER_PATTERNS:
        for path in Path(tempfile.gettempdir()).glob(pattern):
            try:
                if path.is_file() and path.stat().st_uid == os.getuid():
                    path.unlink()
                    removed += 1
            except OSError:
                continue
    return removed


@receiver(worker_starting)
def _on_worker_start(sender, **kwargs) -> None:
    fail_interrupted_uploads()
    remove_leftover_files()
