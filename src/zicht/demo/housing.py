"""Loading the demo housing register: about sixty invented locations in Overijssel and Rivierenland.

Locations are created through the housing services, so each has its status history and stored norm verdict as a
registered location would. Like the rest of the demo, a second run finds every row by its natural key, compares
before writing and so changes nothing and writes no audit events.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from zicht.geography.models import Address, Municipality, Neighbourhood
from zicht.geography.validators import normalise_postcode
from zicht.housing import services, workflow
from zicht.housing.choices import LocationStatus
from zicht.housing.models import Location, LocationStatusChange, Unit
from zicht.parties.models import Organisation

from .loading import CREATED, UNCHANGED, UPDATED, Tally, parse_bool, upsert
from .loading import read_rows as rows

LOCATIONS_FILE = "locations.csv"
HISTORY_FILE = "location_history.csv"
UNITS_FILE = "location_units.csv"
COORDINATE = Decimal("0.000001")
DECIMAL_FIELDS = ("floor_area_m2", "bedroom_area_m2")
INTEGER_FIELDS = ("bedrooms", "toilets", "showers", "cooking_points", "fridge_litres")
DATE_FIELDS = (
    "status_since",
    "in_use_since",
    "expected_delivery",
    "permit_granted_on",
    "permit_valid_until",
    "certificate_valid_until",
)
TEXT_FIELDS = (
    "name",
    "form",
    "stay_type",
    "status",
    "permit_reference",
    "certificate_scheme",
    "certificate_number",
    "notes",
)
ORGANISATION_FIELDS = {"operator": "operator_kvk", "owner": "owner_kvk", "registered_by": "registered_by_kvk"}
# With units, a location's beds and figures are their sums (services.location_refresh_totals).
FOLLOW_UNITS = frozenset({"capacity_beds", *DECIMAL_FIELDS, *INTEGER_FIELDS})


@dataclass(frozen=True)
class Step:
    from_status: str
    to_status: str
    on: datetime.date
    note: str


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


def _integer(text: str) -> int | None:
    return int(text) if text.strip() else None


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text.strip()) if text.strip() else None


def _address(row: dict, municipality: Municipality, neighbourhood: Neighbourhood | None, tally: Tally):
    """The row's address, created when it is not stored yet."""
    postcode = normalise_postcode(row["postcode"])
    if postcode is None:
        raise ValueError(f"{LOCATIONS_FILE}: {row['ref']}: {row['postcode']!r} is not a postcode")
    key = {
        "postcode": postcode,
        "house_number": int(row["house_number"]),
        "house_letter": row["house_letter"],
        "addition": row["addition"],
    }
    stored = Address.objects.filter(**key).first()
    if stored is not None:
        # An address already stored (addresses.csv, an import) keeps its own values; the row only names it.
        if stored.municipality_id != municipality.pk:
            raise ValueError(f"{LOCATIONS_FILE}: {row['ref']}: the address lies in {stored.municipality}")
        tally.add(Address._meta.label_lower, UNCHANGED)
        return stored
    values = {
        "street": row["street"],
        "city": row["city"],
        "municipality": municipality,
        "neighbourhood": neighbourhood,
        "lat": Decimal(row["lat"]).quantize(COORDINATE),
        "lon": Decimal(row["lon"]).quantize(COORDINATE),
    }
    return upsert(Address, key, values, tally)


def _values(row: dict, lookups: dict, tally: Tally) -> dict[str, Any]:
    """The Location fields of one row of locations.csv."""
    municipality = lookups["municipalities"][row["municipality_code"]]
    neighbourhood = lookups["neighbourhoods"][row["neighbourhood_code"]] if row["neighbourhood_code"] else None
    address = _address(row, municipality, neighbourhood, tally) if row["postcode"] else None
    values: dict[str, Any] = {name: row[name] for name in TEXT_FIELDS}
    values.update({name: _date(row[name]) for name in DATE_FIELDS})
    values.update({name: _decimal(row[name]) for name in DECIMAL_FIELDS})
    values.update({name: _integer(row[name]) for name in INTEGER_FIELDS})
    values.update({field: lookups["organisations"].get(row[column]) for field, column in ORGANISATION_FIELDS.items()})
    for field, column in ORGANISATION_FIELDS.items():
        if row[column] and values[field] is None:
            raise ValueError(f"{LOCATIONS_FILE}: {row['ref']}: no organisation with KvK number {row[column]}")
    values.update(
        {
            "municipality": municipality,
            "neighbourhood": neighbourhood or (address.neighbourhood if address else None),
            "address": address,
            "lat": Decimal(row["lat"]).quantize(COORDINATE) if row["lat"] else None,
            "lon": Decimal(row["lon"]).quantize(COORDINATE) if row["lon"] else None,
            "capacity_beds": int(row["capacity_beds"]),
            "two_per_bedroom_agreed": parse_bool(row["two_per_bedroom_agreed"]),
        }
    )
    return values


