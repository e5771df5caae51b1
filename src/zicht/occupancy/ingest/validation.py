"""Row checks for occupancy lists and BRP extracts: each good row becomes one staging record, each bad cell an error.

Lookups (locations, municipalities, organisations) are read once per file; addresses once per chunk of rows, so
memory does not grow with the file. A BSN is validated and pseudonymised here and never leaves this module: error
messages name the row and column, and any other echoed value has nine-digit numbers redacted.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from zicht.core.privacy.logging import redact_person_numbers
from zicht.core.privacy.pseudonyms import InvalidPersonNumber, pseudonymise_bsn
from zicht.geography.models import Municipality
from zicht.geography.validators import normalise_municipality_code
from zicht.housing.models import Location
from zicht.parties.models import Organisation

PSEUDONYM_DOMAIN = "person"
OCCUPANCY_COLUMNS = ("bsn", "location_ref", "from", "to", "work_municipality", "employer_kvk", "agency_kvk")
BRP_COLUMNS = ("bsn", "registration", "municipality", "postcode", "house_number", "from", "to")
COLUMNS = {"occupancy": OCCUPANCY_COLUMNS, "brp": BRP_COLUMNS}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KVK_RE = re.compile(r"^\d{8}$")
STORED_ERRORS = 1000
KNOWN_VALUES = 100_000


def shown(value: str) -> str:
    """A cell value as it may appear in an error message: short, and never a BSN."""
    return redact_person_numbers(value[:40])


@dataclass
class ErrorLog:
    """Every error counted; the first STORED_ERRORS kept (in row order) for the report."""

    count: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, row: int, column: str, reason: str) -> None:
        self.count += 1
        if len(self.errors) < STORED_ERRORS:
            self.errors.append({"row": row, "field": column, "reason": str(reason)})

    def merge(self, more: Sequence[dict], more_count: int) -> None:
        """Add errors found later (e.g. duplicates), keeping the stored ones the first by row."""
        self.count += more_count
        self.errors = sorted([*self.errors, *more], key=lambda error: error["row"])[:STORED_ERRORS]


@dataclass
class Lookups:
    municipalities: dict[str, int]
    organisations: dict[str, int]
    # ref -> (location id, municipality id, neighbourhood id, operated/owned/registered by the uploading party)
    locations: dict[str, tuple[int, int, int | None, bool]]
    allowed_municipality_ids: set[int] | None
    organisation_id: int | None


def load_lookups(kind: str, *, organisation_id: int | None, allowed_municipality_ids: set[int] | None) -> Lookups:
    """Everything a file's rows may refer to, read in a few queries before the first row."""
    locations: dict[str, tuple[int, int, int | None, bool]] = {}
    if kind == "occupancy":
        # The location's own neighbourhood, else its address's: a location entered without one still counts
        # in the neighbourhood indicators.
        rows = Location.objects.annotate(buurt=Coalesce("neighbourhood_id", "address__neighbourhood_id")).values_list(
            "ref", "pk", "municipality_id", "buurt", "operator_id", "owner_id", "registered_by_id"
        )
        for ref, pk, municipality_id, neighbourhood_id, *parties in rows.iterator(chunk_size=5000):
            locations[ref] = (pk, municipality_id, neighbourhood_id, organisation_id in parties)
    organisations: dict[str, int] = {}
    for kvk, pk in Organisation.objects.exclude(kvk_number="").order_by("-pk").values_list("kvk_number", "pk"):
        organisations[kvk] = pk  # ordered newest first, so the oldest organisation with a KvK number wins
    return Lookups(
        municipalities=dict(Municipality.objects.values_list("code", "pk")),
        organisations=organisations,
        locations=locations,
        allowed_municipality_ids=allowed_municipality_ids,
        organisation_id=organisation_id,
    )


