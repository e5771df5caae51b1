"""Writes of the convenant: signals and their course, meetings, signatures. Each checks permission and is audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core import audit
from zicht.core.models import AuditAction
from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of

from . import workflow
from .choices import SignalStatus
from .convenant_selectors import computed_meeting_date
from .models import Convenant, ConvenantMeeting, ConvenantSignatory, Organisation, Signal, SignalStatusChange
from .permissions import is_member_municipality, may_handle_signal, may_manage_convenant, may_raise_signal

SIGNAL_FIELDS = ("organisation", "topic", "subject", "description", "raised_on")


def _authenticated(by) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _raising_municipality(by, municipality) -> int:
    """Municipal staff raise for their own municipality; a coordinator names one of the region's municipalities."""
    scope = scope_of(by)
    if scope.kind == ScopeKind.MUNICIPALITY and scope.municipality_id is not None:
        return scope.municipality_id
    if municipality is None:
        raise ValidationError({"raised_by_municipality": _("Kies de gemeente die het signaal meldt.")})
    return municipality.pk


@transaction.atomic
def signal_raise(*, convenant: Convenant, by, data: dict[str, Any], municipality=None, check: bool = True) -> Signal:
    """Raise a signal about a party under the convenant; it starts open, with the first step of its history."""
    if check and not may_raise_signal(by, convenant):
        raise PermissionDenied
    municipality_id = _raising_municipality(by, municipality)
    if not is_member_municipality(convenant.region_id, municipality_id):
        raise ValidationError({"raised_by_municipality": _("Deze gemeente hoort niet bij de regio van het convenant.")})
    values = {name: data[name] for name in SIGNAL_FIELDS if name in data}
    values.setdefault("raised_on", timezone.localdate())
    if values["raised_on"] > timezone.localdate():
        raise ValidationError({"raised_on": _("De datum van melding ligt in de toekomst.")})
    signal = Signal(
        convenant=convenant,
        raised_by_municipality_id=municipality_id,
        raised_by=_authenticated(by),
        status=SignalStatus.OPEN,
        **values,
    )
    signal.full_clean()
    signal.save()
    workflow.COURSE.record_start(signal, by=by, history=SignalStatusChange, note=_("Gemeld"))
    audit.record(actor=_authenticated(by), action=AuditAction.CREATE, obj=signal, municipality_id=municipality_id)
    return signal


def _check_meeting(signal: Signal, from_status: str, status: str, meeting: ConvenantMeeting | None) -> None:
    if status not in workflow.NEEDS_MEETING:
        return
    if meeting is None:
        raise ValidationError({"meeting": _("Kies het overleg waarop het signaal wordt besproken.")})
    if meeting.convenant_id != signal.convenant_id:
        raise ValidationError({"meeting": _("Dit overleg hoort niet bij het convenant van het signaal.")})
    if from_status == SignalStatus.ON_AGENDA and meeting.pk == signal.meeting_id:
        raise ValidationError({"meeting": _("Het signaal staat al op de agenda van dit overleg; kies een ander.")})
    if from_status == SignalStatus.DISCUSSED and signal.meeting is not None and meeting.date <= signal.meeting.date:
        raise ValidationError({"meeting": _("Kies een later overleg dan het overleg waarin het al is besproken.")})


