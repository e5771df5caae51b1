"""Computing and storing indicator snapshots: municipalities from SQL (indicators_sql), larger areas as sums of
their members' snapshots, plus the commuting rows and the per-location 80-10-10 snapshots.

A person who lives in two municipalities on the same day (e.g. moving on that day) counts in both, so a region's
sum can count them twice; the alternative (a distinct count per area) would make every area a separate pass
over the episodes, and the overlap is one day per move.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum

from zicht.geography.areas import Area, AreaKind
from zicht.geography.models import Municipality
from zicht.housing.choices import LocationStatus
from zicht.housing.models import Location

from . import indicators_sql, rules
from .models import CommuteSnapshot, IndicatorSnapshot, LocationSnapshot
from .policy import distribution_rule, policies_for, rule_regions

SNAPSHOT_COUNTS = (
    "living",
    "occupancy",
    "capacity_beds",
    "brp_registered",
    "rni_only",
    "should_register_not_registered",
    "address_mismatch",
    "working",
    "registered_work_known",
    "registered_working_in_residence",
    "stay_short",
    "stay_mid",
    "stay_long",
)
LOCATION_COUNTS = ("residents", "same_municipality", "elsewhere_in_region", "outside_region", "unknown")
BATCH = 1000


def _codes(municipality_ids: Iterable[int]) -> dict[int, str]:
    return dict(Municipality.objects.filter(pk__in=set(municipality_ids)).values_list("pk", "code"))


def counts_by_policy(ids: list[int], on: datetime.date, count) -> dict[int, dict[str, int]]:
    """`count(municipality_ids, on, short_max, long_min)` run once per distinct pair of stay thresholds (usually
    once), so each municipality's counts use its own policy parameters."""
    policies = policies_for(ids)
    by_thresholds: dict[tuple[int, int], list[int]] = defaultdict(list)
    for municipality_id in ids:
        policy = policies[municipality_id]
        by_thresholds[policy.short_stay_max_days, policy.long_stay_min_days].append(municipality_id)
    counted: dict[int, dict[str, int]] = {}
    for (short_max, long_min), group in by_thresholds.items():
        counted.update(count(group, on, short_max, long_min))
    return counted


def municipality_counts(municipality_ids: Iterable[int], on: datetime.date) -> dict[int, dict[str, int]]:
    """Every SNAPSHOT_COUNTS figure per municipality on `on` (zeros for a municipality without residents)."""
    ids = sorted(set(municipality_ids))
    counted = counts_by_policy(ids, on, indicators_sql.municipality_counts)
    beds = dict(
        Location.objects.filter(municipality_id__in=ids, status=LocationStatus.IN_USE)
        .values("municipality_id")
        .annotate(beds=Sum("capacity_beds"))
        .values_list("municipality_id", "beds")
    )
    result = {}
    for municipality_id in ids:
        counts = {name: 0 for name in SNAPSHOT_COUNTS}
        counts.update(counted.get(municipality_id, {}))
        counts["stay_mid"] = counts["living"] - counts["stay_short"] - counts["stay_long"]
        counts["capacity_beds"] = int(beds.get(municipality_id) or 0)
        result[municipality_id] = counts
    return result


def _upsert_snapshots(snapshots: list[IndicatorSnapshot]) -> None:
    IndicatorSnapshot.objects.bulk_create(
        snapshots,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["area_kind", "area_code", "date"],
        update_fields=[*SNAPSHOT_COUNTS, "mean_of_municipalities", "computed_at"],
    )


def municipality_snapshots(municipality_ids: Iterable[int], on: datetime.date) -> dict[int, IndicatorSnapshot]:
    """Unsaved snapshots of the municipalities on `on`, by municipality id."""
    ids = sorted(set(municipality_ids))
    codes = _codes(ids)
    counts = municipality_counts(ids, on) if ids else {}
    return {
        municipality_id: IndicatorSnapshot(
            area_kind=AreaKind.MUNICIPALITY, area_code=codes[municipality_id], date=on, **counts[municipality_id]
        )
        for municipality_id in ids
    }


def store_municipalities(municipality_ids: Iterable[int], on: datetime.date) -> dict[int, IndicatorSnapshot]:
    """Compute and store the municipalities' snapshots, commuting rows and location snapshots on `on`."""
    ids = sorted(set(municipality_ids))
    if not ids:
        return {}
    snapshots = municipality_snapshots(ids, on)
    commutes = [
        CommuteSnapshot(date=on, residence_municipality_id=m, work_municipality_id=w, persons=n)
        for m, w, n in indicators_sql.commute_counts(ids, on)
    ]
    with transaction.atomic():
        _upsert_snapshots(list(snapshots.values()))
        CommuteSnapshot.objects.filter(date=on, residence_municipality_id__in=ids).delete()
        CommuteSnapshot.objects.bulk_create(commutes, batch_size=BATCH)
        store_locations(on, municipality_ids=ids)
    return snapshots


