"""The indicators of an area on a date (DOMAIN §3.2, §3.3, §4.1-4.6), read from the snapshot tables and computed
(in SQL, see snapshots and indicators_sql) when a snapshot is missing. Unsuppressed: callers that show them to a
user pass them through `presentation.suppressed`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zicht.geography.areas import (
    Area,
    AreaKind,
    area_of_municipality,
    area_of_neighbourhood,
    containing_areas,
    country,
)
from zicht.geography.models import Municipality, Neighbourhood
from zicht.housing.models import Location

from . import indicators_sql, neighbourhood_snapshots, rules, snapshots
from .choices import DistributionVerdict
from .estimates import EstimateRow, estimates_by_municipality, estimates_for, living_interval
from .gap import GapRow, RegistrationGap, registration_gap
from .models import CommuteSnapshot, IndicatorSnapshot, LocationSnapshot
from .policy import distribution_rule, policies_for

__all__ = [
    "CommuteRow",
    "GapRow",
    "Indicators",
    "RegistrationGap",
    "commuting_matrix",
    "indicators_for",
    "location_distribution",
    "location_occupancy",
    "municipality_table",
    "neighbourhood_table",
    "refresh",
    "refresh_after_ingest",
    "registration_gap",
]


def _blocks(municipality_ids, on: datetime.date) -> int | None:
    """Persons registered in completed block registration sessions (shown beside the rate, never added to it)."""
    try:
        from .block_selectors import registered_in_blocks
    except ImportError:
        return None
    return registered_in_blocks(list(municipality_ids), on)


@dataclass
class Indicators:
    area: Area
    date: datetime.date
    living: int = 0
    occupancy: int = 0
    capacity_beds: int = 0
    brp_registered: int = 0
    rni_only: int = 0
    should_register_not_registered: int = 0
    address_mismatch: int = 0
    working: int = 0
    registered_work_known: int = 0
    registered_working_in_residence: int = 0
    stay_short: int = 0
    stay_mid: int = 0
    stay_long: int = 0
    mean_of_municipalities: float | None = None
    estimates: list[EstimateRow] = field(default_factory=list)
    registered_in_blocks: int | None = None

    @classmethod
    def from_snapshot(cls, area: Area, snapshot: IndicatorSnapshot, estimates: list[EstimateRow], blocks: int | None):
        counts = {name: getattr(snapshot, name) for name in snapshots.SNAPSHOT_COUNTS}
        return cls(
            area=area,
            date=snapshot.date,
            mean_of_municipalities=snapshot.mean_of_municipalities,
            estimates=estimates,
            registered_in_blocks=blocks,
            **counts,
        )

    @property
    def municipality_id(self) -> int | None:
        """The one municipality the figures belong to (a municipality's or a neighbourhood's), else None."""
        return self.area.municipality_ids[0] if self.area.single_municipality else None

    @property
    def stay_mix(self) -> dict[str, int]:
        return {"short": self.stay_short, "mid": self.stay_mid, "long": self.stay_long}

    @property
    def working_in_residence_share(self) -> float | None:
        """§4.4, person-weighted: among the BRP-registered living here whose work municipality is known."""
        return rules.share(self.registered_working_in_residence, self.registered_work_known)

    @property
    def working_in_residence_share_mean_of_municipalities(self) -> float | None:
        """§4.4, unweighted mean of the member municipalities' shares (a municipality or neighbourhood: its own)."""
        return self.working_in_residence_share if self.area.single_municipality else self.mean_of_municipalities

    @property
    def living_estimate(self) -> rules.Interval | None:
        return living_interval(self.estimates)

    @property
    def registration_rate(self) -> float | rules.Interval | None:
        """§4.6: from the counted living persons; an interval over the estimate when nobody is counted as living."""
        if self.living:
            return rules.registration_rate(self.brp_registered, self.living)
        estimate = self.living_estimate
        return rules.registration_rate(self.brp_registered, estimate) if estimate else None

    @property
    def registration_rate_interval(self) -> rules.Interval | None:
        """The rate over the published living estimate, shown beside the counted rate whenever an estimate exists."""
        estimate = self.living_estimate
        return rules.registration_rate(self.brp_registered, estimate) if estimate else None

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in snapshots.SNAPSHOT_COUNTS}

    def as_dict(self) -> dict:
        """The CLI/API JSON: counts, shares as fractions (0..1), the stay mix and the estimates beside them."""
        rate = self.registration_rate
        interval = self.registration_rate_interval
        counts = self.counts()
        for name in ("stay_short", "stay_mid", "stay_long"):
            counts.pop(name)
        return {
            "area": self.area.as_dict(),
            "date": self.date.isoformat(),
            **counts,
            "registration_rate": rate if isinstance(rate, float) else None,
            "registration_rate_interval": (
                {"low": float(interval.low), "high": float(interval.high)} if interval else None
            ),
            "working_in_residence_share": self.working_in_residence_share,
            "working_in_residence_share_mean_of_municipalities": (
                self.working_in_residence_share_mean_of_municipalities
            ),
            "stay_mix": self.stay_mix,
            "registered_in_blocks": self.registered_in_blocks,
            "estimates": [estimate.as_dict() for estimate in self.estimates],
        }


