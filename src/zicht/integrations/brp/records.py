"""What the adapters return: small typed records, parsed from the JSON answers, with BSNs already pseudonymised.

Only the fields Zicht needs are kept (data minimisation): no names, no dates of birth, no addresses beyond the
object that was asked about. A raw BSN is read from the answer, pseudonymised at once and dropped.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from zicht.core.privacy.pseudonyms import InvalidPersonNumber, pseudonymise_bsn

from .errors import BrpError

PERSON_DOMAIN = "person"  # one person across occupancy lists, BRP extracts and these adapters


@dataclass(frozen=True, slots=True)
class ResidentRecord:
    """A person registered at an address object (BRP bevragen, search by adresseerbaar object)."""

    pseudonym: str
    bag_object_id: str
    confidential: bool = False  # geheimhoudingPersoonsgegevens
    under_investigation: bool = False  # inOnderzoek present
    not_living_at_address: bool | None = None  # adressering.indicatieVastgesteldVerblijftNietOpAdres, if asked


@dataclass(frozen=True, slots=True)
class Occupant:
    """A (possible) occupant in a bewoning."""

    pseudonym: str
    confidential: bool = False
    under_investigation: bool = False


@dataclass(frozen=True, slots=True)
class Occupancy:
    """One composition of occupants of an address object over [period_start, period_end) (end exclusive)."""

    bag_object_id: str
    period_start: datetime.date
    period_end: datetime.date
    bewoners: list[Occupant] = field(default_factory=list)
    mogelijke_bewoners: list[Occupant] = field(default_factory=list)
    many_occupants: bool = False  # indicatieVeelBewoners: more than 100, the lists are then left out


def pseudonym_of(person: dict, status: int) -> str:
    """The pseudonym of the BSN in `person`; BrpError (without the number) when it is missing or invalid."""
    bsn = person.get("burgerservicenummer") if isinstance(person, dict) else None
    if not isinstance(bsn, str):
        raise BrpError(status, "Onverwacht antwoord", "a person without burgerservicenummer")
    try:
        return pseudonymise_bsn(bsn, PERSON_DOMAIN)
    except InvalidPersonNumber:
        raise BrpError(status, "Onverwacht antwoord", "a burgerservicenummer fails the eleven-test") from None


def _under_investigation(person: dict) -> bool:
    return bool(person.get("inOnderzoek"))


def resident_from(person: dict, bag_object_id: str, status: int) -> ResidentRecord:
    adressering = person.get("adressering") if isinstance(person.get("adressering"), dict) else {}
    not_living = adressering.get("indicatieVastgesteldVerblijftNietOpAdres")
    return ResidentRecord(
        pseudonym=pseudonym_of(person, status),
        bag_object_id=bag_object_id,
        confidential=bool(person.get("geheimhoudingPersoonsgegevens")),
        under_investigation=_under_investigation(person),
        not_living_at_address=bool(not_living) if not_living is not None else None,
    )


def occupant_from(person: dict, status: int) -> Occupant:
    return Occupant(
        pseudonym=pseudonym_of(person, status),
        confidential=bool(person.get("geheimhoudingPersoonsgegevens")),
        under_investigation=_under_investigation(person),
    )


def parse_date(value, status: int, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise BrpError(status, "Onverwacht antwoord", f"{name} is not an ISO date") from None


def occupancy_from(bewoning: dict, bag_object_id: str, status: int) -> Occupancy:
    if not isinstance(bewoning, dict):
        raise BrpError(status, "Onverwacht antwoord", "a bewoning is not an object")
    periode = bewoning.get("periode") or {}
    return Occupancy(
        bag_object_id=str(bewoning.get("adresseerbaarObjectIdentificatie") or bag_object_id),
        period_start=parse_date(periode.get("datumVan"), status, "periode.datumVan"),
        period_end=parse_date(periode.get("datumTot"), status, "periode.datumTot"),
        bewoners=[occupant_from(p, status) for p in bewoning.get("bewoners") or []],
        mogelijke_bewoners=[occupant_from(p, status) for p in bewoning.get("mogelijkeBewoners") or []],
        many_occupants=bool(bewoning.get("indicatieVeelBewoners")),
    )
