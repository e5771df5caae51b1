"""The set-based derive step (spell starts in SQL, registration dates in SQL or Python) agrees with the pure rules
(`rules.merge_periods`, `rules.registration_due`) for random persons, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db import connection

from zicht.occupancy import rules
from zicht.occupancy.ingest import derive
from zicht.occupancy.ingest.derive import derive_for_staged_persons
from zicht.occupancy.ingest.loading import STAGING
from zicht.occupancy.models import Person, ResidenceEpisode

from ..housing.factories import LocationFactory
from .episodes import Episodes

pytestmark = pytest.mark.django_db
FIRST = datetime.date(2024, 1, 1)


def _random_periods(rng: random.Random) -> list[tuple[datetime.date, datetime.date | None]]:
    """1-5 episodes that overlap, touch, nest, leave gaps of a day or months, end or stay open."""
    periods = []
    for _ in range(rng.randint(1, 5)):
        start = FIRST + datetime.timedelta(days=rng.randint(0, 700))
        draw = rng.random()
        end = None if draw < 0.2 else start + datetime.timedelta(days=rng.choice([0, 1, 30, 120, 121, 122, 200, 400]))
        periods.append((start, end))
    if rng.random() < 0.3:  # one that starts exactly the day after another ends: the same spell
        start, end = periods[0]
        if end is not None:
            periods.append((end + datetime.timedelta(days=1), end + datetime.timedelta(days=rng.randint(0, 90))))
    return periods


def _expected_spell_start(periods, start: datetime.date) -> datetime.date:
    spells = rules.merge_periods(periods)
    return max(spell_start for spell_start, _end in spells if spell_start <= start)


def _needs_python(periods) -> bool:
    """Whether the derive leaves this person to Python: several spells, a first one under 122 days, 122 in all."""
    spells = rules.merge_periods(periods)
    lengths = [((end or datetime.date(9999, 12, 31)) - start).days + 1 for start, end in spells]
    return len(spells) > 1 and lengths[0] < rules.PRESENT_DAYS <= sum(lengths)


def _stage(pseudonyms: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"CREATE TEMP TABLE {STAGING} (pseudonym varchar(64))")
        cursor.executemany(f"INSERT INTO {STAGING} (pseudonym) VALUES (%s)", [(p,) for p in pseudonyms])  # noqa: S608


def test_derive_matches_the_python_rules_for_random_persons(municipality_a, monkeypatch):
    # Tiny batches: dates are written to the temporary table between fetches of the streamed read.
    monkeypatch.setattr(derive, "FETCH", 7)
    monkeypatch.setattr(derive, "WRITE_BATCH", 3)
    rng = random.Random(4242)
    locations = [LocationFactory(municipality=municipality_a) for _ in range(3)]
    episodes = Episodes()
    plan: dict[int, list] = {}
    untouched = episodes.person(due=datetime.date(2000, 1, 1))
    episodes.live(untouched, municipality_a, FIRST, None, location=locations[0], spell_start=datetime.date(1999, 1, 1))
    for _ in range(150):
        # A stale registration date on some persons: the derive must correct it (or clear it).
        person = episodes.person(due=rng.choice([None, datetime.date(2001, 1, 1)]))
        periods = _random_periods(rng)
        plan[person.pk] = periods
        for index, (start, end) in enumerate(periods):
            # Place and start identify an episode; a stale spell start on every one of them.
            episodes.live(
                person,
                municipality_a,
                start,
                end,
                location=locations[index % 3] if index < 3 else LocationFactory(municipality=municipality_a),
                spell_start=datetime.date(1999, 1, 1),
            )
    episodes.save()
    _stage(list(Person.objects.filter(pk__in=plan).values_list("pseudonym", flat=True)))

    assert derive_for_staged_persons() > 0

    dues = dict(Person.objects.filter(pk__in=plan).values_list("pk", "registration_due"))
    by_python = 0
    for person_id, periods in plan.items():
        assert dues[person_id] == rules.registration_due(periods), periods
        by_python += _needs_python(periods)
    for person_id, start, spell_start in ResidenceEpisode.objects.filter(person_id__in=plan).values_list(
        "person_id", "start", "spell_start"
    ):
        assert spell_start == _expected_spell_start(plan[person_id], start)
    assert 10 < by_python < len(plan) - 10  # both the SQL and the Python path were taken
    assert Person.objects.get(pk=untouched.pk).registration_due == datetime.date(2000, 1, 1)
    assert ResidenceEpisode.objects.get(person=untouched).spell_start == datetime.date(1999, 1, 1)
    # Nothing left to change the second time.
    assert derive_for_staged_persons() == 0
