"""The neighbourhood list: the visible neighbourhoods with key figures per row, filters, paging and downloads.

The profile page lives in profile_views.py, the plans in plan_views.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zicht.core.exports import ExportableListView
from zicht.core.privacy.suppression import SuppressedCount, suppress
from zicht.reports.permissions import may_handle_reports_of

from . import selectors
from .filters import NeighbourhoodFilterSet
from .permissions import may_read_neighbourhoods, may_write_plans


def _shown(value) -> object:
    """A cell of a download: the count, or "< 5" for a suppressed one."""
    return str(value) if isinstance(value, SuppressedCount) else value


class NeighbourhoodListView(ExportableListView):
    template_name = "neighbourhoods/neighbourhood_list.html"
    context_object_name = "neighbourhoods"
    filterset_class = NeighbourhoodFilterSet
    export_filename = "buurten"
    export_subject = "geography.neighbourhood"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_read_neighbourhoods(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet:
        return selectors.neighbourhood_rows(self.request.user)

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        # Municipal staff see one municipality: a choice of one is no filter.
        fields = self.filterset.form.fields
        if fields["municipality"].queryset.count() <= 1:
            fields.pop("municipality")
        return queryset

    def reports_shown(self, row):
        """The row's report count as this viewer may see it ("< 5" outside the owning municipality)."""
        return suppress(row.reports_last_year, owner=may_handle_reports_of(self.request.user, row.municipality_id))

    @property
    def export_columns(self):
        return [
            (_("CBS-code"), lambda row: row.code),
            (_("Buurt"), lambda row: row.name),
            (_("Wijk"), lambda row: row.district.name),
            (_("Gemeente"), lambda row: row.municipality.name),
            (_("Locaties in gebruik"), lambda row: row.locations_in_use),
            (_("Bedden in gebruik"), lambda row: row.beds_in_use),
            (_("Meldingen afgelopen 12 maanden"), lambda row: _shown(self.reports_shown(row))),
        ]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        for row in context["object_list"]:
            row.reports_shown = self.reports_shown(row)
        context["show_municipality"] = "municipality" in self.filterset.form.fields
        context["may_write_plans"] = may_write_plans(self.request.user)
        return context
