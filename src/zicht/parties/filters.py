"""The organisation FilterSet shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CertificationScheme, OrganisationKind
from .models import Organisation


class OrganisationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search", help_text=_("Naam of KvK-nummer"))
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=OrganisationKind.choices, empty_label=_("Alle soorten")
    )
    certification = django_filters.ChoiceFilter(
        label=_("Geldig keurmerk"),
        choices=CertificationScheme.choices,
        method="filter_certification",
        empty_label=_("Alle organisaties"),
        help_text=_("Organisaties met een vandaag geldig certificaat"),
    )
    kvk = django_filters.CharFilter(label=_("KvK-nummer"), field_name="kvk_number")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "certification", "kvk"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(kvk_number=value.replace(" ", "")))

    def filter_certification(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        today = timezone.localdate()
        holders = Organisation.objects.filter(
            certifications__scheme=value,
            certifications__valid_from__lte=today,
            certifications__valid_until__gte=today,
        ).values("pk")
        # A subquery rather than a join, so an organisation with two such certificates is listed once.
        return queryset.filter(pk__in=holders)
