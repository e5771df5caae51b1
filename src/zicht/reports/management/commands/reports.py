"""`zicht reports purge [--dry-run] [--today YYYY-MM-DD]`: remove reports past their retention term."""

from __future__ import annotations

import argparse
import datetime
import re

from django.core.management.base import BaseCommand

from zicht.reports.retention import purge_reports

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: str) -> datetime.date:
    """argparse type: a calendar date written YYYY-MM-DD."""
    try:
        if not DATE_RE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-01") from None


class Command(BaseCommand):
    help = "Work on reports (meldingen). `purge` deletes cancelled and handled reports past their retention term."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser(
            "purge",
            help="delete cancelled reports after ZICHT_REPORTS_RETENTION_CANCELLED_DAYS and handled ones after "
            "ZICHT_REPORTS_RETENTION_HANDLED_DAYS, counted from their last status change",
        )
        purge.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")
        purge.add_argument("--today", type=iso_date, help="count the terms back from this date (default: today)")

    def handle(self, *args, action: str, **options):
        result = purge_reports(today=options.get("today"), dry_run=options["dry_run"])
        verb = "would be removed (dry run)" if result.dry_run else "removed"
        for status, references in result.removed.items():
            days = result.days[status]
            self.stdout.write(f"{status}: {len(references)} {verb} (kept {days} days after the last status change)")
            for start in range(0, len(references), 10):
                self.stdout.write("  " + " ".join(references[start : start + 10]))
        self.stdout.write(f"total: {result.total} {verb}")
