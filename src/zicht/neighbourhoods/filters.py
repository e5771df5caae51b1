"""FilterSets of the neighbourhood list and the plan list (page, downloads and API)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from zicht.core.scopes import visible_municipalities
from zicht.geography.models import District, Neighbourhood

from .choices import PlanStatus
from .models import NeighbourhoodPlan


def _municipalities(request) -> QuerySet:
    # Only what the user may see can be chosen, so a filter value cannot probe other areas.
    return visible_municipalities(getattr(request, "user", None))


def _districts(request) -> QuerySet:
    return (
        District.objects.filter(municipality__in=_municipalities(request))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


class DistrictField(ModelChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class DistrictChoice(django_filters.ModelChoiceFilter):
    """A district, labelled with its municipality (a region sees the districts of several)."""

    field_class = DistrictField


class NeighbourhoodFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search", help_text=_("Naam of CBS-code van de buurt"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), queryset=_municipalities, to_field_name="code", empty_label=_("Alle gemeenten")
    )
    district = DistrictChoice(label=_("Wijk"), queryset=_districts, to_field_name="code", empty_label=_("Alle wijken"))

    class Meta:
        model = Neighbourhood
        fields = ["q", "municipality", "district"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))


class PlanFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search", help_text=_("Naam van het plan of een buurt"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), queryset=_municipalities, to_field_name="code", empty_label=_("Alle gemeenten")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlanStatus.choices, empty_label=_("Alle statussen"))

    class Meta:
        model = NeighbourhoodPlan
        fields = ["q", "municipality", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        named = NeighbourhoodPlan.objects.filter(
            Q(name__icontains=value) | Q(neighbourhoods__name__icontains=value) | Q(district__name__icontains=value)
        )
        # A subquery rather than a join, so a plan naming two matching neighbourhoods is listed once.
        return queryset.filter(pk__in=named.values("pk"))
