"""Reads of the neighbourhoods app: the neighbourhoods a user may see (with key figures per row), a neighbourhood's
profile composed from the housing, occupancy and reports selectors, and the plans.

Small numbers: occupancy counts pass `occupancy.presentation.suppressed` (exact only for the municipality's
registration officer); report counts are exact for the municipality's own staff and "< 5" for region and province.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core.privacy.suppression import SuppressedCount, suppress
from zicht.core.scopes import scoped
from zicht.geography.areas import area_of_neighbourhood
from zicht.geography.models import Neighbourhood
from zicht.housing.choices import PLANNED_STATUSES, LocationForm, LocationStatus
from zicht.housing.models import Location
from zicht.housing.selectors import in_neighbourhood_q, location_list_visible_to
from zicht.occupancy import indicators, presentation
from zicht.reports import neighbourhood_selectors as report_reads
from zicht.reports.choices import Category
from zicht.reports.permissions import may_handle_reports_of

from .models import NeighbourhoodPlan, PlanMeasure
from .permissions import may_read_neighbourhoods

Shown = int | SuppressedCount
LOCATIONS_SHOWN = 50


def neighbourhoods_visible_to(user) -> QuerySet[Neighbourhood]:
    """The neighbourhoods whose profile `user` may read (a market party: none)."""
    if not may_read_neighbourhoods(user):
        return Neighbourhood.objects.none()
    return scoped(Neighbourhood.objects.select_related("district", "municipality"), user).order_by(
        "municipality__name", "name", "code"
    )


def _location_figure(function: str, field: str, **filters) -> Coalesce:
    rows = (
        Location.objects.filter(in_neighbourhood_q(OuterRef("pk")), **filters)
        .order_by()
        .values(total=Func(F(field), function=function))
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def neighbourhood_rows(user, today: datetime.date | None = None) -> QuerySet[Neighbourhood]:
    """The visible neighbourhoods with in-use locations, their beds and the last twelve months' reports, each an
    SQL subquery (no query per row). Report counts are unsuppressed: the page suppresses per viewer."""
    today = today or timezone.localdate()
    return neighbourhoods_visible_to(user).annotate(
        locations_in_use=_location_figure("COUNT", "pk", status=LocationStatus.IN_USE),
        beds_in_use=_location_figure("SUM", "capacity_beds", status=LocationStatus.IN_USE),
        reports_last_year=report_reads.reports_since_subquery(report_reads.twelve_months_back(today)),
    )


def neighbourhood_for(user, code: str) -> Neighbourhood:
    """The visible neighbourhood with CBS code `code`; PermissionDenied for a market party, Http404 otherwise."""
    if not may_read_neighbourhoods(user):
        raise PermissionDenied
    return get_object_or_404(neighbourhoods_visible_to(user), code=(code or "").strip().upper())


@dataclass(frozen=True)
class HousingFigures:
    in_use: int
    planned: int
    closed: int
    capacity_beds: int
    planned_beds: int
    room_rental_addresses: int


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: Shown


@dataclass(frozen=True)
class ReportFigures:
    today: datetime.date
    since: datetime.date
    exact: bool
    last_twelve_months: Shown
    open: Shown
    overdue: Shown
    forwarded_to_inspection: Shown
    by_category: list[CountRow]
    by_quarter: list[CountRow]


@dataclass(frozen=True)
class Profile:
    """A neighbourhood's profile as `user` may see it on `on` (occupancy on `on`; housing and reports: today)."""

    neighbourhood: Neighbourhood
    on: datetime.date
    housing: HousingFigures
    locations: list[Location]
    more_locations: bool
    occupancy: presentation.Figures
    reports: ReportFigures
    inspection_requests: list | None  # None: this viewer sees report figures only
    plans: list[NeighbourhoodPlan]


def housing_figures(locations: QuerySet[Location]) -> HousingFigures:
    """Counts of the given locations by status, beds in use and planned, and room-rental addresses (in-use
    regular dwellings), in one query."""
    in_use, planned = Q(status=LocationStatus.IN_USE), Q(status__in=PLANNED_STATUSES)
    totals = locations.aggregate(
        in_use=Count("pk", filter=in_use),
        planned=Count("pk", filter=planned),
        closed=Count("pk", filter=Q(status=LocationStatus.CLOSED)),
        beds_in_use=Coalesce(Sum("capacity_beds", filter=in_use), 0),
        beds_planned=Coalesce(Sum("capacity_beds", filter=planned), 0),
        room_rental=Count("pk", filter=in_use & Q(form=LocationForm.REGULAR_DWELLING)),
    )
    return HousingFigures(
        in_use=totals["in_use"],
        planned=totals["planned"],
        closed=totals["closed"],
        capacity_beds=totals["beds_in_use"],
        planned_beds=totals["beds_planned"],
        room_rental_addresses=totals["room_rental"],
    )


