"""The location FilterSet, shared by the list page, the map, the exports and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zicht.core.scopes import visible_municipalities
from zicht.geography.models import Municipality, Neighbourhood
from zicht.geography.validators import normalise_postcode
from zicht.parties.models import Organisation

from . import selectors
from .choices import LocationForm, LocationStatus, NormVerdict, ReviewDecision, StayType
from .permissions import is_market_party


def _municipalities(request) -> QuerySet:
    # Only the municipalities the user may see can be chosen, so a filter value cannot probe other areas.
    user = getattr(request, "user", None)
    if is_market_party(user):
        # A market party has no area: it narrows by the municipalities of its own locations.
        visible = selectors.location_list_visible_to(user)
        return Municipality.objects.filter(pk__in=visible.values("municipality_id")).order_by("name")
    return visible_municipalities(user)


def _neighbourhoods(request) -> QuerySet:
    return Neighbourhood.objects.filter(municipality__in=_municipalities(request)).order_by("name")


def _operators(request) -> QuerySet:
    visible = selectors.location_list_visible_to(getattr(request, "user", None))
    return Organisation.objects.filter(pk__in=visible.values("operator_id")).order_by("name")


class LocationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Zoeken"), method="search", help_text=_("Naam, referentie, straat of postcode")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeente"), queryset=_municipalities, to_field_name="code", empty_label=_("Alle gemeenten")
    )
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Buurt"), queryset=_neighbourhoods, to_field_name="code", empty_label=_("Alle buurten")
    )
    form = django_filters.ChoiceFilter(label=_("Vorm"), choices=LocationForm.choices, empty_label=_("Alle vormen"))
    stay_type = django_filters.ChoiceFilter(
        label=_("Verblijfsduur"), choices=StayType.choices, empty_label=_("Alle verblijfsduren")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=LocationStatus.choices, empty_label=_("Alle statussen")
    )
    operator = django_filters.ModelChoiceFilter(
        label=_("Exploitant"), queryset=_operators, empty_label=_("Alle exploitanten")
    )
    norm_verdict = django_filters.ChoiceFilter(
        label=_("Normoordeel"), choices=NormVerdict.choices, empty_label=_("Alle oordelen")
    )
    certificate_expiring_within = django_filters.NumberFilter(
        label=_("Certificaat verloopt binnen (dagen)"),
        method="filter_certificate_expiring",
        min_value=0,
        max_value=3650,
    )
    review = django_filters.ChoiceFilter(
        label=_("Beoordeling initiatief"), choices=ReviewDecision.choices, method="filter_review", empty_label=_("Alle")
    )

    class Meta:
        model = selectors.Location
        fields = [
            "q",
            "municipality",
            "neighbourhood",
            "form",
            "stay_type",
            "status",
            "operator",
            "norm_verdict",
            "certificate_expiring_within",
            "review",
        ]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        condition = (
            Q(name__icontains=value)
            | Q(ref__iexact=value)
            | Q(address__street__icontains=value)
            | Q(operator__name__icontains=value)
        )
        postcode = normalise_postcode(value)
        if postcode:
            condition |= Q(address__postcode=postcode)
        return queryset.filter(condition)

    def filter_certificate_expiring(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        return selectors.certificate_expiring(queryset, int(value))

    def filter_review(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Review applies to initiatives that market parties registered, not to the municipality's own entries.
        return queryset.filter(review=value, registered_by__isnull=False) if value else queryset
