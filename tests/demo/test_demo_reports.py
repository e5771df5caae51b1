"""The demo reports and neighbourhood plans of Deventer: volumes, places, courses through the workflow, and a second
load that changes nothing. The demo base takes seconds to load, so one test loads it once and runs every check (a
module-wide load outside the test transaction would leak into other tests)."""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter

import pytest
from django.apps import apps
from django.utils import timezone

from zicht.core.models import AuditEvent, User
from zicht.demo.plans import load_plans
from zicht.demo.report_course import Texts
from zicht.demo.report_plan import REFERENCE_DAY, ReportPlanner
from zicht.demo.reports import HANDLERS, MARKER, MARKER_TYPE, deventer_places, load_reports
from zicht.demo.services import load_demo
from zicht.housing.choices import LocationForm
from zicht.neighbourhoods.choices import MeasureKind, MeasureStatus, PlanStatus
from zicht.neighbourhoods.models import NeighbourhoodPlan, PlanMeasure
from zicht.reports import rules, workflow
from zicht.reports.choices import Category, Channel, ReporterKind, ReportStatus
from zicht.reports.models import InspectionRequest, Report, ReportStatusChange

pytestmark = pytest.mark.django_db

PLAN_AREAS = {"Rivierenwijk", "Voorstad", "Zandweerd"}
OOSTRIK = "Het Oostrik"
# The shape of a tracking code (24 base32 characters in groups of four), as shown or typed without the dashes.
TRACKING_CODE = re.compile(r"\b[A-Z2-7]{4}(-?[A-Z2-7]{4}){5}\b")


def deventer_reports():
    return Report.objects.filter(municipality__code="GM0150")


def check_volumes_and_places(reports):
    total = len(reports)
    assert 600 <= total <= 1200
    areas = Counter(
        OOSTRIK if r.neighbourhood and r.neighbourhood.name == OOSTRIK else getattr(r.neighbourhood, "district", None)
        for r in reports
    )
    areas = Counter({getattr(key, "name", key): count for key, count in areas.items()})
    in_plan_areas = sum(areas[name] for name in (*PLAN_AREAS, OOSTRIK))
    assert in_plan_areas >= 0.75 * total
    assert all(areas[name] >= 0.08 * total for name in (*PLAN_AREAS, OOSTRIK))
    assert areas["Rivierenwijk"] == max(areas.values())
    assert 0 < areas["Binnenstad"] < areas["Voorstad"]
    for r in reports:
        assert rules.point_in_netherlands(float(r.lat), float(r.lon))
        assert 52.22 < r.lat < 52.30 and 6.13 < r.lon < 6.30
        if r.neighbourhood is not None:
            assert r.neighbourhood.municipality_id == r.municipality_id


def check_categories_and_seasons(reports):
    categories = Counter(r.category for r in reports)
    assert set(categories) == set(Category.values)
    ranked = [category for category, _ in categories.most_common()]
    assert ranked[:3] == [Category.WASTE, Category.NOISE, Category.PARKING]
    assert categories[Category.OVERCROWDING] > max(
        categories[Category.EXPLOITATION], categories[Category.ADDRESS_FRAUD]
    )
    start = REFERENCE_DAY - datetime.timedelta(days=365)
    assert all(start <= timezone.localdate(r.created_at) < REFERENCE_DAY for r in reports)
    noise = Counter(timezone.localdate(r.created_at).month for r in reports if r.category == Category.NOISE)
    assert sum(noise[m] for m in (6, 7, 8)) > 1.4 * sum(noise[m] for m in (1, 2, 3))
    waste = Counter(timezone.localdate(r.created_at).month for r in reports if r.category == Category.WASTE)
    assert sum(waste[m] for m in (6, 7, 8)) > sum(waste[m] for m in (2, 3, 4))


def check_statuses(reports):
    statuses = Counter(r.status for r in reports)
    assert statuses[ReportStatus.HANDLED] >= 0.8 * len(reports)
    assert statuses[ReportStatus.CANCELLED] >= 10
    handled = [r for r in reports if r.status == ReportStatus.HANDLED]
    late = [r for r in handled if r.handled_late]
    assert 0.08 * len(handled) <= len(late) <= 0.35 * len(handled)
    assert all(timezone.localdate(r.handled_at) > r.due_on for r in late)
    open_ = [r for r in reports if workflow.is_open(r.status)]
    overdue = [r for r in open_ if rules.is_overdue(due=r.due_on, today=REFERENCE_DAY, is_open=True)]
    assert 5 <= len(overdue) < len(open_) <= 0.15 * len(reports)
    assert any(r.status == ReportStatus.FORWARDED for r in open_)


