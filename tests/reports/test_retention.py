"""`zicht reports purge`: closed reports leave after their retention term, logged by reference, never by content."""

from __future__ import annotations

import datetime
import io
import logging
import os

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zicht.core.models import AuditAction, AuditEvent
from zicht.reports import services
from zicht.reports.choices import ReportStatus
from zicht.reports.models import InspectionRequest, Report, ReportPhoto, ReportStatusChange
from zicht.reports.retention import purge_reports

from .factories import at, clean_photo, make_report, with_contact
from .staff_support import media_root_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
S = ReportStatus
TODAY = "2026-06-30"
SECRET = "Geheime omschrijving met de naam van de buurvrouw"


@pytest.fixture
def old_and_new(municipality_a, officer_a):
    """Closed and open reports on both sides of the terms, counted from 30 June 2026."""
    created = at("2019-01-07")
    return {
        # Cancelled 2025-06-29: more than 365 days before 2026-06-30.
        "cancelled_old": with_contact(
            municipality_a,
            description=SECRET,
            created_at=created,
            status=S.CANCELLED,
            status_at=at("2025-06-29"),
            photos=[clean_photo(), clean_photo(fmt="PNG")],
        ),
        # Cancelled 2025-07-01: younger than a year.
        "cancelled_young": make_report(
            municipality_a, created_at=created, status=S.CANCELLED, status_at=at("2025-07-01")
        ),
        # Handled 2021-06-29: more than 5 * 365 days before.
        "handled_old": make_report(municipality_a, created_at=created, status=S.HANDLED, status_at=at("2021-06-29")),
        "handled_young": make_report(municipality_a, created_at=created, status=S.HANDLED, status_at=at("2021-07-02")),
        # Open reports stay, however old.
        "open_old": make_report(municipality_a, created_at=created),
        "planned_old": make_report(municipality_a, created_at=created, status=S.PLANNED, status_at=created),
        # Reopened in 2020: open again, so never removed.
        "reopened_old": make_report(municipality_a, created_at=created, status=S.REOPENED, status_at=at("2020-01-06")),
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("reports", "purge", *args, stdout=out)
    return out.getvalue()


def test_old_closed_reports_go_and_the_rest_stays(old_and_new, caplog, django_capture_on_commit_callbacks):
    photo_files = [photo.image.path for photo in old_and_new["cancelled_old"].photos.all()]
    assert all(os.path.exists(path) for path in photo_files)
    # The files are removed once the deletion has committed.
    with (
        caplog.at_level(logging.INFO, logger="zicht.reports.retention"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        output = run("--today", TODAY)
    gone = {"cancelled_old", "handled_old"}
    for name, report in old_and_new.items():
        assert Report.objects.filter(pk=report.pk).exists() == (name not in gone), name
    for name in gone:
        report = old_and_new[name]
        assert report.reference in output and report.reference in caplog.text
        assert not ReportStatusChange.objects.filter(report_id=report.pk).exists()
        event = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(report.pk))
        assert event.object_repr == report.reference and event.object_type == "reports.report"
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).count() == 2
    assert "cancelled: 1 removed" in output and "handled: 1 removed" in output and "total: 2 removed" in output
    # The photos are gone with their files; nothing of the content is logged or printed.
    assert not ReportPhoto.objects.exists()
    assert not any(os.path.exists(path) for path in photo_files)
    audit_text = " ".join(
        f"{repr_} {detail}" for repr_, detail in AuditEvent.objects.values_list("object_repr", "detail")
    )
    for text in (output, caplog.text, audit_text):
        for secret in (SECRET, "Jan de Vries", "jan@example.org", "0570 123456"):
            assert secret not in text


def test_dry_run_removes_nothing(old_and_new, media_root):
    files_before = sorted(str(path) for path in media_root.rglob("*") if path.is_file())
    output = run("--dry-run", "--today", TODAY)
    assert "would be removed (dry run)" in output
    assert old_and_new["cancelled_old"].reference in output and old_and_new["handled_old"].reference in output
    assert old_and_new["cancelled_young"].reference not in output
    assert Report.objects.count() == len(old_and_new)
    assert sorted(str(path) for path in media_root.rglob("*") if path.is_file()) == files_before
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_terms_come_from_the_settings(old_and_new, settings):
    settings.REPORTS_RETENTION_CANCELLED_DAYS = 30
    settings.REPORTS_RETENTION_HANDLED_DAYS = 10 * 365
    result = purge_reports(today=at(TODAY).date())
    assert result.removed[S.CANCELLED] == sorted(
        [old_and_new["cancelled_old"].reference, old_and_new["cancelled_young"].reference]
    )
    assert result.removed[S.HANDLED] == []
    assert Report.objects.filter(pk=old_and_new["handled_old"].pk).exists()


def test_the_term_counts_from_the_last_status_change(municipality_a, officer_a):
    # Handled long ago, reopened and handled again recently: kept.
    report = make_report(municipality_a, created_at=at("2019-01-07"), status=S.HANDLED, status_at=at("2019-02-01"))
    report = services.report_transition(
        report=report, to_status=S.REOPENED, by=officer_a, reason="Weer overlast.", now=at("2026-01-05")
    )
    services.report_transition(report=report, to_status=S.HANDLED, by=officer_a, now=at("2026-01-06"))
    assert purge_reports(today=at(TODAY).date()).total == 0
    assert Report.objects.filter(pk=report.pk).exists()


def test_removing_a_main_report_keeps_its_duplicates_and_removes_its_inspection_request(municipality_a, officer_a):
    main = make_report(municipality_a)
    services.report_forward_to_inspection(report=main, by=officer_a, reason="Controle.")
    duplicate = services.report_mark_duplicate(report=make_report(municipality_a), main=main, by=officer_a)
    services.report_transition(report=Report.objects.get(pk=main.pk), to_status=S.HANDLED, by=officer_a)
    later = timezone.localdate() + datetime.timedelta(days=5 * 365 + 1)
    result = purge_reports(today=later)
    assert main.reference in result.removed[S.HANDLED]
    assert not Report.objects.filter(pk=main.pk).exists()
    assert not InspectionRequest.objects.exists()
    # The cancelled duplicate went too (it is older than a year by then); a younger one would lose only its link.
    assert duplicate.reference in result.removed[S.CANCELLED]


def test_a_duplicate_outlives_its_main_report_without_the_link(municipality_a, officer_a):
    main = make_report(municipality_a, status=S.HANDLED, created_at=at("2019-01-07"), status_at=at("2019-02-04"))
    duplicate = services.report_mark_duplicate(report=make_report(municipality_a), main=main, by=officer_a)
    purge_reports(today=at(TODAY).date())
    assert not Report.objects.filter(pk=main.pk).exists()
    assert Report.objects.get(pk=duplicate.pk).duplicate_of_id is None


def test_a_date_that_is_not_iso_is_refused():
    with pytest.raises(CommandError):
        call_command("reports", "purge", "--today", "30-06-2026", stdout=io.StringIO(), stderr=io.StringIO())
