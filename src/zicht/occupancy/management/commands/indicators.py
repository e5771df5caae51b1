"""`zicht indicators AREA [--date YYYY-MM-DD] [--format json|text] [--refresh]`: an area's indicators on a date.

For operators at the command line, so the figures are exact (no small-number suppression): whoever runs this
command has the database already.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zicht.geography.areas import ACCEPTED_FORMS, UnknownArea, resolve_area
from zicht.occupancy import indicators

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: str) -> datetime.date:
    """argparse type: a calendar date written YYYY-MM-DD."""
    try:
        if not DATE_RE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-01") from None


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f} %"


def text_lines(data: dict) -> list[str]:
    """The JSON as lines a person reads in a terminal."""
    area = data["area"]
    interval = data["registration_rate_interval"]
    mix = data["stay_mix"]
    lines = [
        f"{area['name']} ({area['kind']} {area['code']}) on {data['date']}",
        f"  living                        {data['living']}",
        f"  in a housing location         {data['occupancy']} (capacity {data['capacity_beds']} beds)",
        f"  BRP-registered                {data['brp_registered']} (RNI only {data['rni_only']})",
        f"  registration rate             {_pct(data['registration_rate'])}",
    ]
    if interval:
        lines.append(f"    over the estimate           {_pct(interval['low'])} .. {_pct(interval['high'])}")
    lines += [
        f"  should register, has not      {data['should_register_not_registered']}",
        f"  registered elsewhere          {data['address_mismatch']}",
        f"  working                       {data['working']}",
        f"  working in residence (share)  {_pct(data['working_in_residence_share'])} weighted, "
        f"{_pct(data['working_in_residence_share_mean_of_municipalities'])} mean of municipalities",
        f"  stay mix                      short {mix['short']}, mid {mix['mid']}, long {mix['long']}",
    ]
    if data["registered_in_blocks"] is not None:
        lines.append(f"  registered in block sessions  {data['registered_in_blocks']}")
    for estimate in data["estimates"]:
        lines.append(
            f"  estimate {estimate['measure']} {estimate['year']}: {estimate['low']}-{estimate['high']}"
            f" ({estimate['source']})"
        )
    return lines


class Command(BaseCommand):
    help = "Show the occupancy and registration indicators of an area on a date."

    def add_arguments(self, parser):
        parser.add_argument("area", metavar="AREA", help=f"the area: {ACCEPTED_FORMS}")
        parser.add_argument("--date", type=iso_date, default=None, help="the day (YYYY-MM-DD; default today)")
        parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
        parser.add_argument(
            "--refresh", action="store_true", help="recompute the snapshots instead of reading stored ones"
        )

    def handle(self, *args, area: str, date: datetime.date | None, format: str, refresh: bool, **options):
        try:
            resolved = resolve_area(area)
        except UnknownArea:
            raise CommandError(f"unknown area {area!r}; give {ACCEPTED_FORMS}") from None
        on = date or timezone.localdate()
        figures = indicators.refresh(resolved, on) if refresh else indicators.indicators_for(resolved, on)
        data = figures.as_dict()
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(text_lines(data)))
