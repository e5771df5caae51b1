"""Indicator snapshots per neighbourhood (buurt): the municipality SQL grouped by the residence episode's
neighbourhood (indicators_sql.area_counts), stored as IndicatorSnapshot rows of kind "neighbourhood".

A neighbourhood lies in one municipality, so it takes that municipality's policy (stay-mix thresholds) and "working
in the residence municipality" means working in that municipality. Residence episodes without a neighbourhood
count in their municipality only, so the neighbourhoods of a municipality sum to at most its own figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from zicht.geography.areas import AreaKind
from zicht.geography.models import Neighbourhood
from zicht.housing.choices import LocationStatus
from zicht.housing.models import Location

from . import indicators_sql
from .models import IndicatorSnapshot
from .snapshots import SNAPSHOT_COUNTS, _upsert_snapshots, counts_by_policy


def neighbourhood_counts(municipality_ids: Iterable[int], on: datetime.date) -> dict[int, dict[str, int]]:
    """Every SNAPSHOT_COUNTS figure per neighbourhood of the municipalities on `on` (zeros for an empty one)."""
    ids = sorted(set(municipality_ids))
    counted = counts_by_policy(ids, on, indicators_sql.neighbourhood_counts)
    # A location without its own neighbourhood lies in its address's, as at ingest.
    beds = dict(
        Location.objects.filter(municipality_id__in=ids, status=LocationStatus.IN_USE)
        .annotate(buurt=Coalesce("neighbourhood_id", "address__neighbourhood_id"))
        .exclude(buurt=None)
        .values("buurt")
        .annotate(beds=Sum("capacity_beds"))
        .values_list("buurt", "beds")
    )
    result = {}
    for neighbourhood_id in Neighbourhood.objects.filter(municipality_id__in=ids).values_list("pk", flat=True):
        counts = {name: 0 for name in SNAPSHOT_COUNTS}
        counts.update(counted.get(neighbourhood_id, {}))
        counts["stay_mid"] = counts["living"] - counts["stay_short"] - counts["stay_long"]
        counts["capacity_beds"] = int(beds.get(neighbourhood_id) or 0)
        result[neighbourhood_id] = counts
    return result


def computed_neighbourhoods(municipality_ids: Iterable[int], on: datetime.date) -> dict[int, IndicatorSnapshot]:
    """Unsaved snapshots of every neighbourhood of the municipalities on `on`, by neighbourhood id."""
    ids = sorted(set(municipality_ids))
    if not ids:
        return {}
    codes = dict(Neighbourhood.objects.filter(municipality_id__in=ids).values_list("pk", "code"))
    counts = neighbourhood_counts(ids, on)
    return {
        pk: IndicatorSnapshot(area_kind=AreaKind.NEIGHBOURHOOD, area_code=code, date=on, **counts[pk])
        for pk, code in codes.items()
    }


def store_neighbourhoods(municipality_ids: Iterable[int], on: datetime.date) -> dict[int, IndicatorSnapshot]:
    """Compute and store the snapshots of every neighbourhood of the municipalities on `on`, by neighbourhood id."""
    snapshots = computed_neighbourhoods(municipality_ids, on)
    if not snapshots:
        return {}
    with transaction.atomic():
        _upsert_snapshots(list(snapshots.values()))
    return snapshots


def neighbourhood_snapshots(
    municipality_id: int, on: datetime.date, *, force: bool = False, store: bool = True
) -> dict[int, IndicatorSnapshot]:
    """The municipality's neighbourhoods' snapshots on `on` by neighbourhood id: the stored ones when all are
    there, else (or with `force`) all computed in one pass and stored unless `store` is false (a read)."""
    codes = dict(Neighbourhood.objects.filter(municipality_id=municipality_id).values_list("pk", "code"))
    if not force:
        stored = IndicatorSnapshot.objects.filter(
            area_kind=AreaKind.NEIGHBOURHOOD, area_code__in=codes.values(), date=on
        )
        by_code = {snapshot.area_code: snapshot for snapshot in stored}
        if len(by_code) == len(codes):
            return {pk: by_code[code] for pk, code in codes.items()}
    if not store:
        return computed_neighbourhoods([municipality_id], on)
    return store_neighbourhoods([municipality_id], on)


def drop_neighbourhood_snapshots(municipality_ids: Iterable[int]) -> None:
    """Delete the stored snapshots (any date) of the municipalities' neighbourhoods."""
    codes = Neighbourhood.objects.filter(municipality_id__in=set(municipality_ids)).values("code")
    IndicatorSnapshot.objects.filter(area_kind=AreaKind.NEIGHBOURHOOD, area_code__in=codes).delete()