def check_history_follows_the_workflow(reports):
    history: dict[int, list[ReportStatusChange]] = {}
    for change in ReportStatusChange.objects.filter(report__in=reports).order_by("report", "recorded_at", "pk"):
        history.setdefault(change.report_id, []).append(change)
    reopened = 0
    for r in reports:
        chain = history[r.pk]
        assert (chain[0].from_status, chain[0].to_status, chain[0].recorded_at) == ("", "reported", r.created_at)
        for before, after in itertools.pairwise(chain):
            assert after.from_status == before.to_status
            assert workflow.COURSE.may_transition(before.to_status, after.to_status)
            assert after.recorded_at >= before.recorded_at
        assert all(step.reason for step in chain if step.to_status in workflow.NEEDS_REASON)
        assert chain[-1].to_status == r.status and chain[-1].recorded_at == r.updated_at < _cutoff()
        assert r.due_on == rules.due_date(timezone.localdate(r.created_at), r.service_level_days)
        if r.status == ReportStatus.HANDLED:
            handled_on = timezone.localdate(r.handled_at)
            assert r.handled_at == chain[-1].recorded_at
            assert r.handling_days == rules.working_days_between(timezone.localdate(r.created_at), handled_on)
            assert r.handled_late == (handled_on > r.due_on)
        else:
            assert r.handled_at is None and r.handling_days is None and r.handled_late is None
        reopened += any(step.to_status == ReportStatus.REOPENED for step in chain)
    assert reopened >= 3


def _cutoff() -> datetime.datetime:
    return datetime.datetime.combine(REFERENCE_DAY, datetime.time(), tzinfo=timezone.get_default_timezone())


def check_locations_duplicates_and_inspections(reports):
    linked = [r for r in reports if r.location_id]
    assert len(linked) >= 50
    assert all(r.location.municipality_id == r.municipality_id for r in linked)
    assert all(r.address_id == r.location.address_id for r in linked)
    forms = Counter(r.location.form for r in linked)
    assert forms.most_common(1)[0][0] == LocationForm.REGULAR_DWELLING
    duplicates = [r for r in reports if r.duplicate_of_id]
    assert 2 <= len(duplicates) <= 20
    for r in duplicates:
        main = r.duplicate_of
        assert main.municipality_id == r.municipality_id and main.duplicate_of_id is None and main.pk != r.pk
        assert main.category == r.category and main.created_at <= r.created_at
        assert r.status == ReportStatus.CANCELLED
        assert r.history.get(to_status=ReportStatus.CANCELLED).reason == f"Dubbele melding van {main.reference}."
    requests = list(InspectionRequest.objects.filter(report__in=reports).select_related("report"))
    assert len(requests) >= 10
    for request in requests:
        forward = request.report.history.filter(to_status=ReportStatus.FORWARDED).order_by("recorded_at").first()
        assert forward is not None and forward.recorded_at == request.requested_at and forward.reason == request.reason
        assert request.location_id == request.report.location_id
        assert request.report.category in rules.HOUSING_CATEGORIES


def check_reporters_languages_and_marks(reports):
    languages = Counter(r.language for r in reports)
    assert languages["nl"] >= 0.8 * len(reports)
    assert all(languages[code] >= 3 for code in ("en", "pl", "ro", "bg"))
    assert {r.channel for r in reports} == set(Channel.values)
    assert {ReporterKind.MIGRANT, ReporterKind.OWNERS_ASSOCIATION} <= {r.reporter_kind for r in reports}
    with_contact = [r for r in reports if not r.anonymous]
    assert 0 < len(with_contact) <= 0.3 * len(reports)
    assert all(re.fullmatch(r"melder\d+@example\.org", r.contact_email) for r in with_contact)
    assert all(r.contact_name.startswith("Demo-melder ") and not r.contact_phone for r in with_contact)
    assert not any(r.contact_name or r.contact_email or r.contact_phone for r in reports if r.anonymous)
    marks = Counter(r.concerns_migrant_housing for r in reports)
    assert marks[True] and marks[False] and marks[None]
    housing_at_locations = [r for r in reports if r.location_id and r.category in rules.HOUSING_CATEGORIES]
    assert sum(r.concerns_migrant_housing is True for r in housing_at_locations) >= 0.7 * len(housing_at_locations)
    assert not any(r.concerns_migrant_housing for r in reports if r.status == ReportStatus.REPORTED)
    staff = [r for r in reports if r.channel == Channel.STAFF]
    assert staff and all(r.created_by is not None and r.created_by.username == "gemeente" for r in staff)


