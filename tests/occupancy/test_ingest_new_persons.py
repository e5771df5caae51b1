"""Persons new to the database get their registration date and spell starts before the upsert, from the staged rows
(`derive.derive_for_new_persons`); persons stored before are derived after it. Through `run_ingest`, both must
agree with the pure rules, in one file that mixes the two, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import random

import pytest

from zicht.core.privacy.pseudonyms import pseudonymise_bsn
from zicht.occupancy import rules
from zicht.occupancy.choices import UploadStatus
from zicht.occupancy.ingest import derive, run_ingest
from zicht.occupancy.ingest import runner as ingest_runner
from zicht.occupancy.ingest.validation import PSEUDONYM_DOMAIN
from zicht.occupancy.models import Person, ResidenceEpisode

from ..housing.factories import LocationFactory
from .ingest_support import OCCUPANCY_HEADER, bsns, write_csv
from .test_ingest_derive import _expected_spell_start, _needs_python, _random_periods

pytestmark = pytest.mark.django_db
PERSONS = 120


@pytest.fixture(autouse=True)
def no_refresh(monkeypatch):
    monkeypatch.setattr(ingest_runner, "_refresh_indicators", lambda municipality_ids: None)


def _plan(rng: random.Random) -> dict[str, list]:
    # One start per person (a row also gives an employment episode, identified by person, employment and start),
    # and no end before its start (the file would be rejected).
    plan = {}
    for bsn in bsns(PERSONS, start=30_000_000):
        periods = [(start, end) for start, end in _random_periods(rng) if end is None or end >= start]
        plan[bsn] = list({start: (start, end) for start, end in reversed(periods)}.values())
    return plan


def _rows(plan: dict[str, list], refs: list[str]) -> list[str]:
    # One location per episode of a person: place and start identify an episode.
    return [
        f"{bsn},{refs[index]},{start.isoformat()},{end.isoformat() if end else ''},,,"
        for bsn, periods in plan.items()
        for index, (start, end) in enumerate(periods)
    ]


def _assert_derived_as_the_rules_say(plan: dict[str, list]) -> None:
    ids = {pseudonymise_bsn(bsn, PSEUDONYM_DOMAIN): bsn for bsn in plan}
    persons = dict(Person.objects.filter(pseudonym__in=ids).values_list("pk", "pseudonym"))
    assert len(persons) == len(plan)
    dues = dict(Person.objects.filter(pk__in=persons).values_list("pk", "registration_due"))
    for pk, pseudonym in persons.items():
        periods = plan[ids[pseudonym]]
        assert dues[pk] == rules.registration_due(periods), periods
    episodes = ResidenceEpisode.objects.filter(person_id__in=persons).values_list("person_id", "start", "spell_start")
    assert len(episodes) == sum(len(periods) for periods in plan.values())
    for person_id, start, spell_start in episodes:
        assert spell_start == _expected_spell_start(plan[ids[persons[person_id]]], start)


def test_new_and_stored_persons_in_one_file_follow_the_rules(tmp_path, municipality_a, monkeypatch):
    monkeypatch.setattr(derive, "FETCH", 7)
    monkeypatch.setattr(derive, "WRITE_BATCH", 3)
    rng = random.Random(777)
    refs = [LocationFactory(municipality=municipality_a).ref for _ in range(8)]
    plan = _plan(rng)
    assert 10 < sum(_needs_python(periods) for periods in plan.values()) < PERSONS - 10  # SQL and Python paths
    stored = list(plan)[: PERSONS // 2]
    # Half the persons arrive first with their first episode only; the second file brings everyone's episodes.
    first = {bsn: plan[bsn][:1] for bsn in stored}
    upload = run_ingest("occupancy", write_csv(tmp_path / "first.csv", OCCUPANCY_HEADER, _rows(first, refs)))
    assert upload.status == UploadStatus.DONE, upload.errors
    _assert_derived_as_the_rules_say(first)

    calls = []
    original = derive.derive_for_new_persons
    monkeypatch.setattr(derive, "derive_for_new_persons", lambda: calls.append(original()) or calls[-1])
    upload = run_ingest("occupancy", write_csv(tmp_path / "all.csv", OCCUPANCY_HEADER, _rows(plan, refs)))
    assert upload.status == UploadStatus.DONE, upload.errors
    assert calls == [PERSONS - len(stored)]  # the persons stored by the first file are not new
    _assert_derived_as_the_rules_say(plan)

    # The same file again finds nothing to change.
    before = sorted(ResidenceEpisode.objects.values_list("id", "spell_start"))
    upload = run_ingest("occupancy", write_csv(tmp_path / "again.csv", OCCUPANCY_HEADER, _rows(plan, refs)))
    assert (upload.created, upload.updated) == (0, 0)
    assert sorted(ResidenceEpisode.objects.values_list("id", "spell_start")) == before


def test_a_person_stored_meanwhile_is_derived_from_the_stored_episodes(tmp_path, municipality_a, monkeypatch):
    """When a new person turns out to be stored by the time of the upsert (a concurrent ingest), the step after
    the upsert derives every staged person again: the date written by the other ingest does not survive."""
    rng = random.Random(31)
    refs = [LocationFactory(municipality=municipality_a).ref for _ in range(8)]
    plan = _plan(rng)
    original = derive.derive_for_new_persons
    late = next(bsn for bsn, periods in plan.items() if rules.registration_due(periods) is not None)

    def meanwhile() -> int:
        new = original()
        Person.objects.create(pseudonym=pseudonymise_bsn(late, PSEUDONYM_DOMAIN), registration_due=None)
        return new

    monkeypatch.setattr(derive, "derive_for_new_persons", meanwhile)
    upload = run_ingest("occupancy", write_csv(tmp_path / "all.csv", OCCUPANCY_HEADER, _rows(plan, refs)))
    assert upload.status == UploadStatus.DONE, upload.errors
    _assert_derived_as_the_rules_say(plan)
    assert Person.objects.get(pseudonym=pseudonymise_bsn(late, PSEUDONYM_DOMAIN)).registration_due == (
        rules.registration_due(plan[late])
    )
