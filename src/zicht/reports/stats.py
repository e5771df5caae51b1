"""The Dashboard Meldingen Woonoverlast (seed 003) and the report-stats API: an area's reports over a period.

`report_stats` asks the database for grouped counts (stats_sql) and folds them into one ReportStats; `presented`
turns that into what a viewer may see. Municipal staff who handle the area's reports see exact numbers and the map;
region and province (aggregate-only) see every count under 5 as "< 5" (DOMAIN §4.8), no shares or times built on
such a count, and no points.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core.privacy.suppression import SuppressedCount, suppress, suppress_rate

from . import rules, stats_sql
from .choices import Category, Period
from .models import reference_of
from .permissions import may_handle_reports_of
from .stats_sql import StatsFilter

__all__ = ["ReportStats", "StatsFilter", "default_period", "map_points", "may_see_exact", "presented", "report_stats"]

MAP_POINT_LIMIT = 3000
CATEGORIES = tuple(Category.values)


@dataclass
class Handling:
    """Handling time of the reports handled in the period: counts and nearest-rank percentiles in working days."""

    handled: int = 0
    within: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass
class Bucket:
    start: datetime.date
    end: datetime.date  # the last day counted: the period's end cuts the last bucket short
    partial: bool
    total: int = 0
    per_category: dict[str, int] = field(default_factory=dict)
    previous: int | None = None  # the bucket before, inside the period
    year_earlier: int | None = None  # the same days a year earlier, when there was data then


@dataclass
class Row:
    """A neighbourhood or district line of the table: reports in the period, open and overdue now."""

    code: str
    name: str
    district_code: str = ""
    district_name: str = ""
    municipality: str = ""
    total: int = 0
    per_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    open: int = 0
    overdue: int = 0


@dataclass
class ReportStats:
    area: object
    filters: StatsFilter
    period: str
    today: datetime.date
    total: int = 0
    per_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    linked_to_location: int = 0
    concerns_migrant_housing: int = 0
    open_per_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    overdue_per_category: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    neighbourhoods: list[Row] = field(default_factory=list)
    districts: list[Row] = field(default_factory=list)
    buckets: list[Bucket] = field(default_factory=list)
    handling: Handling = field(default_factory=Handling)
    handling_per_category: dict[str, Handling] = field(default_factory=dict)

    @property
    def open(self) -> int:
        return sum(self.open_per_category.values())

    @property
    def overdue(self) -> int:
        return sum(self.overdue_per_category.values())


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last 12 months up to today: from the first day of the month eleven months back."""
    today = today or timezone.localdate()
    month = today.year * 12 + today.month - 1 - 11
    return datetime.date(month // 12, month % 12 + 1, 1), today


def may_see_exact(user, area) -> bool:
    """Exact counts and map points: for whoever handles the reports of every municipality in the area."""
    return bool(area.municipality_ids) and all(may_handle_reports_of(user, pk) for pk in area.municipality_ids)


def report_stats(
    area, flt: StatsFilter, *, period: str = Period.MONTH, today: datetime.date | None = None
) -> ReportStats:
    """The dashboard's figures for `area` and `flt`, every count computed in SQL (about ten grouped queries)."""
    today = today or timezone.localdate()
    stats = ReportStats(area=area, filters=flt, period=period, today=today)
    reports = stats_sql.narrowed(area, flt)
    in_period = stats_sql.created_between(reports, flt.date_from, flt.date_to)
    rows: dict[int | None, Row] = {}
    _fold_cells(stats, rows, stats_sql.cell_counts(in_period))
    _fold_backlog(stats, rows, stats_sql.backlog_counts(reports, today))
    _name_rows(stats, rows)
    _fill_buckets(stats, reports, in_period)
    _fill_handling(stats, stats_sql.handled_between(reports, flt.date_from, flt.date_to))
    return stats


def _row(rows: dict[int | None, Row], key: int | None) -> Row:
    return rows.setdefault(key, Row(code="", name=""))


def _fold_cells(stats: ReportStats, rows: dict, cells: list[dict]) -> None:
    for cell in cells:
        row = _row(rows, cell["neighbourhood_id"])
        row.per_category[cell["category"]] = row.per_category.get(cell["category"], 0) + cell["n"]
        row.total += cell["n"]
        stats.per_category[cell["category"]] = stats.per_category.get(cell["category"], 0) + cell["n"]
        stats.total += cell["n"]
        stats.linked_to_location += cell["linked"]
        stats.concerns_migrant_housing += cell["migrant"]


def _fold_backlog(stats: ReportStats, rows: dict, cells: list[dict]) -> None:
    for cell in cells:
        row = _row(rows, cell["neighbourhood_id"])
        row.open += cell["open"]
        row.overdue += cell["overdue"]
        stats.open_per_category[cell["category"]] = stats.open_per_category.get(cell["category"], 0) + cell["open"]
        stats.overdue_per_category[cell["category"]] = (
            stats.overdue_per_category.get(cell["category"], 0) + cell["overdue"]
        )


def _name_rows(stats: ReportStats, rows: dict[int | None, Row]) -> None:
    """Neighbourhood and district rows in table order; reports without a neighbourhood last."""
    listed = stats_sql.neighbourhoods(stats.area, {key for key in rows if key is not None})
    districts: dict[str, Row] = {}
    for info in listed:
        row = rows.pop(info["pk"], None) or Row(code="", name="")
        row.code, row.name, row.municipality = info["code"], info["name"], info["municipality__name"]
        row.district_code, row.district_name = info["district__code"], info["district__name"]
        stats.neighbourhoods.append(row)
        district = districts.setdefault(row.district_code, Row(code=row.district_code, name=row.district_name))
        district.municipality = row.municipality
        _add(district, row)
    unplaced = Row(code="", name=_("Buiten een bekende buurt"))
    for row in rows.values():  # no neighbourhood, or one outside the listed ones (a neighbourhood area's filter)
        _add(unplaced, row)
    if unplaced.total or unplaced.open:
        stats.neighbourhoods.append(unplaced)
        districts[""] = Row(code="", name=unplaced.name)
        _add(districts[""], unplaced)
    stats.districts = list(districts.values())


def _add(target: Row, row: Row) -> None:
    target.total += row.total
    target.open += row.open
    target.overdue += row.overdue
    for category, count in row.per_category.items():
        target.per_category[category] = target.per_category.get(category, 0) + count


def _next_start(start: datetime.date, period: str) -> datetime.date:
    if period == Period.WEEK:
        return start + datetime.timedelta(days=7)
    months = 3 if period == Period.QUARTER else 1
    index = start.year * 12 + start.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def year_shift(day: datetime.date, period: str, years: int = -1) -> datetime.date:
    """The same day a year earlier (years=-1) or later: 52 weeks for weekly buckets, so weekdays stay aligned."""
    if period == Period.WEEK:
        return day + datetime.timedelta(days=364 * years)
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _fill_buckets(stats: ReportStats, reports, in_period) -> None:
    flt, period = stats.filters, stats.period
    start = rules.period_start(flt.date_from, period)
    while start <= flt.date_to:
        following = _next_start(start, period)
        end = min(following - datetime.timedelta(days=1), flt.date_to)
        partial = start < flt.date_from or end < following - datetime.timedelta(days=1)
        stats.buckets.append(Bucket(start=start, end=end, partial=partial, per_category=dict.fromkeys(CATEGORIES, 0)))
        start = following
    by_start = {bucket.start: bucket for bucket in stats.buckets}
    for cell in stats_sql.bucket_counts(in_period, period):
        bucket = by_start[cell["bucket"]]
        bucket.per_category[cell["category"]] += cell["n"]
        bucket.total += cell["n"]
    for before, bucket in zip(stats.buckets, stats.buckets[1:], strict=False):
        bucket.previous = before.total
    # The same (clipped) days a year earlier, so a part-month is compared with the same part-month.
    earlier = stats_sql.created_between(reports, year_shift(flt.date_from, period), year_shift(flt.date_to, period))
    totals = {year_shift(key, period, +1): n for key, n in stats_sql.bucket_totals(earlier, period).items()}
    first_day = stats_sql.earliest_report_day(stats_sql.area_reports(stats.area))
    for bucket in stats.buckets:
        compared_from = year_shift(max(bucket.start, flt.date_from), period)
        if first_day is not None and first_day <= compared_from:
            bucket.year_earlier = totals.get(bucket.start, 0)


def _fill_handling(stats: ReportStats, handled) -> None:
    counts = stats_sql.handled_counts(handled)
    overall = stats_sql.percentiles_from(stats_sql.percentile_rows(handled, per_category=False))
    per_category = stats_sql.percentiles_from(stats_sql.percentile_rows(handled, per_category=True))
    median, p90 = overall.get(None, (None, None))
    stats.handling = Handling(
        handled=sum(item["handled"] for item in counts),
        within=sum(item["within"] for item in counts),
        median=median,
        p90=p90,
    )
    by_category = {item["category"]: item for item in counts}
    for category in CATEGORIES:
        item = by_category.get(category, {"handled": 0, "within": 0})
        median, p90 = per_category.get(category, (None, None))
        stats.handling_per_category[category] = Handling(item["handled"], item["within"], median, p90)


def map_points(area, flt: StatsFilter, limit: int = MAP_POINT_LIMIT) -> list[dict]:
    """Points for the map of someone who handles the area's reports (check may_see_exact first)."""
    reports = stats_sql.created_between(stats_sql.narrowed(area, flt), flt.date_from, flt.date_to)
    return [
        {
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "category": row["category"],
            "category_label": str(Category(row["category"]).label),
            "status": row["status"],
            "pk": row["pk"],
            "reference": reference_of(row["pk"]),
            "created": timezone.localdate(row["created_at"]).isoformat(),
            "neighbourhood": row["neighbourhood__name"] or "",
        }
        for row in stats_sql.map_points(reports, limit)
    ]


# Presentation ---------------------------------------------------------------------------------------------------


def _hidden(value) -> bool:
    return isinstance(value, SuppressedCount)


def _change(current, earlier) -> dict | None:
    """Difference against an earlier count, withheld when either side is suppressed or there is nothing to compare."""
    if earlier is None or _hidden(current) or _hidden(earlier):
        return None
    return {"difference": current - earlier, "share": (current - earlier) / earlier if earlier else None}


def _handling(item: Handling, exact: bool) -> dict:
    handled = item.handled if exact else suppress(item.handled)
    withheld = _hidden(handled)
    share = suppress_rate(item.within, item.handled, owner=exact) if item.handled else None
    return {
        "handled": handled,
        "within_service_level": item.within if exact else suppress(item.within),
        "median_days": None if withheld else item.median,
        "p90_days": None if withheld else item.p90,
        "within_service_level_share": share,
    }


def _row_dict(row: Row, count) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "district_code": row.district_code,
        "district_name": row.district_name,
        "municipality": row.municipality,
        "total": count(row.total),
        "per_category": {key: count(value) for key, value in row.per_category.items()},
        "open": count(row.open),
        "overdue": count(row.overdue),
    }


