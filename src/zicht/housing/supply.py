"""The supply of places (aanbod) per municipality, region, province or the whole country (DOMAIN §3.1, §3.4).

Definitions, all on the locations' current status and stored norm verdict:
- existing capacity: the beds (`capacity_beds`) of locations in use;
- planned capacity: the beds of locations with a planned status (initiative, permit requested, permitted), by the
  year of their expected delivery; a planned location without that date counts under "year unknown";
- capacity below norm (replacement demand): the beds of locations in use whose norm verdict is "fail";
- unknown norm: the beds of locations in use that have not been assessed; shown apart, never counted as fine.
Closed locations count nowhere. Everything is summed by the database. The areas are zicht.geography.areas'; a location
counts in the areas of its municipality, and in a neighbourhood when it is placed in it. The forecasting app (need vs supply) reads
`supply_by_stay_type` and `planned_by_year` for an `Area` it resolves there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from zicht.geography.areas import Area
from zicht.geography.models import Municipality

from .choices import PLANNED_STATUSES, LocationStatus, NormVerdict, StayType
from .models import Location


@dataclass(frozen=True)
class SupplyRow:
    """Beds per stay type (or in total, `stay_type` None): in use, planned, in use below norm, in use unassessed."""

    stay_type: str | None
    existing: int = 0
    planned_total: int = 0
    below_norm: int = 0
    unknown_norm: int = 0

    @property
    def label(self) -> str:
        return str(StayType(self.stay_type).label) if self.stay_type else _("Totaal")


# The lookups (on Location) that pick each figure's locations; the sums are of their capacity_beds.
FIGURES: dict[str, dict[str, object]] = {
    "existing": {"status": LocationStatus.IN_USE},
    "planned_total": {"status__in": PLANNED_STATUSES},
    "below_norm": {"status": LocationStatus.IN_USE, "norm_verdict": NormVerdict.FAIL},
    "unknown_norm": {"status": LocationStatus.IN_USE, "norm_verdict": NormVerdict.UNKNOWN},
}


def _figures(prefix: str = "") -> dict[str, Coalesce]:
    """One Sum per figure, over Location itself or over the locations at lookup `prefix` (e.g. "locations__")."""
    return {
        name: Coalesce(
            Sum(f"{prefix}capacity_beds", filter=Q(**{f"{prefix}{key}": value for key, value in lookups.items()})), 0
        )
        for name, lookups in FIGURES.items()
    }


def locations_in(area: Area) -> QuerySet[Location]:
    """The locations of `area`: those of its municipalities, of a neighbourhood or district only those placed in it."""
    locations = Location.objects.filter(area.municipality_q("municipality"))
    return locations.filter(neighbourhood_id__in=area.neighbourhood_ids) if area.within_municipality else locations


def supply_by_stay_type(area: Area) -> list[SupplyRow]:
    """Beds per stay type in `area` (every stay type, zeros included), with a total row last."""
    sums = {
        row.pop("stay_type"): row for row in locations_in(area).values("stay_type").annotate(**_figures()).order_by()
    }
    rows = [SupplyRow(stay_type=value, **sums.get(value, {})) for value in StayType.values]
    total = SupplyRow(None, **{field: sum(getattr(row, field) for row in rows) for field in FIGURES})
    return [*rows, total]


def planned_by_year(area: Area) -> dict[int | None, dict[str, int]]:
    """Planned beds in `area` by year of expected delivery (None: no date yet, last), then by stay type."""
    sums = (
        locations_in(area)
        .filter(status__in=PLANNED_STATUSES)
        .annotate(year=ExtractYear("expected_delivery"))
        .values("year", "stay_type")
        .annotate(beds=Coalesce(Sum("capacity_beds"), 0))
        .order_by()
    )
    years: dict[int | None, dict[str, int]] = {}
    for row in sums:
        years.setdefault(row["year"], dict.fromkeys(StayType.values, 0))[row["stay_type"]] = row["beds"]
    return dict(sorted(years.items(), key=lambda item: (item[0] is None, item[0] or 0)))


MUNICIPALITY_SORTS = ("name", "code", "existing", "planned_total", "below_norm", "unknown_norm")


def supply_by_municipality(area: Area, sort: str = "name") -> QuerySet[Municipality]:
    """Each member municipality of `area` with existing, planned, below-norm and unknown-norm beds, sorted by `sort`."""
    field = sort.removeprefix("-")
    if field not in MUNICIPALITY_SORTS:
        field, sort = "name", "name"
    order = F(field).desc() if sort.startswith("-") else F(field).asc()
    return area.municipalities().annotate(**_figures("locations__")).order_by(order, "name", "code")
