"""`zicht norms refresh [--date YYYY-MM-DD]`: re-evaluate every location's stored norm verdict.

Run it daily (or at least on the day a new norm version comes into force, such as AKF's 15 m² on 1 January 2026):
stored verdicts are computed when a location or norm set changes, not when the calendar moves on.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from zicht.housing.choices import NormVerdict
from zicht.housing.models import Location
from zicht.housing.services import refresh_norm_verdicts


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def stored_verdicts() -> dict[int, tuple]:
    return {
        pk: rest
        for pk, *rest in Location.objects.values_list("pk", "norm_verdict", "norm_capacity", "norm_set_applied_id")
    }


class Command(BaseCommand):
    help = "Re-evaluate the stored norm verdicts of all locations, as on today or on --date."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        refresh = sub.add_parser("refresh", help="re-evaluate every location's norm verdict and norm capacity")
        refresh.add_argument("--date", type=iso_date, help="evaluate as on this date (default: today)")

    @transaction.atomic
    def handle(self, *args, action: str, **options):
        day = options.get("date") or timezone.localdate()
        before = stored_verdicts()
        count = refresh_norm_verdicts(Location.objects.select_related("municipality"), on=day)
        after = stored_verdicts()
        changed = sum(1 for pk, values in after.items() if before.get(pk) != values)
        verdicts = Counter(verdict for verdict, _capacity, _set in after.values())
        self.stdout.write(
            f"{count} locations re-evaluated as on {day.isoformat()}; {changed} changed "
            f"(pass {verdicts[NormVerdict.PASS]}, fail {verdicts[NormVerdict.FAIL]}, "
            f"unknown {verdicts[NormVerdict.UNKNOWN]})."
        )
