"""The profile equals what was created: housing per status and room-rental addresses, reports per category and
quarter, open/overdue/forwarded, occupancy from episodes; small numbers suppressed for a region viewer."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone

from zicht.core.privacy.suppression import SuppressedCount
from zicht.housing.choices import LocationForm, LocationStatus
from zicht.neighbourhoods import selectors, services
from zicht.reports.choices import Category, ReportStatus
from zicht.reports.models import Report
from zicht.reports.neighbourhood_selectors import twelve_months_back
from zicht.reports.services import report_forward_to_inspection, report_mark_duplicate, report_transition
from zicht.reports.workflow import OPEN_STATUSES

from ..factories import AddressFactory
from ..housing.factories import LocationFactory
from ..occupancy.episodes import Episodes
from .support import make_hoods, make_report

DAY = datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


@pytest.fixture
def hoods(municipality_a, municipality_b, region):
    return make_hoods(municipality_a, municipality_b)


@pytest.fixture
def housing(hoods, municipality_a):
    hood = hoods.rivierenwijk

    def place(**kwargs):
        kwargs.setdefault("neighbourhood", hood)
        return LocationFactory(municipality=municipality_a, **kwargs)

    place(form=LocationForm.REGULAR_DWELLING, capacity_beds=4)
    place(form=LocationForm.REGULAR_DWELLING, capacity_beds=6)
    place(form=LocationForm.BUSINESS_PARK, capacity_beds=20)
    # No neighbourhood of its own: it lies in its address's.
    place(
        neighbourhood=None,
        address=AddressFactory(municipality=municipality_a, neighbourhood=hood),
        form=LocationForm.REGULAR_DWELLING,
        capacity_beds=3,
    )
    place(status=LocationStatus.PERMITTED, capacity_beds=30)
    place(status=LocationStatus.INITIATIVE, capacity_beds=10)
    place(status=LocationStatus.CLOSED, form=LocationForm.REGULAR_DWELLING, capacity_beds=5)
    place(neighbourhood=hoods.deltabuurt, form=LocationForm.REGULAR_DWELLING, capacity_beds=8)


def test_housing_figures_equal_the_locations_created(hoods, housing, officer_a):
    profile = selectors.profile_of(hoods.rivierenwijk, user=officer_a)
    assert profile.housing == selectors.HousingFigures(
        in_use=4, planned=2, closed=1, capacity_beds=33, planned_beds=40, room_rental_addresses=3
    )
    assert len(profile.locations) == 6  # in use and planned; the closed one is only counted
    other = selectors.profile_of(hoods.deltabuurt, user=officer_a).housing
    assert (other.in_use, other.capacity_beds, other.room_rental_addresses) == (1, 8, 1)


@pytest.fixture
def reports(hoods, officer_a):
    """Reports at fixed distances before today; returns (made: list[Report], counted days by category)."""
    today = timezone.localdate()
    hood = hoods.rivierenwijk
    plan = [
        (Category.WASTE, 3),
        (Category.WASTE, 10),
        (Category.WASTE, 40),
        (Category.NOISE, 100),
        (Category.OVERCROWDING, 200),
        (Category.OVERCROWDING, 300),
        (Category.WASTE, 400),  # outside the twelve months, inside the eight quarters
        (Category.PARKING, 1000),  # outside both
    ]
    made = [(make_report(hood, category=category, on=today - days * DAY), category) for category, days in plan]
    handled = made[1][0]
    report_transition(report=handled, to_status=ReportStatus.HANDLED, by=officer_a)
    report_forward_to_inspection(report=made[0][0], by=officer_a, reason="Vermoeden van overbewoning in de flat.")
    duplicate = make_report(hood, category=Category.WASTE, on=today - 3 * DAY)
    report_mark_duplicate(report=duplicate, main=made[0][0], by=officer_a)
    make_report(hoods.deltabuurt, category=Category.NOISE, on=today - 5 * DAY)
    return [report for report, _category in made]


def test_report_counts_per_category_quarter_and_state(hoods, reports, officer_a):
    today = timezone.localdate()
    figures = selectors.profile_of(hoods.rivierenwijk, user=officer_a).reports
    assert figures.exact and figures.since == twelve_months_back(today)
    by_category = {row.key: row.count for row in figures.by_category}
    assert by_category == {
        **{value: 0 for value in Category.values},
        Category.WASTE: 3,
        Category.NOISE: 1,
        Category.OVERCROWDING: 2,
    }
    assert figures.last_twelve_months == 6

    quarters = [datetime.date.fromisoformat(row.key) for row in figures.by_quarter]
    assert len(quarters) == 8 and quarters[-1] == quarter_of(today) and quarters == sorted(quarters)
    expected = Counter(
        quarter_of(report.created_at.date())
        for report in reports
        if quarter_of(report.created_at.date()) >= quarters[0]
    )
    assert {datetime.date.fromisoformat(row.key): row.count for row in figures.by_quarter} == {
        start: expected.get(start, 0) for start in quarters
    }
    assert sum(row.count for row in figures.by_quarter) == 7  # the 1000-day-old one falls outside

    stored = Report.objects.filter(pk__in=[report.pk for report in reports])
    open_reports = [report for report in stored if report.status in OPEN_STATUSES]
    assert figures.open == len(open_reports) == 7  # all but the handled one
    assert figures.overdue == sum(1 for report in open_reports if report.due_on < today)
    assert figures.overdue >= 4  # the ones of 100 days and older are past any default service level
    assert figures.forwarded_to_inspection == 1


def test_a_region_viewer_sees_small_report_counts_suppressed(hoods, reports, regional_coordinator, officer_a):
    profile = selectors.profile_of(hoods.rivierenwijk, user=regional_coordinator)
    figures = profile.reports
    assert figures.exact is False
    by_category = {row.key: row.count for row in figures.by_category}
    assert isinstance(by_category[Category.WASTE], SuppressedCount) and str(by_category[Category.WASTE]) == "< 5"
    assert by_category[Category.ADDRESS_FRAUD] == 0  # zero singles nobody out
    assert figures.last_twelve_months == 6
    assert isinstance(figures.forwarded_to_inspection, SuppressedCount)
    assert profile.inspection_requests is None
    own = selectors.profile_of(hoods.rivierenwijk, user=officer_a)
    assert [item.report_id for item in own.inspection_requests] == [reports[0].pk]


def test_neighbourhood_rows_carry_the_key_figures(hoods, housing, reports, officer_a, regional_coordinator):
    rows = {row.code: row for row in selectors.neighbourhood_rows(officer_a)}
    assert set(rows) == {hoods.rivierenwijk.code, hoods.deltabuurt.code}  # not Zwolle's
    row = rows[hoods.rivierenwijk.code]
    assert (row.locations_in_use, row.beds_in_use, row.reports_last_year) == (4, 33, 6)
    other = rows[hoods.deltabuurt.code]
    assert (other.locations_in_use, other.beds_in_use, other.reports_last_year) == (1, 8, 1)
    region_rows = {row.code for row in selectors.neighbourhood_rows(regional_coordinator)}
    assert hoods.hoven.code in region_rows


def test_market_party_sees_no_neighbourhoods(hoods, market_party_user):
    assert not selectors.neighbourhoods_visible_to(market_party_user).exists()
    assert not selectors.plans_visible_to(market_party_user).exists()


def test_profile_shows_occupancy_when_episodes_exist(hoods, municipality_a, officer_a, registration_officer_a):
    on = datetime.date(2026, 3, 1)
    location = LocationFactory(municipality=municipality_a, neighbourhood=hoods.rivierenwijk, capacity_beds=12)
    e = Episodes()
    for number in range(6):
        person = e.person(due=datetime.date(2025, 10, 1))
        e.live(person, municipality_a, datetime.date(2025, 6, 1), location=location)
        e.residences[-1].neighbourhood = hoods.rivierenwijk
        if number < 2:
            e.register(person, municipality_a, datetime.date(2025, 7, 1))
    e.save()
    exact = selectors.profile_of(hoods.rivierenwijk, user=registration_officer_a, on=on).occupancy
    assert (exact["living"], exact["brp_registered"], exact["should_register_not_registered"]) == (6, 2, 4)
    assert exact["registration_rate"] == pytest.approx(2 / 6)
    assert exact["capacity_beds"] == 12
    shown = selectors.profile_of(hoods.rivierenwijk, user=officer_a, on=on).occupancy
    assert shown["living"] == 6 and str(shown["brp_registered"]) == "< 5"
    assert shown["registration_rate"] is None and shown["suppression_applied"] is True
    before = selectors.profile_of(hoods.rivierenwijk, user=registration_officer_a, on=datetime.date(2025, 5, 1))
    assert before.occupancy["living"] == 0


def test_plans_covering_a_neighbourhood(hoods, municipality_a, officer_a, regional_coordinator):
    named = services.plan_create(
        municipality=municipality_a, name="Rivierenwijk-Noord", neighbourhoods=[hoods.rivierenwijk]
    )
    whole = services.plan_create(municipality=municipality_a, name="Hele wijk", district=hoods.district)
    services.plan_create(municipality=municipality_a, name="Alleen Deltabuurt", neighbourhoods=[hoods.deltabuurt])
    covering = selectors.plans_covering(hoods.rivierenwijk, officer_a)
    assert {plan.name for plan in covering} == {named.name, whole.name}
    assert {plan.name for plan in selectors.plans_covering(hoods.rivierenwijk, regional_coordinator)} == {
        named.name,
        whole.name,
    }
