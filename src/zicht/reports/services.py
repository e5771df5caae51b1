"""Writes of the reports app: intake, status changes, duplicates, forwarding into inspection, staff marks.

Every change appends to the report's history; nothing in the history is edited (Signalen's rule).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core import audit
from zicht.core.models import AuditAction

from . import rules, workflow
from .choices import Channel, ReporterKind, ReportStatus
from .models import CategoryRouting, InspectionRequest, Report, ReportPhoto, ReportStatusChange
from .photos import CleanPhoto
from .placement import Placement


@dataclass
class ReportInput:
    """What an intake channel (public form, API, staff form) hands to `report_create`, already placed."""

    category: str
    description: str
    placement: Placement
    language: str = ""
    # The reporter's choice; None when the channel did not ask (rules.anonymity decides what it amounts to).
    anonymous: bool | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    reporter_kind: str = ReporterKind.UNKNOWN
    channel: str = Channel.WEB
    photos: list[CleanPhoto] = field(default_factory=list)


def routing_for(municipality_id: int, category: str) -> tuple[int, str]:
    """(service level in working days, department) for a category in a municipality."""
    own = CategoryRouting.objects.filter(municipality_id=municipality_id, category=category).first()
    if own is not None:
        return own.service_level_days, own.department
    return rules.service_level(category)


def description_errors(text: str) -> list[str]:
    """The length rule of a description, as messages; intake forms and serializers show them beside the field."""
    text = (text or "").strip()
    if len(text) < rules.DESCRIPTION_MIN_LENGTH:
        return [
            _("Beschrijf wat er aan de hand is in minstens %(count)d tekens.") % {"count": rules.DESCRIPTION_MIN_LENGTH}
        ]
    if len(text) > rules.DESCRIPTION_MAX_LENGTH:
        return [_("De beschrijving is te lang: hooguit %(count)d tekens.") % {"count": rules.DESCRIPTION_MAX_LENGTH}]
    return []


def anonymity_errors(*, anonymous: bool | None, contact: Iterable[str], staff: bool) -> dict[str, list[str]]:
    """The anonymity rule (rules.anonymity) as messages under `anonymous`; every intake form and the API show them."""
    outcome = rules.anonymity(
        anonymous=anonymous, has_contact=any((value or "").strip() for value in contact), staff=staff
    )
    if outcome == rules.Anonymity.CONFLICT:
        if staff:
            # Never drop what staff typed without saying so.
            return {"anonymous": [_("Vink anoniem uit om de contactgegevens vast te leggen.")]}
        return {
            "anonymous": [
                _("U meldt anoniem: laat uw naam, e-mailadres en telefoonnummer dan leeg, of vink anoniem melden uit.")
            ]
        }
    if outcome == rules.Anonymity.UNDECIDED:
        return {"anonymous": [_("Vul contactgegevens in of kies anoniem.")]}
    return {}


# The contact details of a report as the forms and ReportInput name them.
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def _contact(data: ReportInput) -> tuple[str, str, str]:
    return data.contact_name, data.contact_email, data.contact_phone


def too_many_photos() -> str:
    return _("Stuur hooguit %(count)d foto's mee.") % {"count": rules.MAX_PHOTOS}


def _validate(data: ReportInput, *, staff: bool) -> None:
    from .choices import Category

    errors: dict[str, list[str]] = anonymity_errors(anonymous=data.anonymous, contact=_contact(data), staff=staff)
    if data.category not in Category.values:
        errors["category"] = [_("Kies een categorie uit de lijst.")]
    if description := description_errors(data.description):
        errors["description"] = description
    if data.language and data.language not in rules.PORTAL_LANGUAGES:
        errors["language"] = [_("Deze taal kennen we niet.")]
    if len(data.photos) > rules.MAX_PHOTOS:
        errors["photos"] = [too_many_photos()]
    if errors:
        raise ValidationError(errors)


def report_create(data: ReportInput, *, created_by=None, now: datetime.datetime | None = None) -> tuple[Report, str]:
    """Take in a report from any channel; returns it with its tracking code (shown once, only its hash is stored).

    The one intake of the public form, the public API, the staff form and the staff API. `created_by` is the staff
    member taking the report in (None for the public channels); staff must say "anonymous" explicitly (see
    rules.anonymity). Anonymous reports keep no contact details; no channel passes a client address here. All or
    nothing: when anything fails, no row is kept and photo files already written are removed again.
    """
    _validate(data, staff=getattr(created_by, "is_authenticated", False))
    written: list[ReportPhoto] = []
    try:
        with transaction.atomic():
            return _create(data, created_by=created_by, now=now, written=written)
    except BaseException:
        for photo in written:
            photo.image.delete(save=False)
        raise


def _create(data: ReportInput, *, created_by, now, written: list[ReportPhoto]) -> tuple[Report, str]:
    from .language import detect_language

    now = now or timezone.now()
    place = data.placement
    days, department = routing_for(place.municipality.pk, data.category)
    language, detected = data.language, False
    if not language:
        language = detect_language(data.description)
        detected = bool(language)
    code, digest = rules.new_tracking_code_with_digest()
    # Validated beforehand, so the outcome is anonymous or named here.
    anonymous = (
        rules.anonymity(
            anonymous=data.anonymous, has_contact=any(value.strip() for value in _contact(data)), staff=False
        )
        == rules.Anonymity.ANONYMOUS
    )
    report = Report.objects.create(
        tracking_digest=digest,
        category=data.category,
        description=data.description.strip(),
        language=language,
        language_detected=detected,
        reporter_kind=data.reporter_kind,
        channel=data.channel,
        anonymous=anonymous,
        contact_name="" if anonymous else data.contact_name.strip(),
        contact_email="" if anonymous else data.contact_email.strip(),
        contact_phone="" if anonymous else data.contact_phone.strip(),
        municipality=place.municipality,
        neighbourhood=place.neighbourhood,
        address=place.address,
        lat=place.lat,
        lon=place.lon,
        location=place.location,
        department=department,
        service_level_days=days,
        created_at=now,
        updated_at=now,
        due_on=rules.due_date(timezone.localdate(now), days),
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    workflow.COURSE.record_start(
        report, by=report.created_by, history=ReportStatusChange, department=department, recorded_at=now
    )
    for photo in data.photos:
        written.append(_store_photo(report, photo))
    return report, code


def _store_photo(report: Report, photo: CleanPhoto) -> ReportPhoto:
    stored = ReportPhoto(
        report=report,
        token=secrets.token_hex(16),
        content_type=photo.content_type,
        extension=photo.extension,
        size=len(photo.content),
        width=photo.width,
        height=photo.height,
    )
    stored.image.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
    stored.save()
    return stored


def report_transition(
    *,
    report: Report,
    to_status: str,
    by,
    reason: str = "",
    department: str = "",
    public_message: str | None = None,
    request=None,
    now: datetime.datetime | None = None,
) -> Report:
    """Move a report to `to_status` when its course allows it (checked under a row lock); the history gets who,
    when and why."""
    now = now or timezone.now()
    workflow.COURSE.check(report.status, to_status)
    if to_status in workflow.NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": [_("Geef een toelichting bij deze stap.")]})

    stored: list[str] = []  # the status the locked row held, for the audit line

    def step(locked: Report, from_status: str) -> None:
        stored.append(from_status)
        apply_status(locked, to_status, at=now, department=department)
        if public_message is not None:
            locked.public_message = public_message.strip()[:500]

    with transaction.atomic():
        report = workflow.COURSE.change_status(
            report,
            to_status,
            by=by,
            history=ReportStatusChange,
            apply=step,
            record=lambda locked: {"department": locked.department, "reason": reason.strip(), "recorded_at": now},
        )
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=report,
            changed_fields=["status"],
            request=request,
            municipality_id=report.municipality_id,
            detail=f"{stored[0]} -> {to_status}",
        )
    return report


def apply_status(report: Report, to_status: str, *, at: datetime.datetime, department: str = "") -> None:
    """Set a report's status and what follows from it on the instance (not saved): the handling time when handled,
    none again when reopened. Shared by `report_transition` and the bulk load, so both count alike."""
    report.status = to_status
    report.updated_at = at
    if department:
        report.department = department
    if to_status == ReportStatus.HANDLED:
        handled_on = timezone.localdate(at)
        report.handled_at = at
        report.handling_days = rules.working_days_between(timezone.localdate(report.created_at), handled_on)
        report.handled_late = handled_on > report.due_on
    elif to_status == ReportStatus.REOPENED:
        report.handled_at = report.handling_days = report.handled_late = None


def report_mark_duplicate(*, report: Report, main: Report, by, request=None) -> Report:
    """Link a report to the main report about the same thing and cancel it with that reason."""
    if main.pk == report.pk:
        raise ValidationError({"duplicate_of": [_("Een melding kan geen dubbel van zichzelf zijn.")]})
    if main.municipality_id != report.municipality_id:
        raise ValidationError({"duplicate_of": [_("De hoofdmelding hoort bij een andere gemeente.")]})
    if main.duplicate_of is not None:
        main = main.duplicate_of  # always link to the first report, never build chains
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(duplicate_of=main)
        report.duplicate_of = main
        reason = _("Dubbele melding van %(reference)s.") % {"reference": main.reference}
        if workflow.COURSE.may_transition(report.status, ReportStatus.CANCELLED):
            report = report_transition(
                report=report, to_status=ReportStatus.CANCELLED, by=by, reason=reason, request=request
            )
    return report


def report_forward_to_inspection(*, report: Report, by, reason: str, request=None) -> InspectionRequest:
    """Forward a report into an inspection; the enforcement app picks up the request."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Geef aan waarom een controle nodig is.")]})
    if hasattr(report, "inspection_request"):
        raise ValidationError({"reason": [_("Deze melding is al doorgezet naar een controle.")]})
    with transaction.atomic():
        report = report_transition(
            report=report, to_status=ReportStatus.FORWARDED, by=by, reason=reason, request=request
        )
        return InspectionRequest.objects.create(
            report=report,
            location=report.location,
            reason=reason.strip(),
            requested_at=timezone.now(),
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )


def report_assess(
    *, report: Report, by, concerns_migrant_housing: bool | None = None, location=..., request=None
) -> Report:
    """Staff's own assessment: does the report concern labour-migrant housing, and which location (if any)."""
    changed: list[str] = []
    if concerns_migrant_housing is not None and concerns_migrant_housing != report.concerns_migrant_housing:
        report.concerns_migrant_housing = concerns_migrant_housing
        changed.append("concerns_migrant_housing")
    if location is not ... and getattr(location, "pk", None) != report.location_id:
        if location is not None and location.municipality_id != report.municipality_id:
            raise ValidationError({"location": [_("Deze locatie ligt in een andere gemeente.")]})
        report.location = location
        changed.append("location")
    if changed:
        report.updated_at = timezone.now()
        report.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=report,
            changed_fields=changed,
            request=request,
            municipality_id=report.municipality_id,
        )
    return report
