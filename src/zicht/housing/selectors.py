"""Reads of the housing register: scoped location lists, the applicable norm set and norm evaluations."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zicht.core.roles import ScopeKind
from zicht.core.scopes import NOTHING, scope_of, scope_q
from zicht.geography.geometry import box_around, distance_m

from . import rules
from .choices import PLANNED_STATUSES
from .models import Location, LocationStatusChange, NormRule, NormSet, NormSetVersion


def location_scope_q(user) -> Q:
    """What `user` may see: government staff by area; a market party the locations it operates, owns or registered."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.ORGANISATION:
        org = scope.organisation_id
        return Q(operator_id=org) | Q(owner_id=org) | Q(registered_by_id=org)
    if scope.is_none:
        return NOTHING
    return scope_q(user, municipality="municipality")


def location_list_visible_to(user) -> QuerySet[Location]:
    """The locations `user` may see, with what a list row shows."""
    return (
        Location.objects.filter(location_scope_q(user))
        .select_related("municipality", "neighbourhood", "address", "operator", "norm_set_applied")
        .order_by("municipality__name", "name", "pk")
    )


def location_detail_visible_to(user, pk: int) -> Location:
    """One location `user` may see, with its units, addresses and status history (404 otherwise)."""
    history = Prefetch(
        "status_history", queryset=LocationStatusChange.objects.select_related("recorded_by").order_by("on", "pk")
    )
    queryset = location_list_visible_to(user).select_related("owner", "registered_by", "reviewed_by", "norm_set")
    return get_object_or_404(queryset.prefetch_related("units", "other_addresses", history), pk=pk)


def location_by_ref(ref: str) -> Location | None:
    """A location by its reference, unscoped: for operators' command-line use."""
    return Location.objects.select_related("municipality", "operator").filter(ref=ref).first()


def facts_of(location: Location) -> rules.LocationFacts:
    """The figures of a location as the norm rules read them."""
    return rules.LocationFacts(
        form=location.form,
        floor_area_m2=location.floor_area_m2,
        bedrooms=location.bedrooms,
        bedroom_area_m2=location.bedroom_area_m2,
        toilets=location.toilets,
        showers=location.showers,
        cooking_points=location.cooking_points,
        fridge_litres=location.fridge_litres,
        in_use_since=location.in_use_since,
        planned=location.status in PLANNED_STATUSES,
        two_per_bedroom_agreed=location.two_per_bedroom_agreed,
    )


def norm_sets_for(municipality_id: int | None) -> list[NormSet]:
    """The national norm sets and the municipality's own, each with its versions and rules."""
    rules_prefetch = Prefetch("versions", queryset=NormSetVersion.objects.prefetch_related("rules"))
    return list(
        NormSet.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))
        .prefetch_related(rules_prefetch)
        .order_by("municipality_id", "code")
    )


def version_specs(norm_set: NormSet) -> list[rules.VersionSpec]:
    return [
        rules.VersionSpec(
            norm_set=norm_set.code,
            valid_from=version.valid_from,
            rules=tuple(_rule_spec(rule) for rule in version.rules.all()),
        )
        for version in norm_set.versions.all()
    ]


def _rule_spec(rule: NormRule) -> rules.RuleSpec:
    return rules.RuleSpec(
        kind=rule.kind,
        limit=rule.limit,
        applies_to=rule.applies_to,
        limit_if_agreed=rule.limit_if_agreed,
        new_sites_from=rule.new_sites_from,
    )


def norm_set_choice(location: Location, norm_sets: Iterable[NormSet]) -> tuple[NormSet, str] | None:
    """The set that applies to the location and why (rules.applicable_norm_set decides the order)."""
    by_code = {norm_set.code: norm_set for norm_set in norm_sets}
    chosen = next((s.code for s in by_code.values() if s.pk == location.norm_set_id), None)
    choice = rules.applicable_norm_set(
        available=list(by_code),
        chosen=chosen,
        municipal=[s.code for s in by_code.values() if s.municipality_id == location.municipality_id],
        certificate_scheme=location.certificate_scheme,
    )
    return (by_code[choice.code], choice.reason) if choice else None


