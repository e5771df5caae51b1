"""FilterSets shared by the geography pages and the API: one definition of what `q`, `province`, … mean."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zicht.core.scopes import visible_municipalities

from .models import Address, Municipality, Neighbourhood, Province, Region
from .validators import normalise_municipality_code, normalise_postcode


def _visible_municipalities(request) -> QuerySet:
    # Only the municipalities the user may see can be chosen, so a filter value cannot probe other areas.
    return visible_municipalities(getattr(request, "user", None))


class MunicipalityFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search", help_text=_("Naam of CBS-code"))
    province = django_filters.ModelChoiceFilter(
        label=_("Provincie"),
        queryset=Province.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Alle provincies"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Regio"),
        field_name="regions",
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Alle regio's"),
    )

    class Meta:
        model = Municipality
        fields = ["q", "province", "region"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(name__icontains=value) | Q(code__iexact=value)
        code = normalise_municipality_code(value)
        if code:
            condition |= Q(code=code)
        return queryset.filter(condition)


class NeighbourhoodFilterSet(django_filters.FilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), queryset=Municipality.objects.all(), to_field_name="code"
    )
    district = django_filters.CharFilter(label=_("Wijk"), field_name="district__code", help_text=_("CBS-wijkcode"))

    class Meta:
        model = Neighbourhood
        fields = ["municipality", "district"]


class AddressFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search", help_text=_("Straat, postcode of woonplaats"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        queryset=_visible_municipalities,
        to_field_name="code",
        empty_label=_("Alle gemeenten"),
    )
    postcode = django_filters.CharFilter(label=_("Postcode"), method="filter_postcode", help_text=_("bijv. 7411 AB"))

    class Meta:
        model = Address
        fields = ["q", "municipality", "postcode"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        postcode = normalise_postcode(value)
        condition = Q(street__icontains=value) | Q(city__icontains=value) | Q(postcode__icontains=value)
        if postcode:
            condition |= Q(postcode=postcode)
        return queryset.filter(condition)

    def filter_postcode(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # "7411ab", "7411 AB" and a bare "7411" (the area) all work; stored postcodes are "1234 AB".
        value = value.strip()
        if not value:
            return queryset
        postcode = normalise_postcode(value)
        if postcode:
            return queryset.filter(postcode=postcode)
        compact = value.replace(" ", "").upper()
        prefix = compact[:4] + (f" {compact[4:]}" if len(compact) > 4 else "")
        return queryset.filter(postcode__startswith=prefix)
