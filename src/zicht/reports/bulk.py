"""Bulk loading of reports with their history (demo data, migrations from another system).

Each report gets what intake and the workflow would give it: a tracking digest of a fresh random code (the code is
never returned, printed or stored), routing and service level, a due date in working days, a history that follows
workflow.py step by step, and the handling fields `report_transition` sets. Rows are written with `bulk_create` in
one transaction: either every report is loaded or none.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from . import rules, services, workflow
from .choices import Category, Channel, Department, ReporterKind, ReportStatus
from .models import InspectionRequest, Report, ReportStatusChange

BATCH_SIZE = 500
# The same words `report_mark_duplicate` records, so a loaded duplicate reads like one marked by staff.
DUPLICATE_REASON = "Dubbele melding van {reference}."


class BulkStep(NamedTuple):
    """One status change after intake: to which status, when, why, to which department (empty: unchanged), by whom."""

    to_status: str
    at: datetime.datetime
    reason: str = ""
    department: str = ""
    by: Any = None


@dataclass
class BulkReport:
    """One report to load, with the steps it went through after being reported (in time order)."""

    category: str
    description: str
    municipality: Any
    created_at: datetime.datetime
    language: str = ""
    language_detected: bool = False
    reporter_kind: str = ReporterKind.UNKNOWN
    channel: str = Channel.WEB
    anonymous: bool = True
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    neighbourhood: Any = None
    address: Any = None
    location: Any = None
    lat: Decimal | None = None
    lon: Decimal | None = None
    steps: list[BulkStep] = field(default_factory=list)
    concerns_migrant_housing: bool | None = None
    # Index of the main report in the same sequence; a step into cancelled without a reason gets DUPLICATE_REASON.
    duplicate_of: int | None = None
    # When set, the first step into `forwarded` is a forward into an inspection with this reason.
    inspection_reason: str = ""
    created_by: Any = None


def _fail(index: int, message: str) -> ValueError:
    return ValueError(f"report {index}: {message}")


def _anonymity(item: BulkReport) -> rules.Anonymity:
    # The rule of every intake channel; loaded data need not say "anonymous" when it has no contact details.
    has_contact = any(value.strip() for value in (item.contact_name, item.contact_email, item.contact_phone))
    return rules.anonymity(anonymous=item.anonymous, has_contact=has_contact, staff=False)


def _check(index: int, item: BulkReport, items: Sequence[BulkReport]) -> None:
    """Refuse what intake would refuse, and relations that do not fit together."""
    if item.category not in Category.values:
        raise _fail(index, f"unknown category {item.category!r}")
    length = len(item.description.strip())
    if not rules.DESCRIPTION_MIN_LENGTH <= length <= rules.DESCRIPTION_MAX_LENGTH:
        raise _fail(index, "the description is too short or too long")
    if item.language and item.language not in rules.PORTAL_LANGUAGES:
        raise _fail(index, f"unknown language {item.language!r}")
    if _anonymity(item) == rules.Anonymity.CONFLICT:
        raise _fail(index, "an anonymous report has no contact details")
    if timezone.is_naive(item.created_at):
        raise _fail(index, "created_at needs a time zone")
    if (item.lat is None) != (item.lon is None) or (
        item.lat is not None and not rules.point_in_netherlands(float(item.lat), float(item.lon))
    ):
        raise _fail(index, "the point is not in the Netherlands")
    for name in ("neighbourhood", "address", "location"):
        related = getattr(item, name)
        if related is not None and related.municipality_id != item.municipality.pk:
            raise _fail(index, f"the {name} lies in another municipality")
    if item.duplicate_of is not None:
        if not 0 <= item.duplicate_of < len(items) or item.duplicate_of == index:
            raise _fail(index, "duplicate_of does not name another report of the sequence")
        if items[item.duplicate_of].municipality.pk != item.municipality.pk:
            raise _fail(index, "the main report belongs to another municipality")
    if item.inspection_reason and not any(step.to_status == ReportStatus.FORWARDED for step in item.steps):
        raise _fail(index, "a forward into inspection needs a step into 'forwarded'")


def _apply_steps(index: int, item: BulkReport, report: Report) -> list[tuple[str, BulkStep]]:
    """Walk the steps through the workflow, setting what `report_transition` sets; returns (from, step) pairs."""
    walked = []
    previous_at = item.created_at
    for step in item.steps:
        if not workflow.COURSE.may_transition(report.status, step.to_status):
            raise _fail(index, f"{report.status} may not go to {step.to_status}")
        if step.department and step.department not in Department.values:
            raise _fail(index, f"unknown department {step.department!r}")
        if step.at < previous_at:
            raise _fail(index, "the steps are not in time order")
        duplicate_cancel = item.duplicate_of is not None and step.to_status == ReportStatus.CANCELLED
        if step.to_status in workflow.NEEDS_REASON and not step.reason.strip() and not duplicate_cancel:
            raise _fail(index, f"the step to {step.to_status} needs a reason")
        walked.append((report.status, step))
        previous_at = step.at
        services.apply_status(report, step.to_status, at=step.at, department=step.department)
    return walked


def _report(item: BulkReport, routing: dict[tuple[int, str], tuple[int, str]]) -> Report:
    key = (item.municipality.pk, item.category)
    if key not in routing:
        routing[key] = services.routing_for(*key)
    days, department = routing[key]
    return Report(
        tracking_digest=rules.new_tracking_code_with_digest()[1],
        category=item.category,
        description=item.description.strip(),
        language=item.language,
        language_detected=item.language_detected,
        reporter_kind=item.reporter_kind,
        channel=item.channel,
        anonymous=_anonymity(item) == rules.Anonymity.ANONYMOUS,
        contact_name=item.contact_name.strip(),
        contact_email=item.contact_email.strip(),
        contact_phone=item.contact_phone.strip(),
        municipality=item.municipality,
        neighbourhood=item.neighbourhood,
        address=item.address,
        lat=item.lat,
        lon=item.lon,
        location=item.location,
        status=ReportStatus.REPORTED,
        department=department,
        service_level_days=days,
        created_at=item.created_at,
        updated_at=item.created_at,
        due_on=rules.due_date(timezone.localdate(item.created_at), days),
        concerns_migrant_housing=item.concerns_migrant_housing,
        created_by=item.created_by,
    )


def _main_of(index: int, items: Sequence[BulkReport]) -> int:
    """The first report of a chain of duplicates (as `report_mark_duplicate` links), refusing loops."""
    seen = {index}
    main = items[index].duplicate_of
    while items[main].duplicate_of is not None:
        if main in seen:
            raise _fail(index, "the duplicates form a loop")
        seen.add(main)
        main = items[main].duplicate_of
    return main


def _history(
    item: BulkReport, report: Report, routed: str, walked: list[tuple[str, BulkStep]], main: Report | None
) -> list[ReportStatusChange]:
    """The report's history: intake with the routed department, then each step with the department after it."""
    rows = [
        ReportStatusChange(
            report=report,
            from_status="",
            to_status=ReportStatus.REPORTED,
            department=routed,
            recorded_at=item.created_at,
            recorded_by=item.created_by,
        )
    ]
    department = routed
    for from_status, step in walked:
        department = step.department or department
        reason = step.reason.strip()
        if not reason and main is not None and step.to_status == ReportStatus.CANCELLED:
            reason = DUPLICATE_REASON.format(reference=main.reference)
        rows.append(
            ReportStatusChange(
                report=report,
                from_status=from_status,
                to_status=step.to_status,
                department=department,
                reason=reason,
                recorded_at=step.at,
                recorded_by=step.by,
            )
        )
    return rows


