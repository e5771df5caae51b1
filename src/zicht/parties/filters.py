"""The organisation and signal FilterSets, each shared by a page, its downloads and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import OPEN_SIGNAL_STATUSES, AgreementTopic, CertificationScheme, OrganisationKind, SignalStatus
from .models import Organisation, Signal


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


def _visible_signals(request) -> QuerySet:
    from .convenant_selectors import signal_list_visible_to

    return signal_list_visible_to(getattr(request, "user", None))


def _signal_convenants(request) -> QuerySet:
    # Only what the user may see can be chosen, so a filter value cannot probe other regions.
    from .convenant_selectors import convenant_scope_q
    from .models import Convenant

    visible = Convenant.objects.filter(convenant_scope_q(getattr(request, "user", None)))
    return visible.select_related("region").order_by("region__name", "title")


def _signal_parties(request) -> QuerySet:
    return Organisation.objects.filter(pk__in=_visible_signals(request).values("organisation_id")).order_by("name")


def _signal_municipalities(request) -> QuerySet:
    from zicht.geography.models import Municipality

    raised_by = _visible_signals(request).values("raised_by_municipality_id")
    return Municipality.objects.filter(pk__in=raised_by).order_by("name")


# The status filter's value for the signals still to be discussed (OPEN_SIGNAL_STATUSES).
OPEN_OR_ON_AGENDA = "open_or_on_agenda"


class SignalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="search", help_text=_("Onderwerp, beschrijving of partij"))
    convenant = django_filters.ModelChoiceFilter(
        label=_("Convenant"), queryset=_signal_convenants, empty_label=_("Alle convenanten")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN_OR_ON_AGENDA, _("Open of geagendeerd")), *SignalStatus.choices],
        method="filter_status",
        empty_label=_("Alle statussen"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Partij"), queryset=_signal_parties, empty_label=_("Alle partijen")
    )
    topic = django_filters.ChoiceFilter(
        label=_("Afspraak"), choices=AgreementTopic.choices, empty_label=_("Alle afspraken")
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Gemeld door"),
        field_name="raised_by_municipality",
        queryset=_signal_municipalities,
        to_field_name="code",
        empty_label=_("Alle gemeenten"),
    )

    class Meta:
        model = Signal
        fields = ["q", "convenant", "status", "organisation", "topic", "municipality"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(subject__icontains=value) | Q(description__icontains=value) | Q(organisation__name__icontains=value)
        )

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        if value == OPEN_OR_ON_AGENDA:
            return queryset.filter(status__in=OPEN_SIGNAL_STATUSES)
        return queryset.filter(status=value)
