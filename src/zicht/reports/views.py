"""The staff work list of reports with its downloads. Downloads hold no contact details and no description."""

from __future__ import annotations

import datetime

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.exports import ExportableListView

from . import rules, selectors, workflow
from .filters import LANGUAGE_NAMES, ReportFilterSet
from .models import Report, reference_of


def is_overdue(report: Report, today: datetime.date | None = None) -> bool:
    """An open report past its due date (the list and the detail flag it in words, not only in colour)."""
    return rules.is_overdue(
        due=report.due_on, today=today or timezone.localdate(), is_open=workflow.is_open(report.status)
    )


def address_text(report: Report) -> str:
    return str(report.address) if report.address_id else ""


def migrant_housing_text(report: Report) -> str:
    if report.concerns_migrant_housing is None:
        return str(_("Niet beoordeeld"))
    return str(_("Ja") if report.concerns_migrant_housing else _("Nee"))


def _yes_no(value: bool) -> str:
    return str(_("Ja") if value else _("Nee"))


EXPORT_COLUMNS = [
    (_("Meldingnummer"), lambda r: r.reference),
    (_("Gemeld op"), lambda r: r.created_at),
    (_("Categorie"), lambda r: r.get_category_display()),
    (_("Status"), lambda r: r.get_status_display()),
    (_("Afdeling"), lambda r: r.get_department_display()),
    (_("Af te handelen voor"), lambda r: r.due_on),
    (_("Te laat"), lambda r: _yes_no(is_overdue(r))),
    (_("Afgehandeld op"), lambda r: r.handled_at),
    (_("Afhandeltijd (werkdagen)"), lambda r: r.handling_days),
    (_("Te laat afgehandeld"), lambda r: "" if r.handled_late is None else _yes_no(r.handled_late)),
    (_("Gemeentecode"), lambda r: r.municipality.code),
    (_("Wijkcode"), lambda r: r.neighbourhood.district.code if r.neighbourhood_id else ""),
    (_("Buurtcode"), lambda r: r.neighbourhood.code if r.neighbourhood_id else ""),
    (_("Buurt"), lambda r: r.neighbourhood.name if r.neighbourhood_id else ""),
    (_("Adres"), address_text),
    (_("Breedtegraad"), lambda r: r.lat),
    (_("Lengtegraad"), lambda r: r.lon),
    (_("Huisvestingslocatie"), lambda r: r.location.ref if r.location_id else ""),
    (_("Huisvesting arbeidsmigranten"), migrant_housing_text),
    (_("Melder"), lambda r: r.get_reporter_kind_display()),
    (_("Kanaal"), lambda r: r.get_channel_display()),
    (_("Anoniem"), lambda r: _yes_no(r.anonymous)),
    (_("Taal"), lambda r: LANGUAGE_NAMES.get(r.language, r.language)),
    (_("Dubbel van"), lambda r: reference_of(r.duplicate_of_id) if r.duplicate_of_id else ""),
]


class ReportListView(PermissionRequiredMixin, ExportableListView):
    permission_required = "reports.take_in_reports"
    template_name = "reports/report_list.html"
    context_object_name = "reports"
    filterset_class = ReportFilterSet
    export_filename = "meldingen"
    export_subject = "reports.report"
    export_columns = EXPORT_COLUMNS

    def get_base_queryset(self) -> QuerySet:
        return selectors.report_list_visible_to(self.request.user).select_related("neighbourhood__district")

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [{"report": report, "overdue": is_overdue(report, today)} for report in context["reports"]]
        context["may_take_in"] = self.request.user.has_perm("reports.take_in_reports")
        return context