def check_no_tracking_code_anywhere(reports, output: str):
    assert TRACKING_CODE.search(f"code {rules.new_tracking_code()}.")  # the pattern does find a code
    digests = [r.tracking_digest for r in reports]
    assert len(set(digests)) == len(digests) and all(re.fullmatch(r"[0-9a-f]{64}", d) for d in digests)
    texts = [output, *(r.description for r in reports), *(r.public_message for r in reports)]
    texts += list(ReportStatusChange.objects.values_list("reason", flat=True))
    texts += [" ".join(map(str, row)) for row in AuditEvent.objects.values_list("object_id", "object_repr", "detail")]
    assert not [text for text in texts if TRACKING_CODE.search(text)]


def check_plans():
    plans = {plan.name: plan for plan in NeighbourhoodPlan.objects.filter(municipality__code="GM0150")}
    assert set(plans) == {"Wijkplan Rivierenwijk", "Wijkplan Voorstad"}
    rivierenwijk, voorstad = plans["Wijkplan Rivierenwijk"], plans["Wijkplan Voorstad"]
    assert {n.name for n in rivierenwijk.neighbourhoods.all()} == {"Deltabuurt", "De Venen"}
    assert {n.name for n in voorstad.neighbourhoods.all()} == {"Voorstad-Oost", "Voorstad-West"}
    for plan in plans.values():
        assert plan.adopted_on.year == 2024 and plan.adopted_on.month >= 10
        assert plan.status in (PlanStatus.ADOPTED, PlanStatus.RUNNING)
    kinds = {kind for (kind,) in PlanMeasure.objects.filter(plan__in=plans.values()).values_list("kind")}
    assert {
        MeasureKind.ROOM_RENTAL_STOP,
        MeasureKind.OWNERS_ASSOCIATIONS,
        MeasureKind.WASTE_APPROACH,
        MeasureKind.CAMERA_PILOT,
        MeasureKind.NEIGHBOURHOOD_MAKER,
    } <= kinds
    associations = rivierenwijk.measures.get(kind=MeasureKind.OWNERS_ASSOCIATIONS)
    assert "Deltabuurt" in associations.title and associations.owner
    waste = rivierenwijk.measures.get(kind=MeasureKind.WASTE_APPROACH)
    assert waste.starts_on == datetime.date(2022, 5, 1) and waste.status == MeasureStatus.RUNNING
    makers = PlanMeasure.objects.filter(kind=MeasureKind.NEIGHBOURHOOD_MAKER, plan__in=plans.values())
    assert all(m.starts_on == datetime.date(2023, 7, 1) for m in makers)
    assert not voorstad.measures.filter(kind=MeasureKind.OWNERS_ASSOCIATIONS).exists()
    assert {m.status for m in PlanMeasure.objects.filter(kind=MeasureKind.ROOM_RENTAL_STOP)} <= {
        MeasureStatus.PLANNED,
        MeasureStatus.RUNNING,
    }


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def test_demo_reports_and_plans_of_deventer():
    first = load_demo(population=False)
    assert first.counts["reports.report"]["created"] == Report.objects.count() > 0
    assert first.counts["neighbourhoods.planmeasure"]["created"] > 0
    reports = list(
        deventer_reports().select_related("neighbourhood__district", "location", "duplicate_of", "created_by")
    )
    assert len(reports) == Report.objects.count()
    check_volumes_and_places(reports)
    check_categories_and_seasons(reports)
    check_statuses(reports)
    check_history_follows_the_workflow(reports)
    check_locations_duplicates_and_inspections(reports)
    check_reporters_languages_and_marks(reports)
    check_no_tracking_code_anywhere(reports, "\n".join(first.lines()))
    check_plans()
    assert AuditEvent.objects.filter(object_type=MARKER_TYPE, object_id=MARKER).count() == 1

    before = row_counts()
    again = load_demo(population=False)
    load_reports(again)
    load_plans(again)
    assert not again.changed, again.lines()
    assert row_counts() == before

    # The plan is deterministic: drawn again from the same places, it gives the same reports in the same order.
    users = {user.username: user for user in User.objects.filter(username__in=HANDLERS)}
    redrawn = ReportPlanner(deventer_places(), Texts.load(), users).build()
    stored = deventer_reports().order_by("pk")
    assert [(item.created_at, item.description, item.category) for item in redrawn] == [
        (r.created_at, r.description, r.category) for r in stored
    ]
