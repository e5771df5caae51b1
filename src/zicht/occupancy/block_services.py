"""Writes of block registrations (DOMAIN §3.2, seed 003): request, plan, decline, complete, cancel, and registration
on location. Each checks permission, appends a step to the history and writes an audit event."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core import audit
from zicht.core.models import AuditAction
from zicht.core.scopes import scope_of

from . import block_workflow
from .block_permissions import (
    REQUESTING_KINDS,
    may_cancel_block_registration,
    may_handle_block_registration,
    may_record_on_location,
    requesting_organisation,
)
from .choices import BlockRegistrationStatus as S
from .models import BlockRegistration, BlockRegistrationChange

# Seed 003: block registration is for groups of more than 20 persons.
MIN_GROUP_SIZE = 21
MAX_PROPOSED_DATES = 3
# The requester is empty for demo data and imports (no user): the model allows it, the form check would not.
UNCHECKED = ["requested_by"]
GROUP_SIZE_ERROR = gettext_lazy(
    "Blokinschrijving is voor groepen van meer dan 20 personen. Vul een groep van 21 of meer in."
)


def _authenticated(by) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _group_size(value, minimum: int = MIN_GROUP_SIZE) -> int:
    if value is None or value < minimum:
        raise ValidationError({"group_size": GROUP_SIZE_ERROR if minimum == MIN_GROUP_SIZE else ON_LOCATION_ERROR})
    return value


# Registration on location during an inspection records whoever was found there, however few.
ON_LOCATION_ERROR = gettext_lazy("Vul het aantal aangetroffen personen in (ten minste 1).")


def _proposed_dates(values: Iterable[datetime.date]) -> list[str]:
    dates = sorted({value for value in values if value is not None})
    if not dates:
        raise ValidationError({"proposed_dates": _("Stel ten minste één datum voor.")})
    if len(dates) > MAX_PROPOSED_DATES:
        raise ValidationError({"proposed_dates": _("Stel ten hoogste drie data voor.")})
    if dates[0] <= timezone.localdate():
        raise ValidationError({"proposed_dates": _("Een voorgestelde datum moet na vandaag liggen.")})
    return [value.isoformat() for value in dates]


def _check_location(location, municipality, organisation=None) -> None:
    if location is None:
        return
    if location.municipality_id != municipality.pk:
        raise ValidationError({"location": _("Deze locatie ligt niet in de gekozen gemeente.")})
    if organisation is not None and organisation.pk not in (
        location.operator_id,
        location.owner_id,
        location.registered_by_id,
    ):
        raise ValidationError({"location": _("Kies een locatie die uw organisatie beheert, bezit of aanmeldde.")})


def _aware(value: datetime.datetime) -> datetime.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _create(block: BlockRegistration, by, note: str) -> BlockRegistration:
    block.full_clean(exclude=UNCHECKED)
    block.save()
    block_workflow.COURSE.record_start(block, by=by, history=BlockRegistrationChange, note=note.strip())
    audit.record(
        actor=_authenticated(by),
        action=AuditAction.CREATE,
        obj=block,
        municipality_id=block.municipality_id,
        detail=f"status {block.status}",
    )
    return block


@transaction.atomic
def block_request(*, by, data: dict[str, Any], check: bool = True) -> BlockRegistration:
    """An agency requests a session for its group: municipality, optional location, size, place, proposed dates."""
    agency = requesting_organisation(by)
    if check and agency is None:
        raise PermissionDenied
    agency = agency or data.get("agency")
    if agency is None or agency.kind not in REQUESTING_KINDS:
        raise ValidationError({"agency": _("Alleen een uitzendbureau of huisvester vraagt een blokinschrijving aan.")})
    municipality = data.get("municipality")
    if municipality is None:
        raise ValidationError({"municipality": _("Kies de gemeente waar de groep zich inschrijft.")})
    _check_location(data.get("location"), municipality, agency)
    block = BlockRegistration(
        municipality=municipality,
        agency=agency,
        location=data.get("location"),
        group_size=_group_size(data.get("group_size")),
        place=(data.get("place") or "").strip(),
        proposed_dates=_proposed_dates(data.get("proposed_dates") or ()),
        requested_by=_authenticated(by),
        status=S.REQUESTED,
    )
    return _create(block, by, data.get("note") or "")


@transaction.atomic
def block_record_on_location(*, by, data: dict[str, Any], check: bool = True) -> BlockRegistration:
    """The municipality records a registration on location during an inspection; it starts as planned."""
    if check and not may_record_on_location(by):
        raise PermissionDenied
    municipality_id = scope_of(by).municipality_id if check else data["municipality"].pk
    if municipality_id is None:
        raise PermissionDenied
    agency = data.get("agency")
    if agency is None or agency.kind not in REQUESTING_KINDS:
        raise ValidationError({"agency": _("Kies het uitzendbureau of de huisvester van de groep.")})
    location = data.get("location")
    if location is not None and location.municipality_id != municipality_id:
        raise ValidationError({"location": _("Deze locatie ligt niet in uw gemeente.")})
    planned_at = data.get("planned_at")
    if planned_at is None:
        raise ValidationError({"planned_at": _("Vul de datum en tijd van de inschrijving in.")})
    planned_at = _aware(planned_at)
    block = BlockRegistration(
        municipality_id=municipality_id,
        agency=agency,
        location=location,
        group_size=_group_size(data.get("group_size"), minimum=1),
        place=(data.get("place") or (location.name if location else "")).strip(),
        proposed_dates=[timezone.localtime(planned_at).date().isoformat()],
        requested_by=_authenticated(by),
        status=S.PLANNED,
        planned_at=planned_at,
        on_location=True,
    )
    return _create(block, by, data.get("note") or _("Inschrijving op locatie tijdens een controle."))


def _step(
    block: BlockRegistration, by, wanted: str, note: str, prepare: Callable[[BlockRegistration], list[str]]
) -> BlockRegistration:
    """Take one step of the course under a row lock; `prepare` checks the locked row and sets the step's fields."""
    stored: dict[str, Any] = {}

    def apply(locked: BlockRegistration, from_status: str) -> None:
        stored["from"], stored["changed"] = from_status, ["status", *prepare(locked)]
        locked.full_clean(exclude=UNCHECKED)

    locked = block_workflow.COURSE.change_status(
        block, wanted, by=by, history=BlockRegistrationChange, apply=apply, record={"note": note.strip()}
    )
    audit.record(
        actor=_authenticated(by),
        action=AuditAction.UPDATE,
        obj=locked,
        changed_fields=stored["changed"],
        municipality_id=locked.municipality_id,
        detail=f"status {stored['from']} -> {locked.status}",
    )
    return locked


