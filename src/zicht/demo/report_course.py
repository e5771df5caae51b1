"""The course of each demo report: the steps it went through, duplicates, forwards into inspection, staff's mark.

Most reports are handled, some late; some are cancelled, a few are duplicates of a report made shortly before in
the same neighbourhood, a few of the housing reports go into an inspection. A course is planned in full and then
cut at the anchor day, so the reports of the last weeks are still open and a stuck one is open and overdue.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from zicht.reports import rules
from zicht.reports.bulk import BulkReport, BulkStep
from zicht.reports.choices import Category as C
from zicht.reports.choices import Department
from zicht.reports.choices import ReportStatus as S

from .loading import read_rows

TEXTS_FILE = "report_texts.csv"
CANCELLED_SHARE = 0.04
STUCK_SHARE = 0.03  # handling never finished: open and, after a while, overdue
REOPENED_SHARE = 0.025
DUPLICATE_SHARE = 0.03
DUPLICATE_CATEGORIES = frozenset({C.WASTE, C.NOISE, C.PARKING, C.OVERCROWDING})
DUPLICATE_WINDOW = datetime.timedelta(days=7)
INSPECTION_SHARE = {C.OVERCROWDING: 0.18, C.UNSAFE_HOUSING: 0.2, C.EXPLOITATION: 0.35}
FORWARD_SHARE = {C.WASTE: 0.05, C.NOISE: 0.05}
FORWARD_TO = {C.WASTE: Department.HOUSING_INSPECTION, C.NOISE: Department.SAFETY}
# Share handled after the service level, per category; inspections take longer still.
LATE_SHARE = {C.WASTE: 0.1, C.NOISE: 0.12, C.PARKING: 0.1, C.OVERCROWDING: 0.25, C.UNSAFE_HOUSING: 0.3,
              C.EXPLOITATION: 0.3, C.ADDRESS_FRAUD: 0.2, C.OTHER: 0.12}  # fmt: skip
FIRST_STEP = {
    C.WASTE: ((None, 35), (S.PLANNED, 30), (S.IN_PROGRESS, 35)),
    C.PARKING: ((None, 10), (S.PLANNED, 40), (S.IN_PROGRESS, 50)),
}
OTHER_FIRST_STEP = ((None, 5), (S.PLANNED, 10), (S.IN_PROGRESS, 85))


class Texts:
    """The demo's descriptions and history reasons (report_texts.csv)."""

    def __init__(self, rows: Iterable[dict[str, str]]):
        self.by: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for row in rows:
            self.by[row["use"], row["category"], row["language"]].append(row["text"])

    @classmethod
    def load(cls) -> Texts:
        return cls(read_rows(TEXTS_FILE))

    def has(self, category: str, language: str) -> bool:
        return bool(self.by.get(("description", category, language)))

    def description(self, rng: random.Random, category: str, language: str, street: str) -> str:
        text = rng.choice(self.by["description", category, language]).format(street=street, n=rng.randint(5, 14))
        if language == "nl" and rng.random() < 0.3:
            text = f"{text} {rng.choice(self.by['suffix', '*', 'nl'])}"
        return text

    def reason(self, rng: random.Random, use: str, category: str) -> str:
        return rng.choice(self.by.get((use, category, "nl")) or self.by[use, "*", "nl"])


