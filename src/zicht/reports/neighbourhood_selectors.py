"""Report figures of one neighbourhood (buurt) for its profile and the neighbourhood list, counted in SQL.

These are aggregates, not reports one by one: the caller has already scoped the neighbourhood (region and province
staff may see it) and suppresses small counts for viewers who do not own the municipality's reports. Duplicates
(linked to a main report) are left out, so one nuisance reported twice counts once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, DateField, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone

from . import rules
from .choices import Category
from .models import InspectionRequest, Report
from .selectors import counted_reports
from .workflow import OPEN_STATUSES

QUARTERS = 8


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of `day`, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def twelve_months_back(today: datetime.date) -> datetime.date:
    """The first day of the twelve months that end with `today` (29 February falls back to the 28th)."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + datetime.timedelta(days=1)


def quarter_starts(today: datetime.date, count: int = QUARTERS) -> list[datetime.date]:
    """The first days of the `count` quarters up to and including the one holding `today`, oldest first."""
    current = rules.period_start(today, "quarter")
    starts = []
    year, month = current.year, current.month
    for _ in range(count):
        starts.append(datetime.date(year, month, 1))
        month -= 3
        if month < 1:
            year, month = year - 1, month + 12
    return starts[::-1]


def reports_since_subquery(since: datetime.date) -> Coalesce:
    """For a Neighbourhood queryset's annotate(): its counted reports made on or after `since` (one SQL subquery)."""
    rows = (
        counted_reports()
        .filter(
            neighbourhood=OuterRef("pk"), municipality=OuterRef("municipality"), created_at__gte=start_of_day(since)
        )
        .order_by()
        .values(total=Func(F("pk"), function="COUNT"))
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class NeighbourhoodReportCounts:
    """Unsuppressed report figures of a neighbourhood; `since` starts the twelve months of `by_category`."""

    today: datetime.date
    since: datetime.date
    last_twelve_months: int
    by_category: dict[str, int]
    by_quarter: dict[datetime.date, int]
    open: int
    overdue: int
    forwarded_to_inspection: int


def _of(neighbourhood) -> QuerySet[Report]:
    return counted_reports().filter(neighbourhood=neighbourhood, municipality_id=neighbourhood.municipality_id)


def report_counts_of_neighbourhood(neighbourhood, *, today: datetime.date | None = None) -> NeighbourhoodReportCounts:
    """Reports of the neighbourhood: per category over twelve months, per quarter over eight, open and overdue now,
    and how many of the twelve months' reports were forwarded into an inspection."""
    today = today or timezone.localdate()
    since = twelve_months_back(today)
    quarters = quarter_starts(today)
    reports = _of(neighbourhood)
    recent = Q(created_at__gte=start_of_day(since))
    totals = reports.aggregate(
        last_twelve_months=Count("pk", filter=recent),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        forwarded=Count("inspection_request", filter=recent),
    )
    by_category = {value: 0 for value in Category.values}
    for row in reports.filter(recent).order_by().values("category").annotate(total=Count("pk")):
        by_category[row["category"]] = row["total"]
    by_quarter = {start: 0 for start in quarters}
    per_quarter = (
        reports.filter(created_at__gte=start_of_day(quarters[0]))
        .annotate(quarter=TruncQuarter("created_at", output_field=DateField()))
        .order_by()
        .values("quarter")
        .annotate(total=Count("pk"))
    )
    for quarter_row in per_quarter:
        if quarter_row["quarter"] in by_quarter:
            by_quarter[quarter_row["quarter"]] = quarter_row["total"]
    return NeighbourhoodReportCounts(
        today=today,
        since=since,
        last_twelve_months=totals["last_twelve_months"],
        by_category=by_category,
        by_quarter=by_quarter,
        open=totals["open"],
        overdue=totals["overdue"],
        forwarded_to_inspection=totals["forwarded"],
    )


def inspection_requests_of_neighbourhood(neighbourhood, since: datetime.date) -> QuerySet[InspectionRequest]:
    """The inspection requests from the neighbourhood's reports made since `since`, newest first.

    One by one, these are for the viewers who may see the municipality's reports (the caller checks).
    """
    return (
        InspectionRequest.objects.filter(
            report__in=_of(neighbourhood).filter(created_at__gte=start_of_day(since)).values("pk")
        )
        .select_related("report", "location")
        .order_by("-requested_at", "-pk")
    )