def _check(ref: str, values: dict, steps: list[Step]) -> None:
    """The history must be a path of the workflow that ends where locations.csv says the location is."""
    if values["status"] == LocationStatus.IN_USE and values["in_use_since"] is None:
        raise ValueError(f"{LOCATIONS_FILE}: {ref}: a location in use needs in_use_since")
    if not steps:
        return
    if steps[0].from_status or any(
        b.from_status != a.to_status or not workflow.LIFECYCLE.may_transition(a.to_status, b.to_status) or b.on < a.on
        for a, b in itertools.pairwise(steps)
    ):
        raise ValueError(f"{HISTORY_FILE}: {ref}: the steps do not follow the workflow in date order")
    if (steps[-1].to_status, steps[-1].on) != (values["status"], values["status_since"]):
        raise ValueError(f"{HISTORY_FILE}: {ref}: the last step is not the status in {LOCATIONS_FILE}")
    in_use = [step.on for step in steps if step.to_status == LocationStatus.IN_USE]
    if in_use and min(in_use) != values["in_use_since"]:
        raise ValueError(f"{HISTORY_FILE}: {ref}: in_use_since is not the first day in use")


def _differs(location: Location, name: str, value: Any) -> bool:
    field = location._meta.get_field(name)
    if field.is_relation:
        return getattr(location, field.attname) != (value.pk if value is not None else None)
    return getattr(location, name) != value


def _load_location(values: dict, steps: list[Step], has_units: bool, tally: Tally) -> Location:
    ref = values["ref"]
    location = Location.objects.filter(ref=ref).first()
    created = location is None
    if created:
        first = dict(values)
        if steps:
            # Registered with the first status of its history; the later steps follow below and date the first
            # day in use themselves, unless the location was registered as already in use.
            in_use_since = values["in_use_since"] if steps[0].to_status == LocationStatus.IN_USE else None
            first.update(status=steps[0].to_status, status_since=steps[0].on, in_use_since=in_use_since)
        location = services.location_create(by=None, data=first, on=first["status_since"], check=False)
        tally.add(Location._meta.label_lower, CREATED)
    history_label = LocationStatusChange._meta.label_lower
    if steps and location.status_history.count() == 1 and location.status == steps[0].to_status:
        for step in steps[1:]:
            data = {"status": step.to_status, "status_since": step.on}
            services.location_update(location=location, by=None, data=data, check=False, note=step.note)
        tally.add(history_label, CREATED, len(steps) - 1)
    wanted = {name: value for name, value in values.items() if not (has_units and name in FOLLOW_UNITS)}
    changed = {name: value for name, value in wanted.items() if _differs(location, name, value)}
    if changed:
        services.location_update(location=location, by=None, data=changed, check=False)
    if not created:
        tally.add(Location._meta.label_lower, UPDATED if changed else UNCHANGED)
    return location


def _load_units(location: Location, unit_rows: list[dict], tally: Tally) -> None:
    label = Unit._meta.label_lower
    before = tally.counts[label][CREATED] + tally.counts[label][UPDATED]
    for row in unit_rows:
        values: dict[str, Any] = {"beds": int(row["beds"])}
        values.update({name: _decimal(row[name]) for name in DECIMAL_FIELDS})
        values.update({name: _integer(row[name]) for name in INTEGER_FIELDS})
        upsert(Unit, {"location": location, "name": row["name"]}, values, tally)
    if tally.counts[label][CREATED] + tally.counts[label][UPDATED] != before:
        services.location_refresh_totals(location)


def _by(name: str, key: str) -> dict[str, list]:
    grouped = defaultdict(list)
    for row in rows(name):
        grouped[row[key]].append(row)
    return grouped


def load_locations(tally: Tally | None = None) -> Tally:
    """The demo locations with their addresses, dated history and units; needs geography and organisations."""
    tally = tally or Tally()
    lookups: dict[str, dict[str, models.Model]] = {
        "municipalities": {m.code: m for m in Municipality.objects.all()},
        "neighbourhoods": {n.code: n for n in Neighbourhood.objects.all()},
        "organisations": {o.kvk_number: o for o in Organisation.objects.exclude(kvk_number="")},
    }
    history = {
        ref: [Step(r["from_status"], r["to_status"], _date(r["on"]), r["note"]) for r in steps]
        for ref, steps in _by(HISTORY_FILE, "ref").items()
    }
    units = _by(UNITS_FILE, "ref")
    for row in rows(LOCATIONS_FILE):
        values = {"ref": row["ref"], **_values(row, lookups, tally)}
        steps = history.get(row["ref"], [])
        _check(row["ref"], values, steps)
        location = _load_location(values, steps, bool(units.get(row["ref"])), tally)
        if units.get(row["ref"]):
            _load_units(location, units[row["ref"]], tally)
    return tally
