"""`zicht location REF [--date YYYY-MM-DD] [--format text|json]`: one location and its norm verdicts on a date."""

from __future__ import annotations

import argparse
import datetime
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zicht.housing import reporting, selectors

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(value: str) -> datetime.date:
    """argparse type: a calendar date written YYYY-MM-DD."""
    try:
        if not DATE_RE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-01-01") from None


def _value(value) -> str:
    return "-" if value in (None, "", []) else str(value)


def text_summary(summary: dict) -> list[str]:
    """The JSON summary as lines a person reads in a terminal."""
    operator = summary["operator"]
    operator_text = f"{operator['name']} (KvK {operator['kvk']})" if operator else "-"
    address = summary["address"]
    lines = [
        f"{summary['name']} ({summary['ref']})",
        f"  municipality   {summary['municipality_name']} ({summary['municipality']})",
        f"  address        {address['text'] if address else '-'}",
        f"  form           {summary['form']}",
        f"  stay type      {summary['stay_type']}",
        f"  status         {summary['status']} since {_value(summary['status_since'])}",
        f"  operator       {operator_text}",
        f"  capacity       {summary['capacity_beds']} beds",
        "  figures        " + ", ".join(f"{name} {_value(value)}" for name, value in summary["figures"].items()),
        f"Norms on {summary['date']} (applicable: {_value(summary['applicable_norm_set'])})",
    ]
    for norm in summary["norms"]:
        marker = "*" if norm["applicable"] else " "
        version = f"version of {norm['version_valid_from']}" if norm["version_valid_from"] else "no version in force"
        lines.append(
            f" {marker} {norm['norm_set']:<10} {norm['verdict']:<8} norm capacity {_value(norm['norm_capacity'])}"
            f"  ({version})"
        )
        for rule in norm["rules"]:
            lines.append(
                f"      {rule['verdict']:<8} {rule['kind']}: limit {rule['limit']}, "
                f"{rule['figure']} {_value(rule['figure_value'])}, at most {_value(rule['max_persons'])} persons"
            )
        if norm["missing"]:
            lines.append(f"      missing: {', '.join(norm['missing'])}")
    return lines


class Command(BaseCommand):
    help = "Show a housing location by its reference, with its verdict under each norm set on a date."

    def add_arguments(self, parser):
        parser.add_argument("ref", metavar="REF", help="the location's reference")
        parser.add_argument(
            "--date", type=iso_date, default=None, help="evaluate the norms on this date (YYYY-MM-DD; default today)"
        )
        parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    def handle(self, *args, ref: str, date: datetime.date | None, format: str, **options):
        location = selectors.location_by_ref(ref)
        if location is None:
            raise CommandError(f"no location with reference {ref!r}")
        summary = reporting.location_summary(location, date or timezone.localdate())
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(text_summary(summary)))
