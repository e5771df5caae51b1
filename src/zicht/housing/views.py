"""Pages of the housing register (being built)."""

from zicht.core.exports import ExportableListView

from . import selectors
from .filters import LocationFilterSet


class LocationListView(ExportableListView):
    template_name = "housing/location_list.html"
    context_object_name = "locations"
    filterset_class = LocationFilterSet

    def get_base_queryset(self):
        return selectors.location_list_visible_to(self.request.user)