@transaction.atomic
def reports_bulk_create(items: Sequence[BulkReport]) -> int:
    """Load reports with their history and forwards into inspection, all or nothing; returns how many."""
    routing: dict[tuple[int, str], tuple[int, str]] = {}
    reports, walks = [], []
    for index, item in enumerate(items):
        _check(index, item, items)
        report = _report(item, routing)
        routed = report.department
        walks.append((routed, _apply_steps(index, item, report)))
        reports.append(report)
    mains = {index: _main_of(index, items) for index, item in enumerate(items) if item.duplicate_of is not None}
    Report.objects.bulk_create(reports, batch_size=BATCH_SIZE)
    for index, main in mains.items():
        reports[index].duplicate_of = reports[main]
    Report.objects.bulk_update([reports[index] for index in mains], ["duplicate_of"], batch_size=BATCH_SIZE)
    history, requests = [], []
    for index, (item, report, (routed, walked)) in enumerate(zip(items, reports, walks, strict=True)):
        main = reports[mains[index]] if index in mains else None
        history.extend(_history(item, report, routed, walked, main))
        if item.inspection_reason:
            forward = next(step for _, step in walked if step.to_status == ReportStatus.FORWARDED)
            requests.append(
                InspectionRequest(
                    report=report,
                    location=item.location,
                    reason=item.inspection_reason.strip(),
                    requested_at=forward.at,
                    requested_by=forward.by,
                )
            )
    ReportStatusChange.objects.bulk_create(history, batch_size=BATCH_SIZE)
    InspectionRequest.objects.bulk_create(requests, batch_size=BATCH_SIZE)
    return len(reports)
