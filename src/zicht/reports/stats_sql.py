"""The dashboard's queries: every count, bucket and percentile is computed by the database.

Database-neutral on purpose (SQLite ≥ 3.25 and PostgreSQL): buckets with Django's Trunc in the local time zone,
percentiles with ROW_NUMBER/COUNT windows and integer arithmetic for the nearest rank (no CEIL, which SQLite lacks).
Python only folds the grouped rows these functions return; it never counts reports itself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, DateField, ExpressionWrapper, F, IntegerField, Min, Q, QuerySet, Window
from django.db.models.functions import RowNumber, Trunc
from django.utils import timezone

from zicht.geography.models import Neighbourhood

from . import workflow
from .filters import CLOSED, NO, OPEN, UNASSESSED, YES
from .models import Report
from .selectors import counted_reports

MEDIAN = 50
P90 = 90
# Trunc's names for the dashboard's periods (choices.Period values).
TRUNC_KIND = {"week": "week", "month": "month", "quarter": "quarter"}


@dataclass(frozen=True)
class StatsFilter:
    """The dashboard's choices: a period of local dates (both ends included) and optional narrowing."""

    date_from: datetime.date
    date_to: datetime.date
    category: str = ""
    neighbourhood: str = ""  # a BU code
    migrant_housing: str = ""  # yes, no, unassessed or "" for all
    status: str = ""  # open, closed or "" for all


def local_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) in aware datetimes for the local dates first..last (midnight to midnight, Europe/Amsterdam)."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


def area_reports(area) -> QuerySet[Report]:
    """The reports of an area that count (no duplicates; a neighbourhood or district: only those placed in it)."""
    reports = counted_reports().filter(municipality_id__in=area.municipality_ids).order_by()
    if area.within_municipality:
        reports = reports.filter(neighbourhood_id__in=area.neighbourhood_ids)
    return reports


def narrowed(area, flt: StatsFilter) -> QuerySet[Report]:
    """The area's reports with the filter's category, neighbourhood, migrant-housing mark and status; no dates."""
    reports = area_reports(area)
    if flt.category:
        reports = reports.filter(category=flt.category)
    if flt.neighbourhood:
        reports = reports.filter(neighbourhood__code=flt.neighbourhood)
    migrant = {YES: Q(concerns_migrant_housing=True), NO: Q(concerns_migrant_housing=False)}
    if flt.migrant_housing in migrant:
        reports = reports.filter(migrant[flt.migrant_housing])
    elif flt.migrant_housing == UNASSESSED:
        reports = reports.filter(concerns_migrant_housing__isnull=True)
    if flt.status == OPEN:
        reports = reports.filter(status__in=workflow.OPEN_STATUSES)
    elif flt.status == CLOSED:
        reports = reports.filter(status__in=workflow.CLOSED_STATUSES)
    return reports


def created_between(reports: QuerySet[Report], first: datetime.date, last: datetime.date) -> QuerySet[Report]:
    start, end = local_bounds(first, last)
    return reports.filter(created_at__gte=start, created_at__lt=end)


def handled_between(reports: QuerySet[Report], first: datetime.date, last: datetime.date) -> QuerySet[Report]:
    """Reports handled (and still so) on a local date first..last, with their handling time in working days."""
    start, end = local_bounds(first, last)
    return reports.filter(handled_at__gte=start, handled_at__lt=end, handling_days__isnull=False)


def cell_counts(reports: QuerySet[Report]) -> list[dict]:
    """Per (neighbourhood, category): reports, those linked to a housing location, those marked as migrant housing."""
    return list(
        reports.values("neighbourhood_id", "category").annotate(
            n=Count("pk"),
            linked=Count("pk", filter=Q(location__isnull=False)),
            migrant=Count("pk", filter=Q(concerns_migrant_housing=True)),
        )
    )


def backlog_counts(reports: QuerySet[Report], today: datetime.date) -> list[dict]:
    """Per (neighbourhood, category): open now, and open with the due date before `today` (rules.is_overdue)."""
    open_reports = reports.filter(status__in=workflow.OPEN_STATUSES)
    return list(
        open_reports.values("neighbourhood_id", "category").annotate(
            open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
        )
    )


def bucket_expression(period: str) -> Trunc:
    """The first day of the week, month or quarter of `created_at`, taken in the local time zone."""
    return Trunc("created_at", TRUNC_KIND[period], output_field=DateField(), tzinfo=timezone.get_default_timezone())


