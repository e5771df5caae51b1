"""The dashboard's selectors (reports/stats.py): exact counts per category, neighbourhood, district and bucket, the
trend, nearest-rank handling times computed in SQL, backlog with a fixed today, and small-number suppression."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reports.stats_support import (
    Q1,
    TODAY,
    at,
    bulk_handled,
    make_report,
    town_fixture,  # noqa: F401 - registers the "town" fixture
)
from zicht.core.privacy.suppression import SuppressedCount
from zicht.geography.areas import resolve_area
from zicht.reports import rules
from zicht.reports.choices import Category
from zicht.reports.models import Report
from zicht.reports.services import report_mark_duplicate
from zicht.reports.stats import (
    StatsFilter,
    default_period,
    map_points,
    may_see_exact,
    presented,
    report_stats,
    year_shift,
)

D = datetime.date
C = Category


@pytest.fixture
def deventer(town):
    return resolve_area("GM0150")


def test_the_fixture_stores_what_the_counts_below_rely_on(town):
    r = {key: Report.objects.get(pk=report.pk) for key, report in town.reports.items()}
    assert (r["r1"].handling_days, r["r1"].handled_late) == (2, False)
    assert (r["r2"].handling_days, r["r2"].handled_late) == (10, True)
    assert (r["r8"].handling_days, r["r8"].handled_late) == (1, False)
    assert r["r3"].due_on == D(2025, 2, 17) and r["r4"].due_on == D(2025, 2, 28)
    assert r["r5"].due_on == D(2025, 4, 8) and r["r9"].due_on == D(2025, 1, 15)


def test_counts_per_category_neighbourhood_and_district(deventer):
    stats = report_stats(deventer, Q1, today=TODAY)
    assert stats.total == 7
    assert stats.per_category == {
        C.WASTE: 3, C.NOISE: 1, C.PARKING: 1, C.OVERCROWDING: 2,
        C.UNSAFE_HOUSING: 0, C.EXPLOITATION: 0, C.ADDRESS_FRAUD: 0, C.OTHER: 0,
    }  # fmt: skip
    rows = {row.code: row for row in stats.neighbourhoods}
    assert [row.name for row in stats.neighbourhoods] == [
        "Deltabuurt", "Voorstad-Oost", "Voorstad-West", "Buiten een bekende buurt"
    ]  # fmt: skip
    assert rows["BU01500101"].total == 2 and rows["BU01500101"].per_category[C.WASTE] == 2
    assert rows["BU01500102"].per_category[C.NOISE] == 1 and rows["BU01500102"].per_category[C.PARKING] == 1
    assert rows["BU01500201"].per_category[C.OVERCROWDING] == 2
    assert rows[""].total == 1
    assert rows["BU01500201"].district_name == "Rivierenwijk"
    districts = {row.name: (row.total, row.open, row.overdue) for row in stats.districts}
    assert districts == {"Rivierenwijk": (2, 2, 1), "Voorstad": (4, 2, 2), "Buiten een bekende buurt": (1, 0, 0)}
    assert (stats.linked_to_location, stats.concerns_migrant_housing) == (1, 1)


def test_a_municipality_lists_its_neighbourhoods_without_reports_too(deventer, town):
    from tests.factories import NeighbourhoodFactory

    NeighbourhoodFactory(district=town.rivierenwijk, code="BU01500202", name="Rivierenwijk-Noord")
    rows = {row.code: row for row in report_stats(deventer, Q1, today=TODAY).neighbourhoods}
    assert rows["BU01500202"].total == 0 and rows["BU01500202"].open == 0


def test_open_and_overdue_now_with_a_fixed_today(deventer):
    stats = report_stats(deventer, Q1, today=TODAY)
    assert (stats.open, stats.overdue) == (4, 3)  # r3, r4, r5, r9 open; r5 not yet due
    assert stats.open_per_category[C.OVERCROWDING] == 2 and stats.overdue_per_category[C.OVERCROWDING] == 1
    # The due day itself is not overdue yet (rules.is_overdue); the day after is.
    assert report_stats(deventer, Q1, today=D(2025, 2, 17)).overdue == 1  # r9 only
    assert report_stats(deventer, Q1, today=D(2025, 2, 18)).overdue == 2  # r9 and r3


def test_month_buckets_trend_and_year_earlier(deventer):
    stats = report_stats(deventer, Q1, today=TODAY, period="month")
    assert [(b.start, b.total, b.partial) for b in stats.buckets] == [
        (D(2025, 1, 1), 3, False), (D(2025, 2, 1), 2, False), (D(2025, 3, 1), 2, False)
    ]  # fmt: skip
    assert stats.buckets[0].per_category[C.PARKING] == 1  # the 00:15 report on 1 January is January's
    assert [b.previous for b in stats.buckets] == [None, 3, 2]
    # Data starts on 31 January 2024: January 2024 is not fully covered, so it is not compared.
    assert [b.year_earlier for b in stats.buckets] == [None, 1, 0]
    shown = presented(stats, exact=True)["periods"]
    assert shown[1]["change_previous"] == {"difference": -1, "share": pytest.approx(-1 / 3)}
    assert shown[1]["change_year_earlier"] == {"difference": 1, "share": 1.0}
    assert shown[2]["change_year_earlier"] == {"difference": 2, "share": None}
    assert shown[0]["change_year_earlier"] is None


def test_week_and_quarter_buckets(deventer):
    weeks = report_stats(deventer, Q1, today=TODAY, period="week").buckets
    assert weeks[0].start == D(2024, 12, 30) and weeks[0].partial and weeks[0].end == D(2025, 1, 5)
    assert weeks[0].total == 1  # the report of 1 January 00:15; 31 December 23:30 lies before the period
    by_start = {bucket.start: bucket.total for bucket in weeks}
    assert by_start[D(2025, 1, 6)] == 1 and by_start[D(2025, 2, 10)] == 2 and by_start[D(2025, 3, 24)] == 1
    assert weeks[-1].start == D(2025, 3, 31) and weeks[-1].partial
    assert sum(bucket.total for bucket in weeks) == 7
    quarters = report_stats(deventer, Q1, today=TODAY, period="quarter").buckets
    assert [(b.start, b.total, b.partial) for b in quarters] == [(D(2025, 1, 1), 7, False)]


def test_a_part_month_is_compared_with_the_same_days_a_year_earlier(deventer):
    stats = report_stats(deventer, StatsFilter(D(2025, 2, 10), D(2025, 2, 28)), today=TODAY)
    assert [(b.start, b.total, b.partial, b.year_earlier) for b in stats.buckets] == [(D(2025, 2, 1), 2, True, 1)]
    stats = report_stats(deventer, StatsFilter(D(2025, 2, 13), D(2025, 2, 28)), today=TODAY)
    assert stats.buckets[0].year_earlier == 0  # 12 February 2024 lies before the 13th


def test_handling_time_of_reports_handled_in_the_period(deventer):
    stats = report_stats(deventer, Q1, today=TODAY)
    # r1 (2 days), r2 (10, late) and r8 (created before the period, handled inside it: 1 day).
    assert (stats.handling.handled, stats.handling.within) == (3, 2)
    assert (stats.handling.median, stats.handling.p90) == (2.0, 10.0)
    waste = stats.handling_per_category[C.WASTE]
    assert (waste.handled, waste.median, waste.p90) == (3, 2.0, 10.0)
    assert stats.handling_per_category[C.NOISE].median is None
    assert presented(stats, exact=True)["handling_time"]["within_service_level_share"] == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("flt", "total"),
    [
        (StatsFilter(Q1.date_from, Q1.date_to, category=C.OVERCROWDING), 2),
        (StatsFilter(Q1.date_from, Q1.date_to, neighbourhood="BU01500201"), 2),
        (StatsFilter(Q1.date_from, Q1.date_to, migrant_housing="yes"), 1),
        (StatsFilter(Q1.date_from, Q1.date_to, migrant_housing="no"), 1),
        (StatsFilter(Q1.date_from, Q1.date_to, migrant_housing="unassessed"), 5),
        (StatsFilter(Q1.date_from, Q1.date_to, status="open"), 4),
        (StatsFilter(Q1.date_from, Q1.date_to, status="closed"), 3),
        (StatsFilter(D(2025, 1, 1), D(2025, 1, 1)), 1),
        (StatsFilter(D(2024, 12, 31), D(2024, 12, 31)), 1),
    ],
)
def test_filters(deventer, flt, total):
    assert report_stats(deventer, flt, today=TODAY).total == total


def test_a_neighbourhood_area_counts_only_its_own_reports(town):
    stats = report_stats(resolve_area("BU01500101"), Q1, today=TODAY)
    assert stats.total == 2 and [row.code for row in stats.neighbourhoods] == ["BU01500101"]
    assert stats.open == 0 and stats.handling.handled == 3  # r1, r2, r8


def test_a_district_counts_the_reports_of_its_neighbourhoods(town):
    district = report_stats(resolve_area("WK015001"), Q1, today=TODAY)
    parts = [report_stats(resolve_area(code), Q1, today=TODAY) for code in ("BU01500101", "BU01500102")]
    assert district.total == sum(part.total for part in parts) == 4
    assert [row.code for row in district.neighbourhoods] == ["BU01500101", "BU01500102"]
    deltabuurt = report_stats(resolve_area("BU01500201"), Q1, today=TODAY).total
    assert report_stats(resolve_area("WK015002"), Q1, today=TODAY).total == deltabuurt == 2


def test_a_region_adds_up_its_municipalities(town):
    stats = report_stats(resolve_area("west-overijssel"), Q1, today=TODAY)
    assert stats.total == 8 and stats.per_category[C.NOISE] == 2
    # Only neighbourhoods with reports are listed for an area of several municipalities.
    assert [row.code for row in stats.neighbourhoods][:3] == ["BU01500201", "BU01500101", "BU01500102"]


def test_small_counts_are_suppressed_for_the_region(town, regional_coordinator, officer_a, province_director):
    area = resolve_area("GM0150")
    assert may_see_exact(officer_a, area)
    assert not may_see_exact(regional_coordinator, area)
    assert not may_see_exact(province_director, resolve_area("PV23"))
    shown = presented(report_stats(area, Q1, today=TODAY), exact=may_see_exact(regional_coordinator, area))
    assert shown["suppression_applied"] is True
    assert shown["total"] == 7
    assert isinstance(shown["per_category"][C.WASTE], SuppressedCount) and str(shown["per_category"][C.WASTE]) == "< 5"
    assert shown["per_category"][C.EXPLOITATION] == 0  # zero singles nobody out
    assert isinstance(shown["open"], SuppressedCount) and isinstance(shown["overdue"], SuppressedCount)
    handling = shown["handling_time"]
    assert isinstance(handling["handled"], SuppressedCount)
    assert handling["median_days"] is None and handling["p90_days"] is None
    assert handling["within_service_level_share"] is None
    assert shown["periods"][1]["change_previous"] is None  # built on suppressed counts
    exact = presented(report_stats(area, Q1, today=TODAY), exact=True)
    assert exact["per_category"][C.WASTE] == 3 and exact["handling_time"]["median_days"] == 2.0


def test_map_points_carry_reference_category_and_status(deventer, town):
    points = map_points(deventer, Q1)
    assert len(points) == 6  # seven reports in the period, one without a point
    r4 = next(point for point in points if point["reference"] == town.reports["r4"].reference)
    assert r4 == {
        "pk": town.reports["r4"].pk, "lat": 52.255, "lon": 6.17, "category": "overcrowding",
        "category_label": "Overbewoning / illegale kamerverhuur",
        "status": "in_progress", "reference": town.reports["r4"].reference, "created": "2025-02-14",
        "neighbourhood": "Deltabuurt",
    }  # fmt: skip
    assert len(map_points(deventer, Q1, limit=2)) == 2


def test_report_stats_runs_a_bounded_number_of_queries(deventer, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        report_stats(deventer, Q1, today=TODAY, period="week")


def test_default_period_is_twelve_whole_months_up_to_today():
    assert default_period(D(2025, 6, 10)) == (D(2024, 7, 1), D(2025, 6, 10))
    assert default_period(D(2025, 12, 31)) == (D(2025, 1, 1), D(2025, 12, 31))


def test_year_shift_keeps_weekdays_for_weeks_and_handles_leap_days():
    assert year_shift(D(2025, 3, 3), "week") == D(2024, 3, 4) and D(2024, 3, 4).weekday() == 0
    assert year_shift(D(2024, 2, 29), "month") == D(2023, 2, 28)
    assert year_shift(D(2024, 2, 1), "quarter", +1) == D(2025, 2, 1)


handling_rows = st.lists(
    st.tuples(st.sampled_from([C.WASTE, C.NOISE, C.EXPLOITATION]), st.integers(min_value=0, max_value=60)),
    min_size=0,
    max_size=40,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=handling_rows)
def test_sql_percentiles_match_the_nearest_rank_rule(municipality_a, rows):
    Report.objects.all().delete()
    bulk_handled(municipality_a, rows, created=at("2025-02-03"))
    stats = report_stats(resolve_area("GM0150"), Q1, today=TODAY)
    days = sorted(value for _category, value in rows)
    assert stats.handling.handled == len(rows)
    assert stats.handling.within == sum(1 for value in days if value <= 5)
    assert (stats.handling.median, stats.handling.p90) == (rules.percentile(days, 0.5), rules.percentile(days, 0.9))
    for category in (C.WASTE, C.NOISE, C.EXPLOITATION):
        own = sorted(value for name, value in rows if name == category)
        item = stats.handling_per_category[category]
        assert (item.handled, item.median, item.p90) == (
            len(own),
            rules.percentile(own, 0.5),
            rules.percentile(own, 0.9),
        )


def test_a_duplicate_does_not_count_twice(deventer, town, officer_a):
    before = report_stats(deventer, Q1, today=TODAY)
    main = Report.objects.get(pk=town.reports["r1"].pk)
    again = make_report(town.municipality, category=main.category, created=at(D(2025, 2, 3)))
    assert report_stats(deventer, Q1, today=TODAY).total == before.total + 1
    report_mark_duplicate(report=again, main=main, by=officer_a)
    after = report_stats(deventer, Q1, today=TODAY)
    assert after.total == before.total
    assert after.per_category == before.per_category
