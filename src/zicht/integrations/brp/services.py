"""From a BRP bewoning answer to pseudonymous residence rows that a later ingest may load (nothing is written here)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import BrpClients, get_clients
from .client import BAG_OBJECT_ID
from .errors import BrpNotConfigured
from .records import Occupancy

ONE_DAY = datetime.timedelta(days=1)
# BAG object type in positions 5-6 of an identification: 01 verblijfsobject, 02 ligplaats, 03 standplaats
# (20 is a nummeraanduiding, which BRP bewoning does not accept).
ADDRESSABLE_OBJECT_TYPES = {"01", "02", "03"}


@dataclass(frozen=True, slots=True)
class ResidenceRow:
    """A person (pseudonym) at an address from `start` to `end`, both inclusive as in Zicht's episodes."""

    pseudonym: str
    address_id: int | None
    start: datetime.date
    end: datetime.date
    certain: bool  # False for a "mogelijke bewoner": the BRP cannot say for sure (unknown dates)

    @property
    def place_key(self) -> str:
        return f"A{self.address_id}"


def addressable_object_id(address, bag_object_id: str | None = None) -> str:
    """The adresseerbaar object id to ask about: the one given, else the address's BAG id if it is one."""
    candidate = bag_object_id or getattr(address, "bag_id", "") or ""
    if bag_object_id is None and candidate[4:6] not in ADDRESSABLE_OBJECT_TYPES:
        raise ValueError("the address has no adresseerbaar object id (a nummeraanduiding id is not accepted)")
    if not BAG_OBJECT_ID.match(candidate):
        raise ValueError("an adresseerbaar object id is 16 digits (not all zeros)")
    return candidate


def _rows(occupancies: list[Occupancy], address_id: int | None) -> list[ResidenceRow]:
    rows: list[ResidenceRow] = []
    for occupancy in sorted(occupancies, key=lambda o: o.period_start):
        last_day = occupancy.period_end - ONE_DAY  # the API's period end is exclusive
        for certain, people in ((True, occupancy.bewoners), (False, occupancy.mogelijke_bewoners)):
            for occupant in people:
                rows.append(ResidenceRow(occupant.pseudonym, address_id, occupancy.period_start, last_day, certain))
    return _merge_adjoining(rows)


def _merge_adjoining(rows: list[ResidenceRow]) -> list[ResidenceRow]:
    # The API splits a period at every change in the composition; one person's stay should stay one row.
    merged: dict[tuple[str, bool], list[ResidenceRow]] = {}
    for row in sorted(rows, key=lambda r: (r.pseudonym, not r.certain, r.start)):
        runs = merged.setdefault((row.pseudonym, row.certain), [])
        if runs and row.start <= runs[-1].end + ONE_DAY:
            last = runs[-1]
            runs[-1] = ResidenceRow(last.pseudonym, last.address_id, last.start, max(last.end, row.end), last.certain)
        else:
            runs.append(row)
    return [row for runs in merged.values() for row in runs]


def occupants_as_residence_rows(
    address,
    on: datetime.date,
    *,
    until: datetime.date | None = None,
    bag_object_id: str | None = None,
    clients: BrpClients | None = None,
) -> list[ResidenceRow]:
    """Pseudonymous residence rows of the BRP occupants of `address` on `on` (or from `on` to `until` inclusive)."""
    clients = clients or get_clients()
    if clients is None or clients.bewoning is None:
        raise BrpNotConfigured("BRP bewoning is not configured (ZICHT_BRP_BEWONING_URL)")
    object_id = addressable_object_id(address, bag_object_id)
    address_id = getattr(address, "pk", None)
    if until is None:
        return _rows([clients.bewoning.occupants(object_id, on)], address_id)
    if until < on:
        raise ValueError("until lies before on")
    return _rows(clients.bewoning.occupancy_between(object_id, on, until + ONE_DAY), address_id)