def applicable_norm_set(location: Location, norm_sets: Iterable[NormSet]) -> NormSet | None:
    """The norm set that applies to the location, among `norm_sets`."""
    choice = norm_set_choice(location, norm_sets)
    return choice[0] if choice else None


@dataclass(frozen=True)
class NormEvaluation:
    norm_set: NormSet
    applicable: bool
    # None when the set has no version in force on the date.
    evaluation: rules.Evaluation | None
    # Why the set applies (a rules.NormSetReason); empty for the sets that do not.
    reason: str = ""

    @property
    def verdict(self) -> str:
        return self.evaluation.verdict if self.evaluation else rules.UNKNOWN

    @property
    def norm_capacity(self) -> int | None:
        return self.evaluation.norm_capacity if self.evaluation else None


def norm_evaluations(
    location: Location, on: datetime.date | None = None, persons: int | None = None
) -> list[NormEvaluation]:
    """The location against every norm set that can apply to it, on `on`, for `persons` (default: its beds)."""
    on = on or timezone.localdate()
    persons = location.capacity_beds if persons is None else persons
    norm_sets = norm_sets_for(location.municipality_id)
    applicable, reason = norm_set_choice(location, norm_sets) or (None, "")
    facts = facts_of(location)
    evaluations = []
    for norm_set in norm_sets:
        version = rules.version_on(version_specs(norm_set), on)
        evaluation = rules.evaluate(version, facts, persons) if version else None
        chosen = norm_set == applicable
        evaluations.append(NormEvaluation(norm_set, chosen, evaluation, reason if chosen else ""))
    # The applicable set first: it is the one the register's verdict and norm capacity come from.
    return sorted(evaluations, key=lambda item: (not item.applicable, item.norm_set.code))


def applicable_evaluation(location: Location, on: datetime.date | None = None) -> NormEvaluation | None:
    """The evaluation under the norm set that applies to the location."""
    return next((item for item in norm_evaluations(location, on) if item.applicable), None)


def certificate_expiring(queryset: QuerySet[Location], days: int, today: datetime.date | None = None) -> QuerySet:
    """Locations whose certificate ends within `days` days from today (or has ended)."""
    today = today or timezone.localdate()
    return queryset.filter(certificate_valid_until__lte=today + datetime.timedelta(days=days))


def in_neighbourhood_q(neighbourhood) -> Q:
    """Locations lying in a buurt (an instance, id or OuterRef): their own neighbourhood, or their address's when
    they have none, as the occupancy counts place them."""
    return Q(neighbourhood=neighbourhood) | Q(neighbourhood__isnull=True, address__neighbourhood=neighbourhood)


def location_for_place(
    *,
    municipality_id: int,
    address_id: int | None = None,
    lat: float | None = None,
    lon: float | None = None,
    radius_m: float = 75.0,
) -> Location | None:
    """The municipality's location at an address (main or other address), else the nearest within `radius_m` of a
    point (its own coordinates, or its address's); unscoped, for placing a public report."""
    locations = Location.objects.filter(municipality_id=municipality_id)
    if address_id is not None:
        return locations.filter(Q(address_id=address_id) | Q(other_addresses__id=address_id)).order_by("pk").first()
    if lat is None or lon is None:
        return None
    # A box in SQL first (portable to SQLite), the exact distance in Python on the few rows inside it.
    lat_range, lon_range = box_around(lat, lon, radius_m)
    box = {"lat__range": lat_range, "lon__range": lon_range}
    own_box = Q(**box)
    address_box = Q(lat__isnull=True, **{f"address__{key}": value for key, value in box.items()})
    best, best_distance = None, math.inf
    for location in locations.filter(own_box | address_box).select_related("address"):
        point = (
            (location.lat, location.lon) if location.lat is not None else (location.address.lat, location.address.lon)
        )
        distance = distance_m(lat, lon, float(point[0]), float(point[1]))
        if distance <= radius_m and distance < best_distance:
            best, best_distance = location, distance
    return best
