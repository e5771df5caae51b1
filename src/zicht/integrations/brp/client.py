"""Thin clients for Haal Centraal BRP bevragen (v2, POST /personen) and BRP bewoning (v2, POST /bewoningen).

Built from the published OpenAPI specifications (BRP-API/Haal-Centraal-BRP-bevragen 2.5.0,
BRP-API/Haal-Centraal-BRP-bewoning 2.x): request bodies use the spec's names; answers are parsed into the
records of `records.py` with every BSN pseudonymised at this boundary.
"""

from __future__ import annotations

import datetime
import re
import ssl
from collections.abc import Iterable

from .records import Occupancy, ResidentRecord, occupancy_from, resident_from
from .transport import JsonPoster

# The spec's AdresseerbaarObjectIdentificatieFilter: 16 digits, but not the default value of sixteen zeros.
BAG_OBJECT_ID = re.compile(r"^(?!0{16})[0-9]{16}$")

# Data minimisation: the only fields this client asks for. geheimhoudingPersoonsgegevens and inOnderzoek
# come with every answer without being asked (and may not be named in `fields`).
ALLOWED_FIELDS = frozenset({"burgerservicenummer", "adressering.indicatieVastgesteldVerblijftNietOpAdres"})
DEFAULT_FIELDS = ("burgerservicenummer",)


def _check_object_id(bag_object_id: str) -> str:
    value = str(bag_object_id or "")
    if not BAG_OBJECT_ID.match(value):
        raise ValueError("an adresseerbaar object id is 16 digits (not all zeros)")
    return value


class BrpBevragenClient:
    """BRP bevragen: who is registered at an address object now."""

    def __init__(
        self, base_url: str, api_key: str, timeout: float = 10.0, *, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self._http = JsonPoster(base_url, api_key, timeout, ssl_context)

    def __repr__(self) -> str:
        return f"BrpBevragenClient(base_url={self._http.base_url!r})"

    def persons_at_address(self, bag_object_id: str, fields: Iterable[str] = DEFAULT_FIELDS) -> list[ResidentRecord]:
        """Living persons registered at the address object, pseudonymised (ZoekMetAdresseerbaarObjectIdentificatie)."""
        object_id = _check_object_id(bag_object_id)
        wanted = list(dict.fromkeys(fields))
        if "burgerservicenummer" not in wanted:
            raise ValueError("fields must include burgerservicenummer")
        extra = set(wanted) - ALLOWED_FIELDS
        if extra:
            raise ValueError(f"fields not allowed (data minimisation): {', '.join(sorted(extra))}")
        answer = self._http.post(
            "/personen",
            {
                "type": "ZoekMetAdresseerbaarObjectIdentificatie",
                "adresseerbaarObjectIdentificatie": object_id,
                "fields": wanted,
            },
        )
        return [resident_from(person, object_id, 200) for person in answer.get("personen") or []]


class BrpBewoningClient:
    """BRP bewoning: who lived at an address object on a date or during a period."""

    def __init__(
        self, base_url: str, api_key: str, timeout: float = 10.0, *, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self._http = JsonPoster(base_url, api_key, timeout, ssl_context)

    def __repr__(self) -> str:
        return f"BrpBewoningClient(base_url={self._http.base_url!r})"

    def occupants(self, bag_object_id: str, on: datetime.date) -> Occupancy:
        """The (possible) occupants of the address object on `on` (BewoningMetPeildatum); empty lists if none."""
        object_id = _check_object_id(bag_object_id)
        answer = self._http.post(
            "/bewoningen",
            {
                "type": "BewoningMetPeildatum",
                "peildatum": on.isoformat(),
                "adresseerbaarObjectIdentificatie": object_id,
            },
        )
        found = [occupancy_from(item, object_id, 200) for item in answer.get("bewoningen") or []]
        if not found:
            # The API answers 200 with no bewoning for an object nobody lived at (or that the BRP does not know).
            return Occupancy(object_id, on, on + datetime.timedelta(days=1))
        # A peildatum gives one bewoning; should a server split it, the day's occupants are the union.
        first = found[0]
        return Occupancy(
            bag_object_id=first.bag_object_id,
            period_start=first.period_start,
            period_end=first.period_end,
            bewoners=_unique(o for item in found for o in item.bewoners),
            mogelijke_bewoners=_unique(o for item in found for o in item.mogelijke_bewoners),
            many_occupants=any(item.many_occupants for item in found),
        )

    def occupancy_between(self, bag_object_id: str, start: datetime.date, end: datetime.date) -> list[Occupancy]:
        """Each composition of occupants in [start, end) (BewoningMetPeriode; `end` exclusive as in the API)."""
        object_id = _check_object_id(bag_object_id)
        if end <= start:
            raise ValueError("the end of the period must lie after its start")
        answer = self._http.post(
            "/bewoningen",
            {
                "type": "BewoningMetPeriode",
                "datumVan": start.isoformat(),
                "datumTot": end.isoformat(),
                "adresseerbaarObjectIdentificatie": object_id,
            },
        )
        return [occupancy_from(item, object_id, 200) for item in answer.get("bewoningen") or []]


def _unique(occupants):
    seen: dict[str, object] = {}
    for occupant in occupants:
        seen.setdefault(occupant.pseudonym, occupant)
    return list(seen.values())
