"""The report FilterSet, shared by the staff list, its downloads and the staff API."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.widgets import DateInput
from zicht.geography.models import District, Neighbourhood
from zicht.geography.validators import normalise_postcode

from . import rules, selectors, workflow
from .choices import Category, Department, ReportStatus
from .models import Report

# "M-000123", "m123", "123": the reference staff read out on the phone.
REFERENCE_RE = re.compile(r"^\s*(?:M\s*-?\s*)?0*(\d{1,9})\s*$", re.IGNORECASE)

YES, NO, UNASSESSED = "yes", "no", "unassessed"
OPEN, CLOSED = "open", "closed"
YES_NO = [(YES, _("Ja")), (NO, _("Nee"))]

# The reporter's languages by their Dutch name (Django's own list lacks Tigrinya and plain "zh").
LANGUAGE_NAMES = {
    "nl": _("Nederlands"),
    "en": _("Engels"),
    "bg": _("Bulgaars"),
    "ro": _("Roemeens"),
    "uk": _("Oekraïens"),
    "de": _("Duits"),
    "fr": _("Frans"),
    "es": _("Spaans"),
    "it": _("Italiaans"),
    "pt": _("Portugees"),
    "ar": _("Arabisch"),
    "pl": _("Pools"),
    "zh": _("Chinees"),
    "fa": _("Perzisch"),
    "hi": _("Hindi"),
    "ti": _("Tigrinya"),
}
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES.get(code, code)) for code in rules.PORTAL_LANGUAGES]


def reference_pk(value: str) -> int | None:
    """The report id in a reference such as "M-000123"; None when the text is not a reference."""
    match = REFERENCE_RE.match(value or "")
    return int(match.group(1)) if match else None


def _report_municipality_ids(request):
    # Only areas of reports the user may see can be chosen, so a filter value cannot probe other municipalities.
    return selectors.report_list_visible_to(getattr(request, "user", None)).values("municipality_id")


def _neighbourhoods(request) -> QuerySet:
    return Neighbourhood.objects.filter(municipality_id__in=_report_municipality_ids(request)).order_by("name")


def _districts(request) -> QuerySet:
    return District.objects.filter(municipality_id__in=_report_municipality_ids(request)).order_by("name")


class ReportFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Zoeken"), method="search", help_text=_("Meldingnummer (M-000123), omschrijving, straat of postcode")
    )
    category = django_filters.ChoiceFilter(
        label=_("Categorie"), choices=Category.choices, empty_label=_("Alle categorieën")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ReportStatus.choices, empty_label=_("Alle statussen")
    )
    state = django_filters.ChoiceFilter(
        label=_("Open of afgesloten"),
        choices=[(OPEN, _("Open")), (CLOSED, _("Afgesloten"))],
        method="filter_state",
        empty_label=_("Alle meldingen"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Te laat"),
        choices=YES_NO,
        method="filter_overdue",
        empty_label=_("Alle meldingen"),
        help_text=_("Open meldingen waarvan de afhandeltermijn voorbij is"),
    )
    neighbourhood = django_filters.ModelChoiceFilter(
        label=_("Buurt"), queryset=_neighbourhoods, to_field_name="code", empty_label=_("Alle buurten")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Wijk"),
        queryset=_districts,
        to_field_name="code",
        field_name="neighbourhood__district",
        empty_label=_("Alle wijken"),
    )
    department = django_filters.ChoiceFilter(
        label=_("Afdeling"), choices=Department.choices, empty_label=_("Alle afdelingen")
    )
    concerns_migrant_housing = django_filters.ChoiceFilter(
        label=_("Huisvesting arbeidsmigranten"),
        choices=[*YES_NO, (UNASSESSED, _("Niet beoordeeld"))],
        method="filter_migrant_housing",
        empty_label=_("Alle meldingen"),
    )
    has_location = django_filters.ChoiceFilter(
        label=_("Gekoppeld aan locatie"), choices=YES_NO, method="filter_has_location", empty_label=_("Alle meldingen")
    )
    created_from = django_filters.DateFilter(
        label=_("Gemeld vanaf"), field_name="created_at", lookup_expr="date__gte", widget=DateInput()
    )
    created_to = django_filters.DateFilter(
        label=_("Gemeld tot en met"), field_name="created_at", lookup_expr="date__lte", widget=DateInput()
    )
    language = django_filters.ChoiceFilter(label=_("Taal"), choices=LANGUAGE_CHOICES, empty_label=_("Alle talen"))

    class Meta:
        model = Report
        fields = [
            "q",
            "category",
            "status",
            "state",
            "overdue",
            "neighbourhood",
            "district",
            "department",
            "concerns_migrant_housing",
            "has_location",
            "created_from",
            "created_to",
            "language",
        ]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(description__icontains=value) | Q(address__street__icontains=value)
        pk = reference_pk(value)
        if pk is not None:
            condition |= Q(pk=pk)
        postcode = normalise_postcode(value)
        if postcode:
            condition |= Q(address__postcode=postcode)
        return queryset.filter(condition)

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OPEN:
            return queryset.filter(status__in=workflow.OPEN_STATUSES)
        if value == CLOSED:
            return queryset.filter(status__in=workflow.CLOSED_STATUSES)
        return queryset

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The same rule as rules.is_overdue: open, and today is after the due date.
        overdue = Q(status__in=workflow.OPEN_STATUSES, due_on__lt=timezone.localdate())
        if value == YES:
            return queryset.filter(overdue)
        if value == NO:
            return queryset.exclude(overdue)
        return queryset

    def filter_migrant_housing(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == YES:
            return queryset.filter(concerns_migrant_housing=True)
        if value == NO:
            return queryset.filter(concerns_migrant_housing=False)
        if value == UNASSESSED:
            return queryset.filter(concerns_migrant_housing__isnull=True)
        return queryset

    def filter_has_location(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == YES:
            return queryset.filter(location__isnull=False)
        if value == NO:
            return queryset.filter(location__isnull=True)
        return queryset
