"""The registration gap (§4.2): persons living in a municipality on a day, past the date their BRP registration
became due and not registered as resident on that day. Person-level: the caller scopes and audits every read."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from . import rules
from .choices import BrpRegistration
from .models import BrpEpisode, Person, ResidenceEpisode


def covering_q(on: datetime.date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def gap_persons(municipality_id: int, on: datetime.date) -> QuerySet[Person]:
    """The persons of the gap, ordered by the date their obligation started (longest overdue first)."""
    # IN-subqueries, evaluated once, rather than correlated EXISTS: SQLite would otherwise walk the municipality's
    # episodes once per person.
    living = ResidenceEpisode.objects.filter(covering_q(on), municipality_id=municipality_id).values("person_id")
    resident = BrpEpisode.objects.filter(covering_q(on), registration=BrpRegistration.RESIDENT).values("person_id")
    return (
        Person.objects.filter(pk__in=living, registration_due__lte=on)
        .exclude(pk__in=resident)
        .order_by("registration_due", "pk")
    )


@dataclass(frozen=True)
class GapRow:
    person_id: int
    pseudonym: str
    obligation_date: datetime.date
    days_present: int
    location_id: int | None
    location_name: str
    location_ref: str
    address: str

    @property
    def pseudonym_display(self) -> str:
        return f"P-{self.pseudonym[:12]}"

    @property
    def place(self) -> str:
        """The location as 'name (ref)', or the address when the person lives at a plain address."""
        if self.location_id:
            return f"{self.location_name} ({self.location_ref})"
        return self.address


class RegistrationGap:
    """The gap as a lazy, sliceable sequence (Django's Paginator can page it): one query for a page's persons and
    one for their residence episodes, whatever the page size."""

    def __init__(self, municipality_id: int, on: datetime.date):
        self.municipality_id = municipality_id
        self.on = on
        self.persons = gap_persons(municipality_id, on)

    def count(self) -> int:
        return self.persons.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self._rows(list(self.persons)))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(list(self.persons[index]))
        return self._rows([self.persons[index]])[0]

    def _rows(self, persons: list[Person]) -> list[GapRow]:
        window_start = self.on - datetime.timedelta(days=rules.WINDOW_DAYS - 1)
        episodes = (
            ResidenceEpisode.objects.filter(person__in=persons, start__lte=self.on)
            .filter(Q(end__isnull=True) | Q(end__gte=window_start))
            .select_related("location", "address")
            .order_by("start", "pk")
        )
        periods: dict[int, list] = defaultdict(list)
        current: dict[int, ResidenceEpisode] = {}
        for episode in episodes:
            periods[episode.person_id].append((episode.start, episode.end))
            covers = episode.end is None or episode.end >= self.on
            if covers and episode.municipality_id == self.municipality_id:
                current[episode.person_id] = episode
        rows = []
        for person in persons:
            episode = current.get(person.pk)
            location = episode.location if episode else None
            rows.append(
                GapRow(
                    person_id=person.pk,
                    pseudonym=person.pseudonym,
                    obligation_date=person.registration_due,
                    days_present=rules._present_in_window(rules.merge_periods(periods[person.pk]), self.on),
                    location_id=location.pk if location else None,
                    location_name=location.name if location else "",
                    location_ref=location.ref if location else "",
                    address=str(episode.address) if episode and episode.address_id else "",
                )
            )
        return rows


def registration_gap(municipality_id: int, on: datetime.date) -> RegistrationGap:
    """Persons living in the municipality on `on` who should be BRP-registered (§4.2) and are not: pseudonym,
    current location or address, days present in the 183 days up to `on`, and the date the obligation started."""
    return RegistrationGap(municipality_id, on)
