"""The bulk load of reports: routing, due dates and handling fields as the services set them, history along the
workflow, duplicates and forwards into inspection, and all or nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.housing.factories import make_location
from zicht.reports import rules
from zicht.reports.bulk import BulkReport, BulkStep, reports_bulk_create
from zicht.reports.choices import Category, Department, ReportStatus
from zicht.reports.models import CategoryRouting, InspectionRequest, Report, ReportStatusChange

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()
# Friday 24 April 2026; Monday 27 April is King's Day, so the due dates skip a holiday.
FRIDAY = datetime.datetime(2026, 4, 24, 10, 0, tzinfo=TZ)
MAY_7 = datetime.datetime(2026, 5, 7, 9, 0, tzinfo=TZ)


def at(day: int, hour: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, 4, day, hour, 0, tzinfo=TZ)


def item(municipality, **kwargs) -> BulkReport:
    values = {
        "category": Category.WASTE,
        "description": "Zakken naast de container aan de Deltalaan.",
        "municipality": municipality,
        "created_at": FRIDAY,
        "lat": Decimal("52.245500"),
        "lon": Decimal("6.179000"),
    }
    values.update(kwargs)
    return BulkReport(**values)


def test_a_handled_report_gets_due_date_handling_days_and_its_history(municipality_a):
    late = item(
        municipality_a,
        steps=[BulkStep(ReportStatus.IN_PROGRESS, at(28)), BulkStep(ReportStatus.HANDLED, MAY_7)],
    )
    on_time = item(municipality_a, category=Category.NOISE, steps=[BulkStep(ReportStatus.HANDLED, at(28))])
    assert reports_bulk_create([late, on_time]) == 2
    first, second = Report.objects.order_by("pk")
    # Five working days from Friday 24 April, skipping the weekend and King's Day: Monday 4 May.
    assert first.due_on == datetime.date(2026, 5, 4) == rules.due_date(FRIDAY.date(), 5)
    assert (first.status, first.department, first.service_level_days) == ("handled", Department.WASTE, 5)
    assert first.handled_late is True and first.handling_days == rules.working_days_between(
        FRIDAY.date(), datetime.date(2026, 5, 7)
    )
    assert (second.handled_late, second.handling_days, second.department) == (False, 1, Department.NEIGHBOURHOOD)
    assert [(c.from_status, c.to_status) for c in first.history.order_by("recorded_at", "pk")] == [
        ("", "reported"),
        ("reported", "in_progress"),
        ("in_progress", "handled"),
    ]
    assert first.updated_at == first.handled_at == MAY_7
    assert len({first.tracking_digest, second.tracking_digest}) == 2 and len(first.tracking_digest) == 64


def test_the_municipality_routing_is_used_and_a_department_step_moves_the_report(municipality_a):
    CategoryRouting.objects.create(
        municipality=municipality_a, category=Category.WASTE, service_level_days=2, department=Department.SAFETY
    )
    forwarded = BulkStep(ReportStatus.FORWARDED, at(28), "Naar wijkteam.", Department.NEIGHBOURHOOD)
    reports_bulk_create([item(municipality_a, steps=[forwarded])])
    report = Report.objects.get()
    assert report.service_level_days == 2 and report.due_on == datetime.date(2026, 4, 29)
    assert report.department == Department.NEIGHBOURHOOD
    departments = list(report.history.order_by("recorded_at").values_list("department", flat=True))
    assert departments == [Department.SAFETY, Department.NEIGHBOURHOOD]


def test_reopening_clears_the_handling_and_handling_again_counts_from_the_report(municipality_a):
    steps = [
        BulkStep(ReportStatus.HANDLED, at(28)),
        BulkStep(ReportStatus.REOPENED, at(29), "Weer zakken."),
    ]
    again = [*steps, BulkStep(ReportStatus.IN_PROGRESS, at(30)), BulkStep(ReportStatus.HANDLED, MAY_7)]
    reports_bulk_create([item(municipality_a, steps=steps), item(municipality_a, steps=again)])
    reopened, handled = Report.objects.order_by("pk")
    assert reopened.status == ReportStatus.REOPENED
    assert reopened.handled_at is None and reopened.handling_days is None and reopened.handled_late is None
    assert handled.handled_at == MAY_7 and handled.handled_late is True
    # Friday 24 April to Thursday 7 May 2026: 9 weekdays minus King's Day (27 April) and Liberation Day (5 May).
    assert handled.handling_days == rules.working_days_between(FRIDAY.date(), MAY_7.date()) == 7


def test_duplicates_link_to_the_first_report_and_are_cancelled_with_its_reference(municipality_a):
    cancel = [BulkStep(ReportStatus.CANCELLED, at(28))]
    items = [
        item(municipality_a),
        item(municipality_a, duplicate_of=0, steps=cancel),
        item(municipality_a, duplicate_of=1, steps=cancel),
    ]
    reports_bulk_create(items)
    main, second, third = Report.objects.order_by("pk")
    assert second.duplicate_of == main and third.duplicate_of == main and main.duplicate_of is None
    reason = third.history.get(to_status=ReportStatus.CANCELLED).reason
    assert reason == f"Dubbele melding van {main.reference}."


def test_a_forward_into_inspection_creates_the_request(municipality_a):
    location = make_location(municipality=municipality_a)
    steps = [BulkStep(ReportStatus.IN_PROGRESS, at(28)), BulkStep(ReportStatus.FORWARDED, at(29), "Controle nodig.")]
    reports_bulk_create(
        [item(municipality_a, category=Category.OVERCROWDING, location=location, steps=steps, inspection_reason="X!")]
    )
    request = InspectionRequest.objects.get()
    assert request.location == location and request.requested_at == at(29) and request.reason == "X!"
    assert request.report.status == ReportStatus.FORWARDED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"steps": [BulkStep(ReportStatus.REOPENED, at(28), "Terug.")]}, "may not go to"),
        ({"steps": [BulkStep(ReportStatus.HANDLED, at(28)), BulkStep(ReportStatus.PLANNED, at(29))]}, "may not"),
        ({"steps": [BulkStep(ReportStatus.CANCELLED, at(28))]}, "needs a reason"),
        ({"steps": [BulkStep(ReportStatus.HANDLED, at(23))]}, "time order"),
        ({"category": "graffiti"}, "unknown category"),
        ({"description": "kort"}, "too short"),
        ({"lat": Decimal("48.85"), "lon": Decimal("2.35")}, "Netherlands"),
        ({"anonymous": True, "contact_email": "melder1@example.org"}, "anonymous"),
        ({"duplicate_of": 1}, "duplicate_of"),
        ({"inspection_reason": "Controle."}, "forwarded"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_stored(municipality_a, change, message):
    items = [item(municipality_a, steps=[BulkStep(ReportStatus.HANDLED, at(28))]), item(municipality_a, **change)]
    with pytest.raises(ValueError, match=message):
        reports_bulk_create(items)
    assert not Report.objects.exists() and not ReportStatusChange.objects.exists()


def test_relations_in_another_municipality_are_refused(municipality_a, municipality_b):
    location = make_location(municipality=municipality_b)
    with pytest.raises(ValueError, match="another municipality"):
        reports_bulk_create([item(municipality_a, location=location)])
    with pytest.raises(ValueError, match="another municipality"):
        reports_bulk_create([item(municipality_a), item(municipality_b, duplicate_of=0)])
    assert not Report.objects.exists()
