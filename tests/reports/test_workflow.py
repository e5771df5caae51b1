"""The course of a report through the services: every allowed step, refused steps, history that is never edited."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from tests.housing.factories import make_location
from zicht.core.models import AuditAction, AuditEvent
from zicht.reports import rules, services, workflow
from zicht.reports.choices import Category, Department, ReportStatus
from zicht.reports.models import CategoryRouting, InspectionRequest, Report, ReportStatusChange

from .factories import at, make_report, move_to, with_contact

pytestmark = pytest.mark.django_db

S = ReportStatus
ALLOWED = sorted((current, wanted) for current, targets in workflow.COURSE.transitions.items() for wanted in targets)
FORBIDDEN = sorted(
    (current, wanted)
    for current, wanted in itertools.product(S.values, S.values)
    if wanted not in workflow.COURSE.transitions[current]
)


def test_the_table_covers_every_status_and_closed_reports_only_reopen():
    assert set(workflow.COURSE.transitions) == set(S.values)
    assert set(S.values) == workflow.OPEN_STATUSES | workflow.CLOSED_STATUSES
    for closed in workflow.CLOSED_STATUSES:
        assert workflow.COURSE.next_statuses(closed) == [S.REOPENED]
    assert all(current != wanted for current, wanted in ALLOWED)


@pytest.mark.parametrize(("current", "wanted"), ALLOWED)
def test_every_allowed_transition_succeeds_and_appends_one_history_row(municipality_a, officer_a, current, wanted):
    report = move_to(make_report(municipality_a), current, by=officer_a)
    before = report.history.count()
    changed = services.report_transition(
        report=report, to_status=wanted, by=officer_a, reason="Besproken met de wijkagent."
    )
    assert changed.status == wanted
    assert Report.objects.get(pk=report.pk).status == wanted
    assert report.history.count() == before + 1
    last = report.history.order_by("-recorded_at", "-pk").first()
    assert (last.from_status, last.to_status) == (current, wanted)
    assert last.reason == "Besproken met de wijkagent."
    assert last.recorded_by == officer_a
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE,
        object_type="reports.report",
        object_id=str(report.pk),
        detail=f"{current} -> {wanted}",
    ).exists()


@pytest.mark.parametrize(("current", "wanted"), FORBIDDEN)
def test_forbidden_transitions_raise_and_change_nothing(municipality_a, officer_a, current, wanted):
    report = move_to(make_report(municipality_a), current, by=officer_a)
    stored = Report.objects.values().get(pk=report.pk)
    history = list(report.history.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as raised:
        services.report_transition(report=report, to_status=wanted, by=officer_a, reason="Toch proberen.")
    assert "to_status" in raised.value.message_dict
    assert Report.objects.values().get(pk=report.pk) == stored
    assert list(report.history.values_list("pk", flat=True)) == history


def test_an_unknown_status_is_refused(municipality_a, officer_a):
    report = make_report(municipality_a)
    with pytest.raises(ValidationError):
        services.report_transition(report=report, to_status="archived", by=officer_a, reason="x")
    assert Report.objects.get(pk=report.pk).status == S.REPORTED


@pytest.mark.parametrize("wanted", sorted(workflow.NEEDS_REASON))
@pytest.mark.parametrize("reason", ["", "   \n"])
def test_a_reason_is_required_where_the_workflow_asks_for_one(municipality_a, officer_a, wanted, reason):
    start = S.HANDLED if wanted == S.REOPENED else S.REPORTED
    report = move_to(make_report(municipality_a), start, by=officer_a)
    count = report.history.count()
    with pytest.raises(ValidationError) as raised:
        services.report_transition(report=report, to_status=wanted, by=officer_a, reason=reason)
    assert "reason" in raised.value.message_dict
    assert Report.objects.get(pk=report.pk).status == start
    assert report.history.count() == count


@pytest.mark.parametrize("wanted", [S.IN_PROGRESS, S.PLANNED, S.HANDLED])
def test_other_steps_need_no_reason(municipality_a, officer_a, wanted):
    report = services.report_transition(report=make_report(municipality_a), to_status=wanted, by=officer_a)
    assert report.status == wanted


def test_history_rows_cannot_be_edited_or_deleted(municipality_a, officer_a):
    report = move_to(make_report(municipality_a), S.IN_PROGRESS, by=officer_a)
    row = report.history.order_by("-pk").first()
    row.reason = "Achteraf anders opgeschreven."
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    stored = ReportStatusChange.objects.get(pk=row.pk)
    assert stored.reason == "Testreden."
    assert report.history.count() == 2


def test_history_starts_with_the_report_and_records_who_took_it_in(municipality_a, officer_a):
    report = make_report(municipality_a, by=officer_a)
    (first,) = report.history.all()
    assert (first.from_status, first.to_status) == ("", S.REPORTED)
    assert first.recorded_by == officer_a
    assert first.department == report.department


def test_intake_stores_only_the_digest_and_computes_the_due_date(municipality_a):
    report = make_report(municipality_a, category=Category.WASTE, created_at=at("2026-03-06", 17))
    assert report.tracking_digest == rules.tracking_digest(report.tracking_code)
    assert report.tracking_code.replace("-", "") not in str(Report.objects.values().get(pk=report.pk))
    # Waste: 5 working days from Friday 6 March 2026.
    assert (report.service_level_days, report.department) == (5, Department.WASTE)
    assert report.due_on == datetime.date(2026, 3, 13)


def test_a_municipality_routes_a_category_its_own_way(municipality_a, municipality_b):
    CategoryRouting.objects.create(
        municipality=municipality_a, category=Category.NOISE, service_level_days=2, department=Department.SAFETY
    )
    own = make_report(municipality_a, category=Category.NOISE, created_at=at("2026-03-02"))
    default = make_report(municipality_b, category=Category.NOISE, created_at=at("2026-03-02"))
    assert (own.service_level_days, own.department, own.due_on) == (2, Department.SAFETY, datetime.date(2026, 3, 4))
    assert (default.service_level_days, default.department) == (5, Department.NEIGHBOURHOOD)


def test_anonymous_reports_keep_no_contact_details(municipality_a):
    # Contact details beside "anonymous" are refused, never silently dropped (rules.anonymity).
    with pytest.raises(ValidationError) as error:
        make_report(municipality_a, anonymous=True, contact_name="Piet", contact_email="piet@example.org")
    assert "anonymous" in error.value.message_dict
    report = make_report(municipality_a, anonymous=True)
    assert report.anonymous
    assert (report.contact_name, report.contact_email, report.contact_phone) == ("", "", "")
    named = with_contact(municipality_a)
    assert not named.anonymous and named.contact_email == "jan@example.org"


def test_handling_on_time_and_late_sets_handling_days(municipality_a, officer_a):
    friday = at("2026-03-06", 9)  # waste: due Friday 13 March
    on_time = make_report(municipality_a, created_at=friday, status=S.HANDLED, status_at=at("2026-03-13", 16))
    late = make_report(municipality_a, created_at=friday, status=S.HANDLED, status_at=at("2026-03-16", 9))
    assert (on_time.handling_days, on_time.handled_late) == (5, False)
    assert (late.handling_days, late.handled_late) == (6, True)
    assert late.handled_at == at("2026-03-16", 9)


def test_reopening_clears_the_handling_figures(municipality_a, officer_a):
    report = make_report(municipality_a, created_at=at("2026-03-06"), status=S.HANDLED, status_at=at("2026-03-20"))
    assert report.handling_days is not None
    reopened = services.report_transition(report=report, to_status=S.REOPENED, by=officer_a, reason="Weer overlast.")
    stored = Report.objects.get(pk=reopened.pk)
    assert (stored.handled_at, stored.handling_days, stored.handled_late) == (None, None, None)
    handled = services.report_transition(report=stored, to_status=S.HANDLED, by=officer_a)
    assert handled.handling_days is not None and handled.handled_late is not None


def test_department_and_message_to_the_reporter_go_with_a_step(municipality_a, officer_a):
    report = services.report_transition(
        report=make_report(municipality_a),
        to_status=S.IN_PROGRESS,
        by=officer_a,
        department=Department.HOUSING_INSPECTION,
        public_message="  We kijken ernaar deze week.  ",
    )
    assert report.department == Department.HOUSING_INSPECTION
    assert report.public_message == "We kijken ernaar deze week."
    assert report.history.order_by("-pk").first().department == Department.HOUSING_INSPECTION


def test_a_duplicate_links_to_the_first_main_report_and_is_cancelled(municipality_a, officer_a):
    main = make_report(municipality_a)
    second = services.report_mark_duplicate(report=make_report(municipality_a), main=main, by=officer_a)
    third = services.report_mark_duplicate(report=make_report(municipality_a), main=second, by=officer_a)
    assert second.duplicate_of == main and second.status == S.CANCELLED
    stored = Report.objects.get(pk=third.pk)
    assert stored.duplicate_of_id == main.pk  # never a chain
    assert stored.status == S.CANCELLED
    last = stored.history.order_by("-pk").first()
    assert last.to_status == S.CANCELLED and main.reference in last.reason
    assert set(main.duplicates.values_list("pk", flat=True)) == {second.pk, third.pk}


def test_a_duplicate_stays_in_its_own_municipality_and_is_not_its_own(municipality_a, municipality_b, officer_a):
    report = make_report(municipality_a)
    with pytest.raises(ValidationError):
        services.report_mark_duplicate(report=report, main=make_report(municipality_b), by=officer_a)
    with pytest.raises(ValidationError):
        services.report_mark_duplicate(report=report, main=report, by=officer_a)
    stored = Report.objects.get(pk=report.pk)
    assert stored.duplicate_of_id is None and stored.status == S.REPORTED


def test_forwarding_creates_one_inspection_request(municipality_a, officer_a):
    location = make_location(municipality=municipality_a)
    report = make_report(municipality_a, category=Category.OVERCROWDING, location=location)
    request = services.report_forward_to_inspection(report=report, by=officer_a, reason="Vermoeden van overbewoning.")
    assert (request.report_id, request.location, request.requested_by) == (report.pk, location, officer_a)
    assert Report.objects.get(pk=report.pk).status == S.FORWARDED
    forwarded = Report.objects.get(pk=report.pk)
    with pytest.raises(ValidationError):
        services.report_forward_to_inspection(report=forwarded, by=officer_a, reason="Nog een keer.")
    assert InspectionRequest.objects.filter(report=report).count() == 1


def test_forwarding_needs_a_reason(municipality_a, officer_a):
    report = make_report(municipality_a)
    with pytest.raises(ValidationError):
        services.report_forward_to_inspection(report=report, by=officer_a, reason="  ")
    assert not InspectionRequest.objects.exists()
    assert Report.objects.get(pk=report.pk).status == S.REPORTED


def test_assessment_is_the_staffs_own_mark(municipality_a, municipality_b, officer_a):
    report = make_report(municipality_a, category=Category.OVERCROWDING, language="pl")
    assert report.concerns_migrant_housing is None  # never inferred from the reporter or the language
    location = make_location(municipality=municipality_a)
    services.report_assess(report=report, by=officer_a, concerns_migrant_housing=True, location=location)
    stored = Report.objects.get(pk=report.pk)
    assert stored.concerns_migrant_housing is True and stored.location == location
    with pytest.raises(ValidationError):
        services.report_assess(report=stored, by=officer_a, location=make_location(municipality=municipality_b))
    assert Report.objects.get(pk=report.pk).location == location


def test_the_intake_service_applies_the_anonymity_rule_per_audience(municipality_a, officer_a):
    # The public may leave contact details out; a staff member taking a report in must say "anonymous".
    public = make_report(municipality_a, anonymous=None)
    assert public.anonymous and public.created_by is None
    with pytest.raises(ValidationError) as error:
        make_report(municipality_a, anonymous=None, by=officer_a)
    assert error.value.message_dict == {"anonymous": ["Vul contactgegevens in of kies anoniem."]}
    assert make_report(municipality_a, anonymous=True, by=officer_a).anonymous
