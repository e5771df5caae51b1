"""Writing the audit log. Every read of person-level data goes through `record_person_data_read`."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models

from .models import AuditAction, AuditEvent


def client_address(request) -> str | None:
    """The client's IP address for staff requests (never called for anonymous public reports)."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _actor_fields(actor) -> dict:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": ""}
    return {"actor": actor, "actor_label": actor.get_username()}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changed_fields: Iterable[str] = (),
    request=None,
    municipality_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Append one event to the audit log."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    return AuditEvent.objects.create(
        **_actor_fields(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changed_fields=sorted(changed_fields),
        client_address=client_address(request),
        municipality_id=municipality_id,
        detail=detail[:300],
    )


def record_person_data_read(
    *,
    actor,
    request=None,
    objects: Iterable[models.Model] = (),
    object_type: str = "",
    municipality_id: int | None = None,
    detail: str = "",
) -> int:
    """Log one READ event per person-level object shown to `actor`; returns how many were logged.

    Bulk-inserted so a work list of a thousand rows costs one query, not a thousand.
    """
    base = {
        **_actor_fields(actor),
        "action": AuditAction.READ,
        "client_address": client_address(request),
        "municipality_id": municipality_id,
        "detail": detail[:300],
    }
    events = [
        AuditEvent(
            **base, object_type=object_type or obj._meta.label_lower, object_id=str(obj.pk), object_repr=str(obj)[:200]
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events, batch_size=500)
    return len(events)
