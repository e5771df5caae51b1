"""Pages of the geography app: the municipality reference list and the addresses in the user's area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zicht.core.exports import ExportableListView

from . import selectors
from .filters import AddressFilterSet, MunicipalityFilterSet


def _regions(municipality) -> list[str]:
    return [region.name for region in municipality.regions.all()]


class MunicipalityListView(ExportableListView):
    template_name = "geography/municipality_list.html"
    context_object_name = "municipalities"
    filterset_class = MunicipalityFilterSet
    export_filename = "gemeenten"
    export_subject = "geography.municipality"
    export_columns = [
        (_("CBS-code"), lambda m: m.code),
        (_("Naam"), lambda m: m.name),
        (_("Provincie"), lambda m: m.province.name),
        (_("Regio's"), _regions),
    ]

    def get_base_queryset(self):
        return selectors.municipality_list()


@login_required
def municipality_detail(request, code: str):
    municipality = selectors.municipality_detail(code)
    districts = list(municipality.districts.all())
    context = {
        "municipality": municipality,
        "regions": list(municipality.regions.all()),
        "districts": districts,
        "neighbourhood_count": sum(district.neighbourhood_count for district in districts),
        "address_count": selectors.address_count_visible_to(request.user, municipality),
    }
    return render(request, "geography/municipality_detail.html", context)


class AddressListView(ExportableListView):
    template_name = "geography/address_list.html"
    context_object_name = "addresses"
    filterset_class = AddressFilterSet
    export_filename = "adressen"
    export_subject = "geography.address"
    export_columns = [
        (_("Straat"), lambda a: a.street),
        (_("Huisnummer"), lambda a: a.house_number),
        (_("Huisletter"), lambda a: a.house_letter),
        (_("Toevoeging"), lambda a: a.addition),
        (_("Postcode"), lambda a: a.postcode),
        (_("Woonplaats"), lambda a: a.city),
        (_("Gemeentecode"), lambda a: a.municipality.code),
        (_("Gemeente"), lambda a: a.municipality.name),
        (_("Buurtcode"), lambda a: a.neighbourhood.code if a.neighbourhood_id else ""),
        (_("BAG-id"), lambda a: a.bag_id),
        (_("Breedtegraad"), lambda a: a.lat),
        (_("Lengtegraad"), lambda a: a.lon),
    ]

    def get_base_queryset(self):
        return selectors.address_list_visible_to(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["sees_addresses"] = selectors.sees_addresses(self.request.user)
        return context


@login_required
def address_detail(request, pk: int):
    address = selectors.address_detail_visible_to(request.user, pk)
    return render(request, "geography/address_detail.html", {"address": address})
