"""Checking one row of a location file: each cell parsed, every problem reported by row and column (in Dutch).

The import contract (`zicht import locations`, the upload page) is the header in COLUMNS; the cell values of
`form`, `stay_type` and `status` are the choice values of housing.choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from zicht.core.tabular import ImportReport
from zicht.geography.validators import normalise_municipality_code, normalise_postcode

from .choices import LocationForm, LocationStatus, StayType

COLUMNS = (
    "ref",
    "name",
    "municipality",
    "postcode",
    "house_number",
    "house_number_addition",
    "lat",
    "lon",
    "form",
    "stay_type",
    "status",
    "capacity_beds",
    "bedrooms",
    "floor_area_m2",
    "toilets",
    "showers",
    "operator_kvk",
)
REF_MAX_LENGTH = 64
NAME_MAX_LENGTH = 200
HOUSE_NUMBER_MAX = 99999
ADDITION_RE = re.compile(r"^[A-Za-z0-9]{1,4}$")
KVK_RE = re.compile(r"^\d{8}$")
INTEGER_RE = re.compile(r"^[+-]?\d+$", re.ASCII)
DIGITS_RE = re.compile(r"^\d+$", re.ASCII)
# Bounds of the Netherlands as the Location model's check constraint has them.
LAT_RANGE = (Decimal("50.7"), Decimal("53.7"))
LON_RANGE = (Decimal("3.2"), Decimal("7.3"))
COORDINATE_PLACES = Decimal("0.000001")
AREA_MAX = Decimal("99999999.9")


@dataclass
class ParsedLocationRow:
    """One valid row, ready to write: references resolved to rows of the database."""

    row: int
    ref: str
    name: str
    municipality: Any  # geography.Municipality
    postcode: str
    house_number: int | None
    addition: str
    lat: Decimal | None
    lon: Decimal | None
    form: str
    stay_type: str
    status: str
    capacity_beds: int
    bedrooms: int | None
    floor_area_m2: Decimal | None
    toilets: int | None
    showers: int | None
    operator: Any  # parties.Organisation or None

    @property
    def has_address(self) -> bool:
        return bool(self.postcode)


@dataclass
class Lookups:
    """What rows refer to, read once per file: municipalities by code, organisations by KvK, existing locations."""

    municipalities: dict  # code → Municipality
    organisations: dict  # kvk → Organisation
    existing: dict  # ref → Location (with municipality)
    addresses: dict  # (postcode, number, letter, addition) → Address
    allowed_municipality_ids: set[int] | None = None
    seen_refs: dict = field(default_factory=dict)  # ref → the row it first appeared on


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _choice(value: str) -> str:
    return re.sub(r"[\s-]+", "_", value.strip().lower())


class RowChecker:
    """Reads the cells of one row; each `_…` method adds a RowError (column = the file's header) when a cell is bad."""

    def __init__(self, number: int, values: dict, columns: dict[str, str], report: ImportReport):
        self.number, self.values, self.columns, self.report = number, values, columns, report

    def text(self, name: str) -> str:
        return (self.values.get(self.columns[name]) or "").strip()

    def error(self, name: str, reason: str) -> None:
        self.report.add(self.number, self.columns.get(name, name), reason)

    def required_text(self, name: str, max_length: int, empty: str, too_long: str) -> str:
        value = self.text(name)
        if not value:
            self.error(name, empty)
        elif len(value) > max_length:
            self.error(name, too_long % {"length": len(value), "max": max_length})
        return value

    def choice(self, name: str, choices: type, unknown: str) -> str:
        raw = self.text(name)
        value = _choice(raw)
        if value not in choices.values:
            names = ", ".join(choices.values)
            if not raw:
                self.error(name, _("Leeg; kies uit: %(choices)s") % {"choices": names})
            else:
                self.error(name, unknown % {"value": raw, "choices": names})
        return value

    def count(self, name: str, *, required: bool = False) -> int | None:
        raw = self.text(name)
        if not raw:
            if required:
                self.error(name, _("Leeg; vul een geheel getal in (0 of meer)"))
            return None
        if not INTEGER_RE.match(raw):
            self.error(name, _("%(value)r is geen geheel getal") % {"value": raw})
            return None
        value = int(raw)
        if value < 0:
            self.error(name, _("%(value)s is negatief; vul 0 of meer in") % {"value": raw})
            return None
        return value

    def area(self, name: str) -> Decimal | None:
        raw = self.text(name)
        if not raw:
            return None
        value = _decimal(raw)
        if value is None:
            self.error(name, _("%(value)r is geen getal") % {"value": raw})
        elif value < 0:
            self.error(name, _("%(value)s is negatief; vul 0 of meer in") % {"value": raw})
        elif value != value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP):
            self.error(name, _("%(value)s heeft meer dan één decimaal") % {"value": raw})
        elif value > AREA_MAX:
            self.error(name, _("%(value)s is te groot") % {"value": raw})
        else:
            return value.quantize(Decimal("0.1"))
        return None

    def coordinate(self, name: str, bounds: tuple[Decimal, Decimal], outside: str) -> Decimal | None:
        raw = self.text(name)
        if not raw:
            return None
        value = _decimal(raw)
        if value is None:
            self.error(name, _("%(value)r is geen getal") % {"value": raw})
        elif not bounds[0] <= value <= bounds[1]:
            self.error(name, outside % {"value": raw})
        else:
            return value.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)
        return None

    def coordinates(self) -> tuple[Decimal | None, Decimal | None]:
        lat = self.coordinate("lat", LAT_RANGE, _("De breedtegraad %(value)s ligt niet in Nederland (50,7 tot 53,7)"))
        lon = self.coordinate("lon", LON_RANGE, _("De lengtegraad %(value)s ligt niet in Nederland (3,2 tot 7,3)"))
        if self.text("lat") and not self.text("lon"):
            self.error("lon", _("Vul bij een breedtegraad ook de lengtegraad in"))
        if self.text("lon") and not self.text("lat"):
            self.error("lat", _("Vul bij een lengtegraad ook de breedtegraad in"))
        return lat, lon

    def municipality(self, lookups: Lookups):
        raw = self.text("municipality")
        code = normalise_municipality_code(raw)
        if code is None:
            self.error("municipality", _("%(value)r is geen gemeentecode (GM gevolgd door 4 cijfers)") % {"value": raw})
            return None
        municipality = lookups.municipalities.get(code)
        if municipality is None:
            self.error("municipality", _("Onbekende gemeente %(code)s") % {"code": code})
        elif lookups.allowed_municipality_ids is not None and municipality.pk not in lookups.allowed_municipality_ids:
            self.error(
                "municipality",
                _("%(name)s (%(code)s) ligt buiten uw gemeente") % {"name": municipality.name, "code": code},
            )
            return None
        return municipality

    def address(self) -> tuple[str, int | None, str]:
        raw_postcode, raw_number, addition = (
            self.text("postcode"),
            self.text("house_number"),
            self.text("house_number_addition"),
        )
        postcode = normalise_postcode(raw_postcode) if raw_postcode else ""
        if postcode is None:
            self.error(
                "postcode",
                _("%(value)r is geen postcode (4 cijfers en 2 letters, zoals 7411 AB)") % {"value": raw_postcode},
            )
        number = None
        if raw_number:
            number = int(raw_number) if DIGITS_RE.match(raw_number) else None
            if number is None or not 1 <= number <= HOUSE_NUMBER_MAX:
                self.error(
                    "house_number",
                    _("Het huisnummer moet een positief geheel getal zijn (1 tot en met 99999), niet %(value)r")
                    % {"value": raw_number},
                )
                number = None
        if raw_postcode and not raw_number:
            self.error("house_number", _("Vul bij een postcode ook het huisnummer in"))
        if raw_number and not raw_postcode:
            self.error("postcode", _("Vul bij een huisnummer ook de postcode in"))
        if addition and not ADDITION_RE.match(addition):
            self.error(
                "house_number_addition",
                _("Een huisnummertoevoeging is ten hoogste 4 letters of cijfers, niet %(value)r") % {"value": addition},
            )
        elif addition and not (raw_postcode and raw_number):
            self.error("house_number_addition", _("Een toevoeging hoort bij een postcode en huisnummer"))
        return postcode or "", number, addition.upper()

    def operator(self, lookups: Lookups):
        raw = self.text("operator_kvk")
        if not raw:
            return None
        kvk = re.sub(r"[\s.]", "", raw)
        if not KVK_RE.match(kvk):
            self.error("operator_kvk", _("%(value)r is geen KvK-nummer (8 cijfers)") % {"value": raw})
            return None
        organisation = lookups.organisations.get(kvk)
        if organisation is None:
            self.error("operator_kvk", _("Geen organisatie met KvK-nummer %(kvk)s") % {"kvk": kvk})
        return organisation


