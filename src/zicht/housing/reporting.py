"""A location as plain data (JSON-ready): what `zicht location REF --format json` prints and reports build on.

One function builds the whole summary so later parts (occupancy, distribution) add keys in one place.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from . import selectors
from .models import Location
from .selectors import NormEvaluation

FIGURES = (
    "floor_area_m2",
    "bedrooms",
    "bedroom_area_m2",
    "toilets",
    "showers",
    "cooking_points",
    "fridge_litres",
)


def number(value: Decimal | int | float | None) -> int | float | None:
    """A Decimal as JSON shows it: a whole number as an int (15, not 15.00), otherwise a float."""
    if value is None or isinstance(value, int):
        return value
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _address(location: Location) -> dict[str, Any] | None:
    address = location.address
    if address is None:
        return None
    return {
        "street": address.street,
        "house_number": address.house_number,
        "house_letter": address.house_letter,
        "addition": address.addition,
        "postcode": address.postcode,
        "city": address.city,
        "text": str(address),
    }


def norm_summary(item: NormEvaluation) -> dict[str, Any]:
    """One norm set's verdict on the location, with each rule's figure, limit and the persons it allows."""
    evaluation = item.evaluation
    return {
        "norm_set": item.norm_set.code,
        "name": item.norm_set.name,
        "applicable": item.applicable,
        "version_valid_from": _date(evaluation.valid_from) if evaluation else None,
        "verdict": item.verdict,
        "norm_capacity": item.norm_capacity,
        "persons": evaluation.persons if evaluation else None,
        "rules": [
            {
                "kind": rule.kind,
                "figure": rule.figure,
                "figure_value": number(rule.figure_value),
                "limit": number(rule.limit),
                "max_persons": rule.max_persons,
                "verdict": rule.verdict,
            }
            for rule in (evaluation.rules if evaluation else ())
        ],
        "missing": list(evaluation.missing) if evaluation else [],
    }


def location_summary(location: Location, on: datetime.date) -> dict[str, Any]:
    """The location with its figures and its verdict under every norm set that can apply, on `on`."""
    norms = [norm_summary(item) for item in selectors.norm_evaluations(location, on)]
    applicable = next((norm for norm in norms if norm["applicable"]), None)
    operator = location.operator
    return {
        "ref": location.ref,
        "name": location.name,
        "date": on.isoformat(),
        "municipality": location.municipality.code,
        "municipality_name": location.municipality.name,
        "neighbourhood": location.neighbourhood.code if location.neighbourhood_id else None,
        "address": _address(location),
        "lat": number(location.lat),
        "lon": number(location.lon),
        "form": location.form,
        "stay_type": location.stay_type,
        "status": location.status,
        "status_since": _date(location.status_since),
        "in_use_since": _date(location.in_use_since),
        "operator": {"name": operator.name, "kvk": operator.kvk_number} if operator else None,
        "certificate": (
            {"scheme": location.certificate_scheme, "valid_until": _date(location.certificate_valid_until)}
            if location.certificate_scheme
            else None
        ),
        "capacity_beds": location.capacity_beds,
        "figures": {name: number(getattr(location, name)) for name in FIGURES},
        "applicable_norm_set": applicable["norm_set"] if applicable else None,
        "verdict": applicable["verdict"] if applicable else "unknown",
        "norm_capacity": applicable["norm_capacity"] if applicable else None,
        "norms": norms,
        **_occupancy(location, on),
    }


def _occupancy(location: Location, on: datetime.date) -> dict[str, Any]:
    """Residents and the 80-10-10 breakdown (§4.5) from the occupancy app: the one sanctioned cross-app read."""
    from zicht.occupancy.indicators import location_distribution

    distribution = location_distribution(location, on)
    return {
        "occupancy": distribution.residents,
        "distribution": {
            "residents": distribution.residents,
            "known": distribution.known,
            "same_municipality": distribution.same_municipality,
            "elsewhere_in_region": distribution.elsewhere_in_region,
            "outside_region": distribution.outside_region,
            "unknown": distribution.unknown,
            "verdict": str(distribution.verdict),
        },
    }
