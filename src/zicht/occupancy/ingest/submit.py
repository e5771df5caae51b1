"""Accepting a delivered file on the upload page or the API: one size limit, the file stored encrypted, and its
ingest queued as a background task after commit (zicht.occupancy.tasks)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation

from zicht.core.privacy.logging import redact_person_numbers
from zicht.core.tasks import enqueue_on_commit

from ..choices import UploadStatus
from ..models import Upload
from .access import ingest_scope
from .payload import store_payload

# Multipart framing around the file: a request this much over the limit may still hold a file within it.
REQUEST_OVERHEAD_BYTES = 64 * 1024


def max_upload_bytes() -> int:
    """The largest file accepted (setting UPLOAD_MAX_BYTES, env ZICHT_UPLOAD_MAX_BYTES)."""
    return settings.UPLOAD_MAX_BYTES


def max_upload_size_text() -> str:
    """The limit as people read it: "200 MB", or "1 kB" for a small test limit."""
    limit = max_upload_bytes()
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.0f} MB"
    return f"{max(1, round(limit / 1024))} kB"


def request_too_large(request) -> bool:
    """Whether the request body alone is over the limit, so it can be refused before it is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > max_upload_bytes() + REQUEST_OVERHEAD_BYTES


def submit_upload(*, kind: str, delivered, channel: str, user) -> Upload:
    """Store the delivered file for `user` and queue its ingest once committed; the queued Upload."""
    scope = ingest_scope(user)
    allowed = scope["allowed_municipality_ids"]
    language = translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        upload = Upload.objects.create(
            kind=kind,
            channel=channel,
            # A file may be named after a person; the name is stored and shown, so it loses any BSN first.
            filename=redact_person_numbers(Path(delivered.name).name)[:255],
            sha256="",
            status=UploadStatus.QUEUED,
            uploaded_by=user,
            organisation=scope["organisation"],
            municipality_id=next(iter(allowed)) if allowed and len(allowed) == 1 else None,
        )
        store_payload(upload.pk, delivered.chunks())
        from ..tasks import ingest_upload  # late: the tasks module imports the ingest

        def remember(result) -> None:
            Upload.objects.filter(pk=upload.pk).update(task_id=str(result.id))

        enqueue_on_commit(ingest_upload, upload.pk, language, on_enqueued=remember)
    return upload