def presented(stats: ReportStats, *, exact: bool) -> dict:
    """The figures as a viewer may see them: exact, or with counts under 5 as SuppressedCount ("< 5")."""

    def count(value: int) -> int | SuppressedCount:
        return value if exact else suppress(value)

    periods = []
    for bucket in stats.buckets:
        total = count(bucket.total)
        previous = None if bucket.previous is None else count(bucket.previous)
        year_earlier = None if bucket.year_earlier is None else count(bucket.year_earlier)
        periods.append(
            {
                "start": bucket.start,
                "end": bucket.end,
                "partial": bucket.partial,
                "total": total,
                "per_category": {key: count(value) for key, value in bucket.per_category.items()},
                "change_previous": _change(total, previous),
                "year_earlier": year_earlier,
                "change_year_earlier": _change(total, year_earlier),
            }
        )
    handling = _handling(stats.handling, exact)
    handling["per_category"] = {key: _handling(item, exact) for key, item in stats.handling_per_category.items()}
    return {
        "area": stats.area.as_dict(),
        "from": stats.filters.date_from,
        "to": stats.filters.date_to,
        "period": stats.period,
        "today": stats.today,
        "total": count(stats.total),
        "per_category": {key: count(value) for key, value in stats.per_category.items()},
        "linked_to_location": count(stats.linked_to_location),
        "concerns_migrant_housing": count(stats.concerns_migrant_housing),
        "per_neighbourhood": [_row_dict(row, count) for row in stats.neighbourhoods],
        "per_district": [_row_dict(row, count) for row in stats.districts],
        "handling_time": handling,
        "open": count(stats.open),
        "overdue": count(stats.overdue),
        "open_per_category": {key: count(value) for key, value in stats.open_per_category.items()},
        "overdue_per_category": {key: count(value) for key, value in stats.overdue_per_category.items()},
        "periods": periods,
        "suppression_applied": not exact,
    }
