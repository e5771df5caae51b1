"""One report for the staff who handle it: its fields, photos, history, links and the forms for the next steps.

Showing contact details is a read of person-level data: each view of such a report is written to the audit log.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from zicht.core.audit import record_person_data_read

from . import selectors, workflow
from .choices import ReportStatus
from .filters import LANGUAGE_NAMES
from .forms import ReportAssessmentForm, ReportDuplicateForm, ReportForwardForm, ReportTransitionForm
from .models import InspectionRequest, Report, ReportStatusChange
from .views import is_overdue, migrant_housing_text


def handled_report(request, pk: int) -> Report:
    """The report `pk` when the user may handle it; 404 otherwise (never 403: existence is not revealed)."""
    try:
        report = selectors.report_detail_visible_to(request.user, pk)
    except Report.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("reports.handle_report", report):
        raise Http404
    return report


def has_contact_details(report: Report) -> bool:
    return bool(report.contact_name or report.contact_email or report.contact_phone)


def action_forms(report: Report, user, **bound) -> dict:
    """The forms for the report's next steps; a bound form that failed replaces the empty one."""
    forms: dict = {"transition_form": None, "duplicate_form": None, "forward_form": None}
    if workflow.COURSE.next_statuses(report.status):
        forms["transition_form"] = ReportTransitionForm(report=report)
    if workflow.is_open(report.status) and report.duplicate_of_id is None:
        forms["duplicate_form"] = ReportDuplicateForm(report=report, user=user)
    has_request = InspectionRequest.objects.filter(report=report).exists()
    if not has_request and workflow.COURSE.may_transition(report.status, ReportStatus.FORWARDED):
        forms["forward_form"] = ReportForwardForm()
    forms["assessment_form"] = ReportAssessmentForm(report=report, user=user)
    forms.update(bound)
    return forms


def render_detail(request, report: Report, status: int = 200, **bound):
    """The detail page; the action views call it with their bound form when the input was not valid."""
    history = (
        ReportStatusChange.objects.filter(report=report).select_related("recorded_by").order_by("recorded_at", "pk")
    )
    inspection = InspectionRequest.objects.filter(report=report).select_related("requested_by", "location").first()
    context = {
        "report": report,
        "overdue": is_overdue(report),
        "is_open": workflow.is_open(report.status),
        "migrant_housing": migrant_housing_text(report),
        "language_name": LANGUAGE_NAMES.get(report.language, report.language),
        "photos": list(report.photos.all()),
        "history": history,
        "duplicates": list(report.duplicates.order_by("pk")),
        "main_report": report.duplicate_of,
        "inspection": inspection,
        "contact_shown": has_contact_details(report),
        **action_forms(report, request.user, **bound),
    }
    if context["contact_shown"]:
        record_person_data_read(
            actor=request.user,
            request=request,
            objects=[report],
            municipality_id=report.municipality_id,
            detail="report detail",
        )
    response = render(request, "reports/report_detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_detail(request, pk: int):
    return render_detail(request, handled_report(request, pk))
