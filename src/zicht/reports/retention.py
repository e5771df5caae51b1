"""Retention of reports (DOMAIN §5, as Signalen does): cancelled ones go after a year, handled ones after five.

The term counts from a report's last status change. What is removed is logged and audited by reference only:
never the description, the contact details or the address.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from zicht.core.models import AuditAction, AuditEvent

from .choices import ReportStatus
from .models import Report, ReportPhoto, ReportStatusChange, reference_of

logger = logging.getLogger("zicht.reports.retention")

BATCH_SIZE = 500


def retention_days() -> dict[str, int]:
    """Days a closed report is kept after its last status change, per status (settings, else the defaults)."""
    return {
        ReportStatus.CANCELLED: int(getattr(settings, "REPORTS_RETENTION_CANCELLED_DAYS", 365)),
        ReportStatus.HANDLED: int(getattr(settings, "REPORTS_RETENTION_HANDLED_DAYS", 5 * 365)),
    }


def cutoff_for(today: datetime.date, days: int) -> datetime.datetime:
    """The moment before which a last status change is old enough: the start of (today - days), local time."""
    day = today - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def expired_reports(status: str, cutoff: datetime.datetime) -> QuerySet[Report]:
    """Reports in `status` whose last status change lies before `cutoff`."""
    last_change = (
        ReportStatusChange.objects.filter(report=OuterRef("pk")).order_by("-recorded_at").values("recorded_at")[:1]
    )
    return (
        Report.objects.filter(status=status)
        .annotate(last_change=Coalesce(Subquery(last_change), F("updated_at")))
        .filter(last_change__lt=cutoff)
        .order_by("pk")
    )


@dataclass
class PurgeResult:
    dry_run: bool
    days: dict[str, int]
    removed: dict[str, list[str]] = field(default_factory=dict)  # status -> references

    @property
    def total(self) -> int:
        return sum(len(references) for references in self.removed.values())


def _delete_files(names: list[str]) -> None:
    storage = ReportPhoto._meta.get_field("image").storage
    folders = set()
    for name in names:
        storage.delete(name)
        folders.add(os.path.dirname(name))
    for folder in folders:
        # The report's own photo folder is left empty; remove it where the storage is a local directory.
        with contextlib.suppress(NotImplementedError, OSError):
            os.rmdir(storage.path(folder))


def _purge_batch(rows: list[tuple[int, int]], status: str, days: int) -> None:
    ids = [pk for pk, _municipality in rows]
    with transaction.atomic():
        files = [name for name in ReportPhoto.objects.filter(report_id__in=ids).values_list("image", flat=True) if name]
        Report.objects.filter(pk__in=ids).delete()
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=None,
                    actor_label="",
                    action=AuditAction.DELETE,
                    object_type="reports.report",
                    object_id=str(pk),
                    object_repr=reference_of(pk),
                    municipality_id=municipality_id,
                    detail=f"retention: {status} report kept {days} days after its last status change",
                )
                for pk, municipality_id in rows
            ]
        )
        # Files go only once the rows are gone for good, so a failed transaction keeps every photo.
        transaction.on_commit(lambda: _delete_files(files))


def purge_reports(*, today: datetime.date | None = None, dry_run: bool = False) -> PurgeResult:
    """Delete cancelled and handled reports past their retention term, with their history and photo files."""
    today = today or timezone.localdate()
    result = PurgeResult(dry_run=dry_run, days=retention_days())
    for status, days in result.days.items():
        rows = list(expired_reports(status, cutoff_for(today, days)).values_list("pk", "municipality_id"))
        result.removed[status] = [reference_of(pk) for pk, _municipality in rows]
        if not dry_run:
            for start in range(0, len(rows), BATCH_SIZE):
                _purge_batch(rows[start : start + BATCH_SIZE], status, days)
        logger.info(
            "%s %d %s reports (kept %d days after their last status change)%s",
            "would remove" if dry_run else "removed",
            len(rows),
            status,
            days,
            (": " + " ".join(result.removed[status])) if rows else "",
        )
    return result