def _snapshot_of(area: Area, on: datetime.date) -> IndicatorSnapshot | None:
    return IndicatorSnapshot.objects.filter(area_kind=area.kind, area_code=area.code, date=on).first()


def _compute(area: Area, on: datetime.date, *, force: bool, store: bool = True) -> IndicatorSnapshot:
    if area.is_municipality:
        members = snapshots.member_snapshots(area.municipality_ids, on, force=force, store=store)
        return members[area.municipality_ids[0]]
    if area.within_municipality:
        by_id = neighbourhood_snapshots.neighbourhood_snapshots(area.municipality_ids[0], on, force=force, store=store)
        if area.is_neighbourhood:
            return by_id[area.pk]
        # A district is the sum of its neighbourhoods (a person lives in one on a date), computed, never stored.
        return snapshots.sum_of(area, on, [by_id[pk] for pk in area.neighbourhood_ids if pk in by_id])
    if not store:
        return snapshots.aggregate_snapshot(area, on, store=False)
    return snapshots.store_aggregate(area, on, force=force)


def _indicators(area: Area, snapshot: IndicatorSnapshot, on: datetime.date) -> Indicators:
    # Block registration sessions are per municipality: a neighbourhood or district has no count of its own.
    blocks = None if area.within_municipality else _blocks(area.municipality_ids, on)
    return Indicators.from_snapshot(area, snapshot, estimates_for(area, on), blocks)


def indicators_for(area: Area, on: datetime.date) -> Indicators:
    """The area's indicators on `on`: its snapshot, or computed for the answer without storing it (a read)."""
    snapshot = _snapshot_of(area, on) or _compute(area, on, force=False, store=False)
    return _indicators(area, snapshot, on)


def refresh(area: Area, on: datetime.date) -> Indicators:
    """Recompute the area's snapshot and all its municipalities' (with their commutes and locations) on `on`."""
    return _indicators(area, _compute(area, on, force=True), on)


def drop_snapshots_fed_by(municipality_ids) -> None:
    """Delete every stored snapshot (any date) the municipalities feed: theirs, their neighbourhoods', their
    regions', provinces' and the country's, their commutes and their locations'."""
    ids = sorted(set(municipality_ids))
    if not ids:
        return
    codes = list(Municipality.objects.filter(pk__in=ids).values_list("code", flat=True))
    with transaction.atomic():
        IndicatorSnapshot.objects.filter(area_kind=AreaKind.MUNICIPALITY, area_code__in=codes).delete()
        neighbourhood_snapshots.drop_neighbourhood_snapshots(ids)
        for area in [*containing_areas(ids), country()]:
            IndicatorSnapshot.objects.filter(area_kind=area.kind, area_code=area.code).delete()
        CommuteSnapshot.objects.filter(residence_municipality_id__in=ids).delete()
        LocationSnapshot.objects.filter(location__municipality_id__in=ids).delete()


def refresh_after_ingest(municipality_ids, on: datetime.date | None = None) -> None:
    """After new episodes: drop every snapshot the municipalities feed (any date, recomputed on demand), then
    recompute theirs, their neighbourhoods' and their regions' and provinces' for `on` (default today). The country
    is left to demand."""
    ids = sorted(set(municipality_ids))
    if not ids:
        return
    on = on or timezone.localdate()
    areas = containing_areas(ids)
    with transaction.atomic():
        drop_snapshots_fed_by(ids)
        snapshots.store_municipalities(ids, on)
        neighbourhood_snapshots.store_neighbourhoods(ids, on)
        for area in areas:
            snapshots.store_aggregate(area, on)