@transaction.atomic
def block_plan(
    *, block: BlockRegistration, by, planned_at: datetime.datetime, note: str = "", check: bool = True
) -> BlockRegistration:
    """The municipality plans the session (or moves it) to a date and time in the future, office hours or not."""
    if check and not may_handle_block_registration(by, block):
        raise PermissionDenied
    planned_at = _aware(planned_at)

    def prepare(locked: BlockRegistration) -> list[str]:
        if planned_at <= timezone.now():
            raise ValidationError({"planned_at": _("Kies een datum en tijd in de toekomst.")})
        locked.planned_at = planned_at
        return ["planned_at"]

    return _step(block, by, S.PLANNED, note, prepare)


@transaction.atomic
def block_decline(*, block: BlockRegistration, by, note: str, check: bool = True) -> BlockRegistration:
    """The municipality declines the request, saying why."""
    if check and not may_handle_block_registration(by, block):
        raise PermissionDenied
    note = (note or "").strip()

    def prepare(locked: BlockRegistration) -> list[str]:
        if not note:
            raise ValidationError({"note": _("Geef aan waarom de aanvraag wordt afgewezen.")})
        locked.decision_note = note
        return ["decision_note"]

    return _step(block, by, S.DECLINED, note, prepare)


@transaction.atomic
def block_complete(
    *, block: BlockRegistration, by, registered_count: int, note: str = "", check: bool = True
) -> BlockRegistration:
    """The municipality records the outcome of a session that took place: how many persons it registered."""
    if check and not may_handle_block_registration(by, block):
        raise PermissionDenied

    def prepare(locked: BlockRegistration) -> list[str]:
        if locked.planned_at is not None and locked.planned_at > timezone.now():
            raise ValidationError({"registered_count": _("De uitkomst wordt vastgelegd nadat de sessie is gehouden.")})
        if registered_count is None or not 0 <= registered_count <= locked.group_size:
            raise ValidationError(
                {
                    "registered_count": _("Vul een aantal in van 0 tot en met %(size)d (de groepsgrootte).")
                    % {"size": locked.group_size}
                }
            )
        locked.registered_count = registered_count
        return ["registered_count"]

    return _step(block, by, S.COMPLETED, note, prepare)


@transaction.atomic
def block_cancel(*, block: BlockRegistration, by, note: str = "", check: bool = True) -> BlockRegistration:
    """The municipality or the requesting agency cancels a session that has not taken place."""
    if check and not may_cancel_block_registration(by, block):
        raise PermissionDenied
    return _step(block, by, S.CANCELLED, note or "", lambda locked: [])