def bucket_counts(reports: QuerySet[Report], period: str) -> list[dict]:
    """Per (bucket start, category): reports."""
    rows = reports.annotate(bucket=bucket_expression(period)).values("bucket", "category").annotate(n=Count("pk"))
    return [{**row, "bucket": _as_date(row["bucket"])} for row in rows]


def bucket_totals(reports: QuerySet[Report], period: str) -> dict[datetime.date, int]:
    """Per bucket start: reports."""
    rows = reports.annotate(bucket=bucket_expression(period)).values("bucket").annotate(n=Count("pk"))
    return {_as_date(row["bucket"]): row["n"] for row in rows}


def _as_date(value) -> datetime.date:
    # PostgreSQL's DATE_TRUNC answers a timestamp; the local midnight it holds is the bucket's first day.
    return value.date() if isinstance(value, datetime.datetime) else value


def earliest_report_day(reports: QuerySet[Report]) -> datetime.date | None:
    """The local date of the first report, which says from when the trend has data to compare with."""
    first = reports.aggregate(first=Min("created_at"))["first"]
    return timezone.localdate(first) if first is not None else None


def handled_counts(reports: QuerySet[Report]) -> list[dict]:
    """Per category: reports handled, and handled within the service level."""
    return list(
        reports.values("category").annotate(handled=Count("pk"), within=Count("pk", filter=Q(handled_late=False)))
    )


def _nearest_rank(size, percent: int) -> ExpressionWrapper:
    # ceil(percent * size / 100) in integer arithmetic, the rank rules.percentile takes (both engines truncate).
    return ExpressionWrapper((size * percent + 99) / 100, output_field=IntegerField())


def percentile_rows(reports: QuerySet[Report], *, per_category: bool) -> list[dict]:
    """The median and P90 handling days (nearest rank), overall or per category, from one windowed query.

    Each partition is numbered in order of handling time; the rows whose number is the median's or the P90's rank
    are kept. Returns {"category" (None overall), "rank", "size", "handling_days"} rows.
    """
    partition = [F("category")] if per_category else None
    ranked = reports.annotate(
        rank=Window(RowNumber(), partition_by=partition, order_by=[F("handling_days").asc(), F("pk").asc()]),
        size=Window(Count("pk"), partition_by=partition),
    )
    wanted = Q(rank=_nearest_rank(F("size"), MEDIAN)) | Q(rank=_nearest_rank(F("size"), P90))
    fields = ["rank", "size", "handling_days"] + (["category"] if per_category else [])
    rows = list(ranked.filter(wanted).values(*fields))
    for row in rows:
        row.setdefault("category", None)
    return rows


def percentiles_from(rows: list[dict]) -> dict[str | None, tuple[float | None, float | None]]:
    """{category or None: (median, p90)} from percentile_rows."""
    result: dict[str | None, list[float | None]] = {}
    for row in rows:
        pair = result.setdefault(row["category"], [None, None])
        size = row["size"]
        if row["rank"] == (size * MEDIAN + 99) // 100:
            pair[0] = float(row["handling_days"])
        if row["rank"] == (size * P90 + 99) // 100:
            pair[1] = float(row["handling_days"])
    return {key: (pair[0], pair[1]) for key, pair in result.items()}


def neighbourhoods(area, ids: set[int]) -> list[dict]:
    """The neighbourhoods to list: for one municipality all of them (also those without reports), else `ids`."""
    rows = Neighbourhood.objects.order_by("district__name", "name", "code")
    if area.within_municipality:
        rows = rows.filter(pk__in=area.neighbourhood_ids)
    elif area.is_municipality:
        rows = rows.filter(municipality_id__in=area.municipality_ids)
    else:
        rows = rows.filter(pk__in=ids)
    return list(rows.values("pk", "code", "name", "municipality__name", "district__code", "district__name"))


def map_points(reports: QuerySet[Report], limit: int) -> list[dict]:
    """The newest `limit` reports with coordinates: what the map of someone who handles them shows."""
    rows = (
        reports.filter(lat__isnull=False, lon__isnull=False)
        .order_by("-created_at", "-pk")
        .values("pk", "lat", "lon", "category", "status", "created_at", "neighbourhood__name")[:limit]
    )
    return list(rows)