def location_snapshots(
    on: datetime.date, *, municipality_ids: Iterable[int] = (), locations: Iterable[Location] = ()
) -> list[LocationSnapshot]:
    """Unsaved snapshots of the locations (given, or the in-use and occupied ones of the municipalities) on `on`."""
    locations = list(locations)
    if locations:
        municipality_of = {location.pk: location.municipality_id for location in locations}
    else:
        ids = set(municipality_ids)
        municipality_of = dict(
            Location.objects.filter(municipality_id__in=ids, status=LocationStatus.IN_USE).values_list(
                "pk", "municipality_id"
            )
        )
    policies = policies_for(set(municipality_of.values()) | set(municipality_ids))
    regions = rule_regions(policies, on)
    by_region: dict[int | None, list[int]] = defaultdict(list)
    for municipality_id, region_id in regions.items():
        by_region[region_id].append(municipality_id)
    counted: dict[int, tuple] = {}
    # One query per 80-10-10 region: the region is a parameter of the bucket it puts a work municipality in.
    for region_id, group in by_region.items():
        if locations:
            wanted = [pk for pk, m in municipality_of.items() if m in group]
            counted.update(indicators_sql.location_counts(on, region_id, location_ids=wanted))
        else:
            counted.update(indicators_sql.location_counts(on, region_id, municipality_ids=group))
    if not locations and counted.keys() - municipality_of.keys():
        # Occupied locations that are not (or no longer) in use still get a snapshot: people live there.
        extra = Location.objects.filter(pk__in=counted.keys() - municipality_of.keys())
        municipality_of.update(extra.values_list("pk", "municipality_id"))
        policies.update(policies_for(set(municipality_of.values()) - policies.keys()))
    snapshots = []
    for location_id, municipality_id in municipality_of.items():
        residents, same, region, outside, unknown = counted.get(location_id, (0, 0, 0, 0, 0))
        verdict = rules.distribution_verdict(
            same, region, outside, unknown, distribution_rule(policies[municipality_id])
        )
        snapshots.append(
            LocationSnapshot(
                location_id=location_id,
                date=on,
                residents=residents,
                same_municipality=same,
                elsewhere_in_region=region,
                outside_region=outside,
                unknown=unknown,
                verdict=verdict.verdict,
            )
        )
    return snapshots


def store_locations(
    on: datetime.date, *, municipality_ids: Iterable[int] = (), locations: Iterable[Location] = ()
) -> list[LocationSnapshot]:
    """Compute and store location snapshots (see `location_snapshots`)."""
    snapshots = location_snapshots(on, municipality_ids=municipality_ids, locations=locations)
    LocationSnapshot.objects.bulk_create(
        snapshots,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["location", "date"],
        update_fields=[*LOCATION_COUNTS, "verdict", "computed_at"],
    )
    return snapshots


def member_snapshots(
    municipality_ids: Iterable[int], on: datetime.date, *, force: bool = False, store: bool = True
) -> dict[int, IndicatorSnapshot]:
    """The municipalities' snapshots on `on`, computing (only) those missing — or all of them with `force` — and
    storing them unless `store` is false (a read)."""
    codes = _codes(municipality_ids)
    found: dict[int, IndicatorSnapshot] = {}
    if not force:
        by_code = {code: pk for pk, code in codes.items()}
        stored = IndicatorSnapshot.objects.filter(
            area_kind=AreaKind.MUNICIPALITY, area_code__in=by_code.keys(), date=on
        )
        found = {by_code[snapshot.area_code]: snapshot for snapshot in stored}
    missing = codes.keys() - found.keys()
    if missing:
        found.update(store_municipalities(missing, on) if store else municipality_snapshots(missing, on))
    return found


def working_share(snapshot: IndicatorSnapshot) -> float | None:
    """§4.4 for one snapshot: BRP-registered working in the residence municipality ÷ those whose work is known."""
    return rules.share(snapshot.registered_working_in_residence, snapshot.registered_work_known)


def sum_of(area: Area, on: datetime.date, parts: Iterable[IndicatorSnapshot]) -> IndicatorSnapshot:
    """An unsaved snapshot of `area` whose counts are the sums of its parts' (areas no person lives in twice)."""
    parts = list(parts)
    snapshot = IndicatorSnapshot(area_kind=area.kind, area_code=area.code, date=on)
    for name in SNAPSHOT_COUNTS:
        setattr(snapshot, name, sum(getattr(part, name) for part in parts))
    return snapshot


def aggregate_snapshot(area: Area, on: datetime.date, *, force: bool = False, store: bool = True) -> IndicatorSnapshot:
    """A region's, province's or country's snapshot, unsaved: the sum of its municipalities' counts, and the
    unweighted mean of their §4.4 shares beside the weighted one (missing members stored unless `store` is false)."""
    members = member_snapshots(area.municipality_ids, on, force=force, store=store)
    snapshot = sum_of(area, on, members.values())
    snapshot.mean_of_municipalities = rules.mean_of_shares(working_share(member) for member in members.values())
    return snapshot


def store_aggregate(area: Area, on: datetime.date, *, force: bool = False) -> IndicatorSnapshot:
    """Compute and store the area's aggregate snapshot (see `aggregate_snapshot`)."""
    _upsert_snapshots([aggregate_snapshot(area, on, force=force)])
    return IndicatorSnapshot.objects.get(area_kind=area.kind, area_code=area.code, date=on)