@transaction.atomic
def signal_change_status(
    *,
    signal: Signal,
    by,
    status: str,
    meeting: ConvenantMeeting | None = None,
    outcome: str = "",
    note: str = "",
    check: bool = True,
) -> Signal:
    """Move a signal along its course (workflow.COURSE, checked under a row lock) and append the step to its history."""
    if check and not may_handle_signal(by, signal):
        raise PermissionDenied
    outcome = outcome.strip()
    stored: list[str] = []  # the status the locked row held, for the audit line

    def step(locked: Signal, from_status: str) -> None:
        stored.append(from_status)
        _check_meeting(locked, from_status, status, meeting)
        if status in workflow.NEEDS_OUTCOME and not outcome:
            raise ValidationError({"outcome": _("Leg vast wat het overleg over het signaal heeft besloten.")})
        if status in workflow.NEEDS_MEETING:
            locked.meeting = meeting
        if status in workflow.NEEDS_OUTCOME:
            locked.outcome = outcome
        locked.full_clean()

    signal = workflow.COURSE.change_status(
        signal,
        status,
        by=by,
        history=SignalStatusChange,
        apply=step,
        record=lambda locked: {
            "meeting": locked.meeting if status in (*workflow.NEEDS_MEETING, *workflow.NEEDS_OUTCOME) else None,
            "note": outcome if status in workflow.NEEDS_OUTCOME and not note.strip() else note.strip(),
        },
    )
    changed = ["status", *(["meeting"] if status in workflow.NEEDS_MEETING else [])]
    changed += ["outcome"] if status in workflow.NEEDS_OUTCOME else []
    audit.record(
        actor=_authenticated(by),
        action=AuditAction.UPDATE,
        obj=signal,
        changed_fields=changed,
        municipality_id=signal.raised_by_municipality_id,
        detail=f"status {stored[0]} -> {status}",
    )
    return signal


def signal_put_on_agenda(
    *, signal: Signal, by, meeting: ConvenantMeeting, note: str = "", check: bool = True
) -> Signal:
    """Put a signal on the agenda of one of its convenant's meetings (or move it to another meeting)."""
    return signal_change_status(
        signal=signal, by=by, status=SignalStatus.ON_AGENDA, meeting=meeting, note=note, check=check
    )


@transaction.atomic
def meeting_schedule(
    *, convenant: Convenant, by, date: datetime.date | None = None, place: str = "", check: bool = True
) -> ConvenantMeeting:
    """Plan a meeting; without a date, one meeting interval after the last meeting (or after the start)."""
    if check and not may_manage_convenant(by, convenant):
        raise PermissionDenied
    if date is None:
        last = convenant.meetings.order_by("-date", "-pk").first()
        after = last.date if last else convenant.valid_from
        date = computed_meeting_date(convenant, after, after)
    if convenant.meetings.filter(date=date).exists():
        raise ValidationError({"date": _("Op deze datum staat al een overleg gepland.")})
    meeting = ConvenantMeeting(convenant=convenant, date=date, place=place)
    meeting.full_clean()
    meeting.save()
    audit.record(actor=_authenticated(by), action=AuditAction.CREATE, obj=meeting)
    return meeting


@transaction.atomic
def signatory_add(
    *, convenant: Convenant, by, organisation: Organisation, signed_on: datetime.date, check: bool = True
) -> ConvenantSignatory:
    """Record that an organisation signed the convenant; one that withdrew earlier signs anew."""
    if check and not may_manage_convenant(by, convenant):
        raise PermissionDenied
    signatory = convenant.signatories.filter(organisation=organisation).first()
    if signatory is not None and signatory.withdrawn_on is None:
        raise ValidationError({"organisation": _("Deze organisatie heeft het convenant al ondertekend.")})
    action = AuditAction.CREATE if signatory is None else AuditAction.UPDATE
    signatory = signatory or ConvenantSignatory(convenant=convenant, organisation=organisation)
    signatory.signed_on, signatory.withdrawn_on = signed_on, None
    signatory.full_clean()
    signatory.save()
    audit.record(actor=_authenticated(by), action=action, obj=signatory, changed_fields=["signed_on", "withdrawn_on"])
    return signatory


@transaction.atomic
def signatory_withdraw(
    *, signatory: ConvenantSignatory, by, on: datetime.date | None = None, check: bool = True
) -> ConvenantSignatory:
    """Record that a signatory withdrew from the convenant on `on` (today by default)."""
    if check and not may_manage_convenant(by, signatory.convenant):
        raise PermissionDenied
    if signatory.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("Deze ondertekenaar heeft zich al teruggetrokken.")})
    on = on or timezone.localdate()
    if on < signatory.signed_on:
        raise ValidationError({"withdrawn_on": _("Terugtrekken kan niet vóór de datum van ondertekening.")})
    signatory.withdrawn_on = on
    signatory.full_clean()
    signatory.save()
    audit.record(actor=_authenticated(by), action=AuditAction.UPDATE, obj=signatory, changed_fields=["withdrawn_on"])
    return signatory