def check_row(number: int, values: dict, columns: dict[str, str], report: ImportReport, lookups: Lookups):
    """The row as a ParsedLocationRow, or None when any of its cells is wrong (each reported)."""
    errors_before = len(report.errors)
    cells = RowChecker(number, values, columns, report)
    ref = cells.required_text(
        "ref",
        REF_MAX_LENGTH,
        _("De referentie is leeg"),
        _("De referentie is %(length)d tekens lang; ten hoogste %(max)d"),
    )
    name = cells.required_text(
        "name", NAME_MAX_LENGTH, _("De naam is leeg"), _("De naam is %(length)d tekens lang; ten hoogste %(max)d")
    )
    if ref and ref in lookups.seen_refs:
        cells.error(
            "ref",
            _("Dubbel: referentie %(ref)s staat ook op rij %(row)d") % {"ref": ref, "row": lookups.seen_refs[ref]},
        )
    elif ref:
        lookups.seen_refs[ref] = number
    municipality = cells.municipality(lookups)
    existing = lookups.existing.get(ref)
    allowed = lookups.allowed_municipality_ids
    if existing is not None and allowed is not None and existing.municipality_id not in allowed:
        cells.error(
            "ref",
            _("Referentie %(ref)s hoort bij een locatie in %(name)s, buiten uw gemeente")
            % {"ref": ref, "name": existing.municipality.name},
        )
    postcode, house_number, addition = cells.address()
    lat, lon = cells.coordinates()
    row = ParsedLocationRow(
        row=number,
        ref=ref,
        name=name,
        municipality=municipality,
        postcode=postcode,
        house_number=house_number,
        addition=addition,
        lat=lat,
        lon=lon,
        form=cells.choice("form", LocationForm, _("Onbekende vorm %(value)r; kies uit: %(choices)s")),
        stay_type=cells.choice("stay_type", StayType, _("Onbekende verblijfsduur %(value)r; kies uit: %(choices)s")),
        status=cells.choice("status", LocationStatus, _("Onbekende status %(value)r; kies uit: %(choices)s")),
        capacity_beds=cells.count("capacity_beds", required=True),
        bedrooms=cells.count("bedrooms"),
        floor_area_m2=cells.area("floor_area_m2"),
        toilets=cells.count("toilets"),
        showers=cells.count("showers"),
        operator=cells.operator(lookups),
    )
    if extra := [cell for cell in values.get("__extra__", []) if cell.strip()]:
        cells.error("", _("%(count)d cel(len) meer dan de kopregel kolommen heeft") % {"count": len(extra)})
    if (values.get("") or "").strip():
        cells.error("", _("Een cel staat in een kolom zonder naam in de kopregel"))
    if len(report.errors) > errors_before:
        return None
    _check_known_address(cells, row, lookups)
    return None if len(report.errors) > errors_before else row


def _check_known_address(cells: RowChecker, row: ParsedLocationRow, lookups: Lookups) -> None:
    """An address already recorded in another municipality cannot be this location's address."""
    from zicht.geography.services import split_addition

    if not row.has_address:
        return
    letter, rest = split_addition(row.addition)
    address = lookups.addresses.get((row.postcode, row.house_number, letter, rest))
    if address is not None and address.municipality_id != row.municipality.pk:
        cells.error(
            "municipality",
            _("Het adres %(address)s ligt volgens de adresregistratie in %(name)s")
            % {"address": f"{row.postcode} {row.house_number}{row.addition}", "name": address.municipality.name},
        )
