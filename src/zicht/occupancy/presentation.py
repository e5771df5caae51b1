"""Indicators as a user may see them (DOMAIN §4.8): every count under the threshold suppressed unless the user is
the owning municipality's registration role; shares built on a suppressed count are withheld with a reason.

Region, province and country figures are always suppressed per cell: nobody owns an aggregate of several
municipalities. The unweighted mean of municipal shares is kept: it is a mean over municipalities, not a cell.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zicht.core.privacy.suppression import SuppressedCount, suppress
from zicht.core.scopes import owns_aggregates_of

from .estimates import EstimateRow
from .indicators import Indicators
from .rules import Distribution

WITHHELD_SMALL_NUMBERS = _("Niet getoond: berekend uit een aantal kleiner dan 5.")
# share key → (numerator, denominator) counts it is built from
SHARES = {
    "registration_rate": ("brp_registered", "living"),
    "working_in_residence_share": ("registered_working_in_residence", "registered_work_known"),
}


class Figures(dict):
    """A dict whose keys also read as attributes (`figures.living`, `row.area.name`), for views and templates."""

    def __getattr__(self, name: str) -> Any:
        try:
            value = self[name]
        except KeyError:
            raise AttributeError(name) from None
        return Figures(value) if isinstance(value, dict) and not isinstance(value, Figures) else value


def is_owner(indicators: Indicators, user) -> bool:
    """Whether `user` sees the exact small numbers of these indicators."""
    municipality_id = indicators.municipality_id
    return municipality_id is not None and owns_aggregates_of(user, municipality_id)


def suppressed(indicators: Indicators, user) -> Figures:
    """`indicators.as_dict()` with small counts as SuppressedCount ("< 5") and dependent shares set to None, plus
    `withheld` ({key: reason}) and `suppression_applied` (False for the owner). `estimates` holds EstimateRow
    objects (published figures, never suppressed); `jsonable()` turns the whole into JSON-ready data."""
    data = Figures(indicators.as_dict())
    data["estimates"] = list(indicators.estimates)
    owner = is_owner(indicators, user)
    data["suppression_applied"] = not owner
    data["withheld"] = {}
    if owner:
        return data
    counts = indicators.counts()
    for name in counts:
        if name in data:
            data[name] = suppress(data[name])
    data["stay_mix"] = {key: suppress(value) for key, value in data["stay_mix"].items()}
    data["registered_in_blocks"] = suppress(data["registered_in_blocks"])
    for key, (numerator, denominator) in SHARES.items():
        parts = (suppress(counts[numerator]), suppress(counts[denominator]))
        if any(isinstance(part, SuppressedCount) for part in parts):
            data[key] = None
            data["withheld"][key] = str(WITHHELD_SMALL_NUMBERS)
    if isinstance(suppress(counts["brp_registered"]), SuppressedCount) and data["registration_rate_interval"]:
        data["registration_rate_interval"] = None
        data["withheld"]["registration_rate_interval"] = str(WITHHELD_SMALL_NUMBERS)
    return data


def distribution_dict(distribution: Distribution, *, owner: bool) -> dict[str, Any]:
    """§4.5 for one location as JSON-ready data, counts suppressed unless `owner`; the verdict always shows."""
    counts = {
        "residents": distribution.residents,
        "known": distribution.known,
        "same_municipality": distribution.same_municipality,
        "elsewhere_in_region": distribution.elsewhere_in_region,
        "outside_region": distribution.outside_region,
        "unknown": distribution.unknown,
    }
    if not owner:
        counts = {key: suppress(value) for key, value in counts.items()}
    return {**counts, "verdict": distribution.verdict, "broken": list(distribution.broken)}


def jsonable(value: Any) -> Any:
    """Suppressed counts as {"value": null, "suppressed": true, "display": "< 5"}, recursively."""
    if isinstance(value, SuppressedCount):
        return value.as_json()
    if isinstance(value, EstimateRow):
        return value.as_dict()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    return value
