"""The steps staff take on a report, each a POST from the detail page that calls one service.

Invalid input re-renders the detail page with the form as it was sent and the errors beside the fields.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .detail_views import handled_report, render_detail
from .forms import ReportAssessmentForm, ReportDuplicateForm, ReportForwardForm, ReportTransitionForm

# Names the services use for the fields that the forms call differently.
FORM_FIELD_NAMES = {"duplicate_of": "main_reference"}


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors at the form's fields, or above the form for fields it does not have."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = FORM_FIELD_NAMES.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def _done(request, report, message: str):
    messages.success(request, message)
    return redirect("reports:report_detail", pk=report.pk)


@login_required
@require_POST
def report_transition(request, pk: int):
    report = handled_report(request, pk)
    form = ReportTransitionForm(request.POST, report=report)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.report_transition(
                report=report,
                to_status=data["to_status"],
                by=request.user,
                reason=data["reason"],
                department=data["department"],
                public_message=data["public_message"] or None,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _done(request, report, _("De status van de melding is gewijzigd."))
    return render_detail(request, report, transition_form=form)


@login_required
@require_POST
def report_duplicate(request, pk: int):
    report = handled_report(request, pk)
    form = ReportDuplicateForm(request.POST, report=report, user=request.user)
    if form.is_valid():
        main = form.cleaned_data["main_reference"]
        try:
            report = services.report_mark_duplicate(report=report, main=main, by=request.user, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            reference = report.duplicate_of.reference
            return _done(request, report, _("De melding is gekoppeld aan hoofdmelding %(ref)s.") % {"ref": reference})
    return render_detail(request, report, duplicate_form=form)


@login_required
@require_POST
def report_forward(request, pk: int):
    report = handled_report(request, pk)
    form = ReportForwardForm(request.POST)
    if form.is_valid():
        try:
            services.report_forward_to_inspection(
                report=report, by=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _done(request, report, _("De melding is doorgezet naar een controle."))
    return render_detail(request, report, forward_form=form)


@login_required
@require_POST
def report_assess(request, pk: int):
    report = handled_report(request, pk)
    form = ReportAssessmentForm(request.POST, report=report, user=request.user)
    if form.is_valid():
        try:
            services.report_assess(
                report=report,
                by=request.user,
                concerns_migrant_housing=form.concerns(),
                location=form.cleaned_data["location"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _done(request, report, _("De beoordeling van de melding is opgeslagen."))
    return render_detail(request, report, assessment_form=form)