def quarter_label(start: datetime.date) -> str:
    return _("K%(quarter)s %(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}


def report_figures(neighbourhood: Neighbourhood, user, today: datetime.date | None = None) -> ReportFigures:
    """The neighbourhood's report counts, suppressed unless `user` owns the municipality's report figures."""
    counts = report_reads.report_counts_of_neighbourhood(neighbourhood, today=today)
    # Exact counts and single inspection requests: for those who handle the municipality's reports.
    exact = may_handle_reports_of(user, neighbourhood.municipality_id)

    def shown(value: int) -> Shown:
        return suppress(value, owner=exact)

    labels = dict(Category.choices)
    return ReportFigures(
        today=counts.today,
        since=counts.since,
        exact=exact,
        last_twelve_months=shown(counts.last_twelve_months),
        open=shown(counts.open),
        overdue=shown(counts.overdue),
        forwarded_to_inspection=shown(counts.forwarded_to_inspection),
        by_category=[CountRow(key, str(labels[key]), shown(value)) for key, value in counts.by_category.items()],
        by_quarter=[
            CountRow(start.isoformat(), quarter_label(start), shown(value))
            for start, value in counts.by_quarter.items()
        ],
    )


def profile_of(neighbourhood: Neighbourhood, *, user, on: datetime.date | None = None) -> Profile:
    """The profile of a neighbourhood `user` may see (scope it first with `neighbourhood_for`)."""
    on = on or timezone.localdate()
    visible_locations = location_list_visible_to(user).filter(in_neighbourhood_q(neighbourhood))
    listed = list(visible_locations.exclude(status=LocationStatus.CLOSED)[: LOCATIONS_SHOWN + 1])
    occupancy = presentation.suppressed(indicators.indicators_for(area_of_neighbourhood(neighbourhood), on), user)
    reports = report_figures(neighbourhood, user)
    requests = None
    if may_handle_reports_of(user, neighbourhood.municipality_id):
        requests = list(report_reads.inspection_requests_of_neighbourhood(neighbourhood, reports.since))
    return Profile(
        neighbourhood=neighbourhood,
        on=on,
        housing=housing_figures(visible_locations),
        locations=listed[:LOCATIONS_SHOWN],
        more_locations=len(listed) > LOCATIONS_SHOWN,
        occupancy=occupancy,
        reports=reports,
        inspection_requests=requests,
        plans=list(plans_covering(neighbourhood, user)),
    )


# ---- plans ----------------------------------------------------------------------------------------------------


def plans_visible_to(user) -> QuerySet[NeighbourhoodPlan]:
    """The plans `user` may read: those of the municipalities in their area (a market party: none)."""
    if not may_read_neighbourhoods(user):
        return NeighbourhoodPlan.objects.none()
    return (
        scoped(NeighbourhoodPlan.objects.all(), user)
        .select_related("municipality", "district")
        .order_by("municipality__name", "name")
    )


def plan_list_visible_to(user) -> QuerySet[NeighbourhoodPlan]:
    """The visible plans with the number of measures of each (for a list)."""
    return plans_visible_to(user).annotate(measure_count=Count("measures"))


def plan_detail_visible_to(user, pk: int) -> NeighbourhoodPlan:
    """One plan with its neighbourhoods and measures; Http404 outside the user's area."""
    measures = Prefetch("measures", queryset=PlanMeasure.objects.order_by("starts_on", "pk"))
    hoods = Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("name", "code"))
    return get_object_or_404(plans_visible_to(user).prefetch_related(measures, hoods), pk=pk)


def measure_visible_to(user, pk: int) -> PlanMeasure:
    """One measure of a visible plan; Http404 otherwise."""
    return get_object_or_404(
        PlanMeasure.objects.select_related("plan", "plan__municipality").filter(
            plan__in=plans_visible_to(user).values("pk")
        ),
        pk=pk,
    )


def plans_covering(neighbourhood: Neighbourhood, user) -> QuerySet[NeighbourhoodPlan]:
    """Visible plans naming the neighbourhood, or its district when a plan names no neighbourhoods."""
    covering = Q(neighbourhoods=neighbourhood) | Q(district_id=neighbourhood.district_id, neighbourhoods=None)
    ids = NeighbourhoodPlan.objects.filter(covering).values("pk")
    return plan_list_visible_to(user).filter(pk__in=ids)
