"""Pages of the parties app: organisations, their certifications and the convenants they signed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zicht.core.exports import ExportableListView

from . import convenant_selectors, selectors
from .filters import OrganisationFilterSet


def _certification_text(certification) -> str:
    until = gettext("geldig t/m %(date)s") % {"date": certification.valid_until.isoformat()}
    return " ".join(part for part in (certification.get_scheme_display(), certification.number, until) if part)


def _certifications(organisation) -> str:
    return "; ".join(_certification_text(certification) for certification in organisation.certifications.all())


class OrganisationListView(ExportableListView):
    template_name = "parties/organisation_list.html"
    context_object_name = "organisations"
    filterset_class = OrganisationFilterSet
    hidden_filters = ("kvk",)  # the page's search field already finds a KvK number
    export_filename = "organisaties"
    export_subject = "parties.organisation"
    export_columns = [
        (_("Naam"), lambda o: o.name),
        (_("Soort"), lambda o: o.get_kind_display()),
        (_("KvK-nummer"), lambda o: o.kvk_number),
        (_("Gemeente"), lambda o: o.municipality.name if o.municipality_id else ""),
        (_("Provincie"), lambda o: o.province.name if o.province_id else ""),
        (_("Regio"), lambda o: o.region.name if o.region_id else ""),
        (_("Website"), lambda o: o.website),
        (_("Certificeringen"), _certifications),
    ]

    def get_base_queryset(self):
        return selectors.organisation_list_visible_to(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        organisations = selectors.with_certification_status(context["object_list"])
        context["object_list"] = context["organisations"] = organisations
        return context


@login_required
def organisation_detail(request, pk: int):
    organisation = selectors.organisation_detail_visible_to(request.user, pk)
    selectors.with_certification_status([organisation])
    context = {
        "organisation": organisation,
        "certifications": list(organisation.certifications.all()),
        "expiry_warning_days": selectors.EXPIRY_WARNING_DAYS,
        "signatures": convenant_selectors.convenants_signed_by(organisation, request.user),
        "show_signals": convenant_selectors.may_see_signals(request.user),
        "open_signals": convenant_selectors.open_signals_about(organisation, request.user),
    }
    return render(request, "parties/organisation_detail.html", context)