def municipality_table(area: Area, on: datetime.date) -> list[Indicators]:
    """One Indicators per member municipality (by name), for the region and province overviews."""
    members = snapshots.member_snapshots(area.municipality_ids, on, store=False)
    municipalities = Municipality.objects.filter(pk__in=area.municipality_ids).order_by("name")
    estimates = estimates_by_municipality([m.code for m in municipalities], on)
    return [
        Indicators.from_snapshot(area_of_municipality(m), members[m.pk], estimates.get(m.code, []), _blocks([m.pk], on))
        for m in municipalities
    ]


def neighbourhood_table(area: Area, on: datetime.date) -> list[Indicators]:
    """One Indicators per neighbourhood of a municipality (by name), for the dashboard's "per buurt" table."""
    if not area.is_municipality:
        return []
    by_id = neighbourhood_snapshots.neighbourhood_snapshots(area.municipality_ids[0], on, store=False)
    hoods = Neighbourhood.objects.filter(pk__in=by_id.keys()).order_by("name", "code")
    return [Indicators.from_snapshot(area_of_neighbourhood(hood), by_id[hood.pk], [], None) for hood in hoods]


@dataclass(frozen=True)
class CommuteRow:
    residence_code: str
    residence_name: str
    work_code: str | None  # None: the work municipality is not known
    work_name: str | None
    persons: int


def commuting_matrix(area: Area, on: datetime.date) -> list[CommuteRow]:
    """Working persons living in the area's municipalities by residence and work municipality on `on`: the stored
    rows of municipalities with a snapshot that day, the others computed for the answer (a read stores nothing)."""
    ids = set(area.municipality_ids)
    codes = dict(Municipality.objects.filter(pk__in=ids).values_list("code", "pk"))
    stored_codes = IndicatorSnapshot.objects.filter(
        area_kind=AreaKind.MUNICIPALITY, area_code__in=codes.keys(), date=on
    ).values_list("area_code", flat=True)
    stored = {codes[code] for code in stored_codes}
    counted = list(
        CommuteSnapshot.objects.filter(date=on, residence_municipality_id__in=stored).values_list(
            "residence_municipality_id", "work_municipality_id", "persons"
        )
    )
    counted += indicators_sql.commute_counts(sorted(ids - stored), on)
    named = Municipality.objects.filter(pk__in=ids | {work for _, work, _ in counted if work is not None})
    names = {m.pk: (m.code, m.name) for m in named}
    rows = [
        CommuteRow(*names[home], *(names[work] if work is not None else (None, None)), persons)
        for home, work, persons in counted
    ]
    # Unknown work municipalities last among equal counts.
    return sorted(rows, key=lambda r: (r.residence_name, -r.persons, r.work_name is None, r.work_name or ""))


def location_distribution(location: Location, on: datetime.date) -> rules.Distribution:
    """§4.5 for the location on `on`, from its snapshot (computed for the answer, not stored, when missing)."""
    snapshot = LocationSnapshot.objects.filter(location=location, date=on).first()
    if snapshot is None:
        snapshot = snapshots.location_snapshots(on, locations=[location])[0]
    counts = (snapshot.same_municipality, snapshot.elsewhere_in_region, snapshot.outside_region, snapshot.unknown)
    if snapshot.verdict != DistributionVerdict.NOT_COMPLIANT:
        # Nothing is broken: the stored verdict says it all, and the detail page saves the policy query.
        return rules.Distribution(snapshot.residents, *counts, verdict=DistributionVerdict(snapshot.verdict))
    rule = distribution_rule(policies_for([location.municipality_id])[location.municipality_id])
    return rules.distribution_verdict(*counts, rule)


def location_occupancy(location: Location, on: datetime.date) -> int:
    """The persons living at the location on `on`."""
    residents = LocationSnapshot.objects.filter(location=location, date=on).values_list("residents", flat=True)
    stored = residents.first()
    return stored if stored is not None else location_distribution(location, on).residents
