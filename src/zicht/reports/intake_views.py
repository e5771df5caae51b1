"""Staff intake: a report taken in by phone, at the desk or in the field, placed by address or by a point.

The tracking code is shown once, on the page that confirms the report, for staff to pass on to the reporter.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _

from zicht.core import audit
from zicht.core.models import AuditAction
from zicht.geography.selectors import address_list_visible_to
from zicht.geography.validators import normalise_postcode

from . import services
from .action_views import apply_errors
from .choices import Channel
from .forms import ReportIntakeForm
from .permissions import may_handle_reports_of

ADDRESS_SEARCH_LIMIT = 10
# What the intake form calls the fields that placing a report names differently.
PLACEMENT_FIELDS = {"municipality_code": "municipality", "address": "postcode"}


def _address_matches(user, query: str) -> list:
    """Existing addresses in the user's area by street or postcode, for staff who do not know the number."""
    query = query.strip()
    if len(query) < 3:
        return []
    addresses = address_list_visible_to(user)
    postcode = normalise_postcode(query)
    addresses = addresses.filter(postcode=postcode) if postcode else addresses.filter(street__icontains=query)
    return list(addresses[:ADDRESS_SEARCH_LIMIT])


def _initial_from_address(user, pk: str) -> dict:
    if not pk.isdigit():
        return {}
    address = address_list_visible_to(user).filter(pk=int(pk)).first()
    if address is None:
        return {}
    return {
        "postcode": address.postcode,
        "house_number": address.house_number,
        "house_letter": address.house_letter,
        "addition": address.addition,
    }


def _place(form):
    from .placement import place_report  # written alongside this view; imported when a report is placed

    data = form.cleaned_data
    municipality = form.chosen_municipality()
    return place_report(
        lat=data.get("lat"),
        lon=data.get("lon"),
        postcode=data.get("postcode") or "",
        house_number=data.get("house_number"),
        house_letter=(data.get("house_letter") or "").upper(),
        addition=(data.get("addition") or "").upper(),
        municipality_code=municipality.code if municipality is not None else "",
    )


def _report_input(form, placement) -> services.ReportInput:
    data = form.cleaned_data
    return services.ReportInput(
        category=data["category"],
        description=data["description"],
        placement=placement,
        language=data["language"],
        anonymous=data["anonymous"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data["contact_phone"],
        reporter_kind=data["reporter_kind"],
        channel=Channel.STAFF,
    )


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({PLACEMENT_FIELDS.get(key, key): value for key, value in error.error_dict.items()})


def _take_in(form, user):
    """Place and store the report in one transaction, so an address added while placing is not left behind."""
    with transaction.atomic():
        try:
            placement = _place(form)
        except ValidationError as error:
            raise _renamed(error) from error
        if not may_handle_reports_of(user, placement.municipality.pk):
            # An address decides the municipality: staff take in reports for their own municipality only.
            raise ValidationError({"postcode": [_("Deze plek ligt niet in uw gemeente.")]})
        return services.report_create(_report_input(form, placement), created_by=user)


@login_required
@permission_required("reports.take_in_reports", raise_exception=True)
def report_create(request):
    user = request.user
    if request.method == "POST":
        form = ReportIntakeForm(request.POST, user=user)
        if form.is_valid():
            try:
                report, code = _take_in(form, user)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                audit.record(
                    actor=user,
                    action=AuditAction.CREATE,
                    obj=report,
                    object_repr=report.reference,
                    request=request,
                    municipality_id=report.municipality_id,
                )
                response = render(request, "reports/report_created.html", {"report": report, "code": code})
                response["Cache-Control"] = "no-store"  # the code is shown once
                return response
    else:
        form = ReportIntakeForm(user=user, initial=_initial_from_address(user, request.GET.get("address", "")))
    search = request.GET.get("adres", "")
    context = {"form": form, "address_query": search, "addresses": _address_matches(user, search)}
    return render(request, "reports/report_form.html", context)