def header_error(kind: str, header: Sequence[str]) -> str | None:
    """A message when the header is not exactly the contract's columns (in any order), else None."""
    wanted = COLUMNS[kind]
    named = [column.strip().lower() for column in header if column.strip()]
    missing = [column for column in wanted if column not in named]
    unknown = [column for column in named if column not in wanted]
    doubled = sorted({column for column in named if named.count(column) > 1})
    problems = []
    if missing:
        problems.append(_("ontbrekende kolom(men): %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("onbekende kolom(men): %(columns)s") % {"columns": ", ".join(shown(c) for c in unknown)})
    if doubled:
        problems.append(_("dubbele kolom(men): %(columns)s") % {"columns": ", ".join(doubled)})
    if not problems:
        return None
    return _("Verkeerde kopregel: %(problems)s. De kopregel moet zijn: %(header)s") % {
        "problems": "; ".join(problems),
        "header": ",".join(wanted),
    }


class RowChecker:
    """Checks one kind of row; `check` returns the staging record or None (after adding the row's errors)."""

    def __init__(self, lookups: Lookups, errors: ErrorLog, header: Sequence[str]):
        self.lookups = lookups
        self.errors = errors
        # The file's own spelling of each contract column (the header match is case-insensitive).
        self.column = {column.strip().lower(): column for column in header if column.strip()}
        # Good values seen before (a file repeats few dates, codes and KvK numbers): a dict hit instead of parsing.
        self.known: dict[tuple[str, str], object] = {}

    def cell(self, values: dict[str, str], name: str) -> str:
        return (values.get(self.column.get(name, name)) or "").strip()

    def remember(self, key: tuple[str, str], value):
        if len(self.known) >= KNOWN_VALUES:
            self.known.clear()  # memory stays bounded whatever the file
        self.known[key] = value
        return value

    def structure(self, number: int, values: dict[str, str]) -> bool:
        if "__extra__" in values:
            self.errors.add(number, "", _("Deze rij heeft meer cellen dan de kopregel."))
            return False
        if "__not_object__" in values:
            self.errors.add(number, "", _("Dit element is geen object."))
            return False
        if "__keys__" in values:
            self.errors.add(number, "", _("Dit object heeft andere sleutels dan het eerste object."))
            return False
        return True

    def pseudonym(self, number: int, values: dict[str, str]) -> str | None:
        raw = self.cell(values, "bsn")
        if not raw:
            self.errors.add(number, "bsn", _("Het BSN ontbreekt."))
            return None
        try:
            return pseudonymise_bsn(raw, PSEUDONYM_DOMAIN)
        except InvalidPersonNumber:
            self.errors.add(number, "bsn", _("Geen geldig BSN (elfproef)."))
            return None

    def date(self, number: int, values: dict[str, str], name: str, *, required: bool) -> datetime.date | bool | None:
        """The date, None when empty and optional, False after adding an error."""
        raw = self.cell(values, name)
        if not raw:
            if required:
                self.errors.add(number, name, _("Verplicht: een datum als JJJJ-MM-DD."))
                return False
            return None
        known = self.known.get(("date", raw))
        if known is not None:
            return known
        try:
            if not DATE_RE.match(raw):
                raise ValueError
            return self.remember(("date", raw), datetime.date.fromisoformat(raw))
        except ValueError:
            self.errors.add(number, name, _("Geen datum als JJJJ-MM-DD: %(value)s") % {"value": shown(raw)})
            return False

    def period(self, number: int, values: dict[str, str]):
        start = self.date(number, values, "from", required=True)
        end = self.date(number, values, "to", required=False)
        if start is False or end is False:
            return False, False
        if end is not None and end < start:
            self.errors.add(number, "to", _("De einddatum ligt vóór de begindatum."))
            return False, False
        return start, end

    def municipality(self, number: int, values: dict[str, str], name: str) -> tuple[str, int] | bool | None:
        """(code, id), None when empty, False after adding an error."""
        raw = self.cell(values, name)
        if not raw:
            return None
        known = self.known.get(("municipality", raw))
        if known is not None:
            return known
        code = normalise_municipality_code(raw)
        pk = self.lookups.municipalities.get(code) if code else None
        if pk is None:
            self.errors.add(number, name, _("Onbekende gemeentecode %(code)s.") % {"code": shown(raw)})
            return False
        return self.remember(("municipality", raw), (code, pk))

    def organisation(self, number: int, values: dict[str, str], name: str) -> tuple[str, int] | bool | None:
        raw = self.cell(values, name)
        if not raw:
            return None
        known = self.known.get(("organisation", raw))
        if known is not None:
            return known
        kvk = raw.replace(" ", "").replace(".", "")
        if not KVK_RE.match(kvk):
            self.errors.add(number, name, _("Geen KvK-nummer (8 cijfers): %(value)s") % {"value": shown(raw)})
            return False
        pk = self.lookups.organisations.get(kvk)
        if pk is None:
            self.errors.add(
                number, name, _("Onbekend KvK-nummer %(kvk)s: de organisatie is niet bekend in Zicht.") % {"kvk": kvk}
            )
            return False
        return self.remember(("organisation", raw), (kvk, pk))

    def in_scope(self, number: int, name: str, municipality_id: int) -> bool:
        allowed = self.lookups.allowed_municipality_ids
        if allowed is not None and municipality_id not in allowed:
            self.errors.add(number, name, _("Deze rij hoort bij een gemeente buiten uw bevoegdheid."))
            return False
        return True
