"""Public pages: making a report without an account, and following it with the tracking code.

Nothing here passes the request to the audit log or stores the client's address (DOMAIN §5): the only trace of a
client is a keyed hash in the cache that the flood limit keeps for the length of its window.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from zicht.core.maps import map_context

from . import services
from .choices import ReportStatus
from .public_forms import PublicReportForm, TrackForm, not_found_message
from .selectors import report_by_tracking_code
from .throttling import count_public_report, count_tracking_lookup

FORM_TEMPLATE = "reports/public/report_form.html"


def too_many_reports(request, wait_seconds: int, template: str = "reports/public/too_many.html"):
    """429 with Retry-After and a page that says when to try again."""
    response = render(request, template, {"minutes": max(1, math.ceil(wait_seconds / 60))}, status=429)
    response["Retry-After"] = str(wait_seconds)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request):
    """The public report form; a good report answers with its tracking code, shown this once."""
    if request.method == "POST":
        wait = count_public_report(request)
        if wait is not None:
            return too_many_reports(request, wait)
        form = PublicReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                # No created_by and no request: a public report carries no account and no client address.
                report, code = services.report_create(form.report_input(), created_by=None)
            except ValidationError as error:
                form.apply_errors(error)
            else:
                # Rendered into this response, not redirected: the code never appears in a URL or the session.
                return render(request, "reports/public/thanks.html", {"code": code, "report": report})
    else:
        form = PublicReportForm()
    return render(request, FORM_TEMPLATE, {"form": form, **map_context()})


def _public_history(report) -> list[dict]:
    # Dates and status labels only: who handled it, the department and the internal reasons stay inside.
    return [
        {"on": step.recorded_at, "status": ReportStatus(step.to_status).label}
        for step in report.history.order_by("recorded_at", "pk").only("recorded_at", "to_status")
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """Follow a report: the code is posted (never in the URL, so it stays out of access logs)."""
    report = None
    if request.method == "POST":
        wait = count_tracking_lookup(request)
        if wait is not None:
            return too_many_reports(request, wait, "reports/public/too_many_lookups.html")
        form = TrackForm(request.POST)
        if form.is_valid():
            report = report_by_tracking_code(form.cleaned_data["code"])
            if report is None:
                # The same answer for a code that does not exist and for one that cannot be a code.
                form.add_error("code", not_found_message())
    else:
        form = TrackForm()
    context = {"form": form, "report": report}
    if report is not None:
        context["history"] = _public_history(report)
        context["form"] = TrackForm()
    return render(request, "reports/public/track.html", context)
