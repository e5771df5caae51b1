"""Loading the demo neighbourhood plans of Deventer and their measures through the neighbourhoods services.

Idempotent like the rest of the demo: a plan is found again by municipality and name, a measure by plan and title;
the services (which write audit events) are only called for what is new or differs from the files.
"""

from __future__ import annotations

import datetime
from typing import Any

from zicht.geography.models import District, Municipality, Neighbourhood
from zicht.neighbourhoods import services
from zicht.neighbourhoods.models import NeighbourhoodPlan, PlanMeasure

from .loading import CREATED, UNCHANGED, UPDATED, Tally, parse_date, read_rows

PLANS_FILE = "neighbourhood_plans.csv"
MEASURES_FILE = "plan_measures.csv"
PLAN_FIELDS = ("district", "status", "summary", "adopted_on", "starts_on", "ends_on")
MEASURE_FIELDS = ("kind", "owner", "status", "starts_on", "ends_on", "note")


def _date(text: str) -> datetime.date | None:
    return parse_date(text) if text.strip() else None


def _differs(obj, values: dict[str, Any]) -> bool:
    return any(getattr(obj, name) != value for name, value in values.items())


def _load_plan(row: dict, tally: Tally) -> NeighbourhoodPlan:
    municipality = Municipality.objects.get(code=row["municipality_code"])
    codes = row["neighbourhood_codes"].split()
    neighbourhoods = list(Neighbourhood.objects.filter(code__in=codes).order_by("code"))
    if len(neighbourhoods) != len(codes):
        raise ValueError(f"{PLANS_FILE}: {row['name']}: unknown neighbourhood in {row['neighbourhood_codes']!r}")
    values = {
        "district": District.objects.get(code=row["district_code"]) if row["district_code"] else None,
        "status": row["status"],
        "summary": row["summary"],
        "adopted_on": _date(row["adopted_on"]),
        "starts_on": _date(row["starts_on"]),
        "ends_on": _date(row["ends_on"]),
    }
    label = NeighbourhoodPlan._meta.label_lower
    plan = NeighbourhoodPlan.objects.filter(municipality=municipality, name=row["name"]).first()
    if plan is None:
        plan = services.plan_create(
            municipality=municipality, name=row["name"], neighbourhoods=neighbourhoods, **values
        )
        tally.add(label, CREATED)
        return plan
    changed = {name: value for name, value in values.items() if getattr(plan, name) != value}
    current = set(plan.neighbourhoods.values_list("pk", flat=True))
    other_neighbourhoods = current != {item.pk for item in neighbourhoods}
    if changed or other_neighbourhoods:
        services.plan_update(plan=plan, data=changed, neighbourhoods=neighbourhoods if other_neighbourhoods else None)
    tally.add(label, UPDATED if changed or other_neighbourhoods else UNCHANGED)
    return plan


def _load_measure(plan: NeighbourhoodPlan, row: dict, tally: Tally) -> None:
    values = {
        "kind": row["kind"],
        "owner": row["owner"],
        "status": row["status"],
        "starts_on": _date(row["starts_on"]),
        "ends_on": _date(row["ends_on"]),
        "note": row["note"],
    }
    label = PlanMeasure._meta.label_lower
    measure = PlanMeasure.objects.filter(plan=plan, title=row["title"]).first()
    if measure is not None and not _differs(measure, values):
        tally.add(label, UNCHANGED)
        return
    services.measure_save(plan=plan, title=row["title"], measure=measure, **values)
    tally.add(label, CREATED if measure is None else UPDATED)


def load_plans(tally: Tally | None = None) -> Tally:
    """Deventer's first two neighbourhood plans (Rivierenwijk, Voorstad) with their measures; needs the geography."""
    tally = tally or Tally()
    plans = {row["name"]: _load_plan(row, tally) for row in read_rows(PLANS_FILE)}
    for row in read_rows(MEASURES_FILE):
        if row["plan"] not in plans:
            raise ValueError(f"{MEASURES_FILE}: {row['title']}: no plan named {row['plan']!r} in {PLANS_FILE}")
        _load_measure(plans[row["plan"]], row, tally)
    return tally
