"""Helpers for loading the packaged demo CSV files idempotently: read a file, create-or-update by natural key."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import models

from zicht.core.tabular import read_table

ModelT = TypeVar("ModelT", bound=models.Model)

DATA_DIR = Path(__file__).resolve().parent / "data"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def data_path(name: str) -> Path:
    return DATA_DIR / name


def read_rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of a packaged demo CSV file as {column: text}; `#` comment lines are skipped."""
    _, rows = read_table(data_path(name))
    for _, values in rows:
        yield values


def parse_bool(text: str) -> bool:
    return text.strip().lower() in {"yes", "true", "1", "ja"}


def parse_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text.strip())


@dataclass
class Tally:
    """What a load did, per model: how many rows it created, updated or left unchanged."""

    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, label: str, outcome: str, number: int = 1) -> None:
        self.counts[label][outcome] += number

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total(CREATED) or self.total(UPDATED))

    def summary(self) -> str:
        return f"{self.total(CREATED)} created, {self.total(UPDATED)} updated, {self.total(UNCHANGED)} unchanged"

    def lines(self) -> list[str]:
        return [
            f"{label}: {c[CREATED]} created, {c[UPDATED]} updated, {c[UNCHANGED]} unchanged"
            for label, c in sorted(self.counts.items())
        ]


def assign(obj: models.Model, values: dict) -> list[str]:
    """Set the values that differ on `obj` and return their field names (foreign keys compared by id)."""
    changed = []
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            current = getattr(obj, model_field.attname)
            wanted = value.pk if value is not None else None
        else:
            current, wanted = getattr(obj, name), value
        if current != wanted:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def outcome_of(created: bool, changed: list[str]) -> str:
    if created:
        return CREATED
    return UPDATED if changed else UNCHANGED


def upsert(model: type[ModelT], lookup: dict, values: dict, tally: Tally) -> ModelT:
    """The row of `model` with the natural key `lookup`, created or brought up to `values`; saved only on change."""
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = assign(obj, values)
    if created or changed:
        # Validators and clean() run as they would for a form, so the demo files cannot hold what a user could not.
        obj.full_clean()
        obj.save()
    tally.add(model._meta.label_lower, outcome_of(created, changed))
    return obj