def _weighted(rng: random.Random, pairs) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class Course:
    """Plans each report's steps with the generator of the report plan, cut at the anchor day."""

    def __init__(self, rng: random.Random, texts: Texts, users: dict[str, Any], reference_day: datetime.date):
        self.rng, self.texts, self.users = rng, texts, users
        self.cutoff = datetime.datetime.combine(reference_day, datetime.time(), tzinfo=timezone.get_default_timezone())

    def plan(self, item: BulkReport, drafts: list[BulkReport], index: int) -> None:
        """Fill in `item`'s steps, duplicate link, forward into inspection and staff's mark."""
        if item.category in DUPLICATE_CATEGORIES and self.rng.random() < DUPLICATE_SHARE:
            main = self._main_for(item, drafts, index)
            if main is not None:
                cancel = BulkStep(S.CANCELLED, self._on(item.created_at, self.rng.randint(0, 1)), by=self._by(item))
                if cancel.at < self.cutoff:
                    self._copy_place(item, drafts[main])
                    item.duplicate_of, item.steps = main, [cancel]
                    return
        steps, inspection = self._steps(item)
        item.steps = [step for step in steps if step.at < self.cutoff]
        forwarded = any(step.to_status == S.FORWARDED for step in item.steps)
        item.inspection_reason = inspection if forwarded else ""
        item.concerns_migrant_housing = self._assessment(item) if item.steps else None

    def _main_for(self, item: BulkReport, drafts: list[BulkReport], index: int) -> int | None:
        """The index of an earlier report of the last week about the same thing in the same neighbourhood."""
        if item.neighbourhood is None:
            return None
        for earlier in range(index - 1, -1, -1):
            other = drafts[earlier]
            if item.created_at - other.created_at > DUPLICATE_WINDOW:
                return None
            if (
                other.duplicate_of is None
                and other.category == item.category
                and other.neighbourhood is not None
                and other.neighbourhood.pk == item.neighbourhood.pk
            ):
                return earlier
        return None

    @staticmethod
    def _copy_place(item: BulkReport, main: BulkReport) -> None:
        item.address, item.location, item.lat, item.lon = main.address, main.location, main.lat, main.lon

    def _by(self, item: BulkReport):
        if item.category in rules.HOUSING_CATEGORIES:
            return self.users.get("toezicht")
        return self.users.get("adresonderzoek" if item.category == C.ADDRESS_FRAUD else "gemeente")

    def _on(self, start: datetime.datetime, working_days: int, after: datetime.datetime | None = None):
        """An office-hours moment `working_days` after `start`, later than `after`."""
        day = rules.add_working_days(timezone.localdate(start), working_days)
        moment = datetime.time(self.rng.randint(8, 16), self.rng.randint(0, 59))
        at = datetime.datetime.combine(day, moment, tzinfo=timezone.get_default_timezone())
        after = after or start
        return at if at > after else after + datetime.timedelta(minutes=self.rng.randint(20, 180))

    def _handling_days(self, category: str) -> int:
        days, _ = rules.service_level(category)
        if self.rng.random() < LATE_SHARE[category]:
            return days + self.rng.randint(1, max(4, days * 2))
        return self.rng.randint(0, days)

    def _steps(self, item: BulkReport) -> tuple[list[BulkStep], str]:
        rng, category = self.rng, item.category
        by, steps = self._by(item), []

        def add(status: str, working_days: int, reason: str = "", department: str = "", who=by) -> None:
            at = self._on(item.created_at, working_days, steps[-1].at if steps else None)
            steps.append(BulkStep(status, at, reason, department, who))

        if rng.random() < CANCELLED_SHARE:
            add(S.CANCELLED, rng.randint(0, 2), self.texts.reason(rng, "cancelled", category))
            return steps, ""
        handle: int | None = self._handling_days(category)
        inspection = ""
        if item.address is not None and rng.random() < INSPECTION_SHARE.get(category, 0):
            add(S.IN_PROGRESS, rng.randint(0, 1))
            inspection = self.texts.reason(rng, "inspection", category)
            inspector = self.users.get("toezicht")
            add(S.FORWARDED, rng.randint(1, 3), inspection, Department.HOUSING_INSPECTION, inspector)
            handle = None if rng.random() < 0.25 else handle + rng.randint(8, 40)
        elif rng.random() < FORWARD_SHARE.get(category, 0):
            add(S.FORWARDED, rng.randint(0, 1), self.texts.reason(rng, "forwarded", category), FORWARD_TO[category])
            handle += rng.randint(2, 6)
        else:
            first = _weighted(rng, FIRST_STEP.get(category, OTHER_FIRST_STEP))
            if first is not None:
                reason = self.texts.reason(rng, "planned", category) if first == S.PLANNED else ""
                add(first, rng.randint(0, min(1, handle)), reason)
        if handle is None or rng.random() < STUCK_SHARE:
            return steps, inspection
        add(S.HANDLED, handle, self.texts.reason(rng, "handled", category))
        if rng.random() < REOPENED_SHARE:
            again = handle + rng.randint(3, 15)
            add(S.REOPENED, again, self.texts.reason(rng, "reopened", category))
            add(S.IN_PROGRESS, again)
            add(S.HANDLED, again + rng.randint(2, 8), self.texts.reason(rng, "handled", category))
        return steps, inspection

    def _assessment(self, item: BulkReport) -> bool | None:
        """Staff's mark: mostly yes for housing reports at a location, often no or not assessed elsewhere."""
        category = item.category
        housing = category in rules.HOUSING_CATEGORIES
        if item.location is not None:
            yes, no = (0.85, 0.05) if housing else (0.6, 0.2)
        elif housing:
            yes, no = 0.55, 0.25
        else:
            yes, no = {C.ADDRESS_FRAUD: (0.4, 0.4), C.WASTE: (0.15, 0.45), C.NOISE: (0.15, 0.45),
                       C.PARKING: (0.05, 0.55)}.get(category, (0.0, 0.4))  # fmt: skip
        draw = self.rng.random()
        return True if draw < yes else False if draw < yes + no else None
