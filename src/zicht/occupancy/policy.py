"""Which policy parameters (§4.1 thresholds, §4.5 percentages and region) apply to a municipality: its own row,
else its region's (the first region by name that has one), else the installation's default, created on first use."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import F, Q

from zicht.geography.models import Region
from zicht.parties.selectors import convenants_in_force_for

from . import rules
from .models import PolicyParameters


def default_policy() -> PolicyParameters:
    """The installation's default row (both areas empty), created with the model defaults when missing."""
    policy = PolicyParameters.objects.filter(municipality__isnull=True, region__isnull=True).order_by("pk").first()
    return policy or PolicyParameters.objects.create()


def policies_for(municipality_ids: Iterable[int]) -> dict[int, PolicyParameters]:
    """The parameters that apply to each municipality: one query whatever the number of municipalities (pages
    call this per request), plus one insert the first time when the default row does not exist yet."""
    ids = set(municipality_ids)
    if not ids:
        return {}
    rows = (
        PolicyParameters.objects.filter(
            Q(municipality_id__in=ids)
            | Q(region__municipalities__in=ids)
            | Q(municipality__isnull=True, region__isnull=True)
        )
        # One row per (region policy, member municipality asked for): the filter above narrows this join.
        .annotate(member=F("region__municipalities"))
        .order_by("region__name", "pk")
    )
    own: dict[int, PolicyParameters] = {}
    of_region: dict[int, PolicyParameters] = {}
    default = None
    for policy in rows:
        if policy.municipality_id:
            own[policy.municipality_id] = policy
        elif policy.region_id:
            if policy.member in ids:
                of_region.setdefault(policy.member, policy)  # the first region by name wins
        elif default is None:
            default = policy
    found = {m: own.get(m) or of_region.get(m) for m in ids}
    if any(policy is None for policy in found.values()):
        default = default or PolicyParameters.objects.create()
        found = {m: policy or default for m, policy in found.items()}
    return found


def distribution_rule(policy: PolicyParameters) -> rules.DistributionRule:
    """§4.5's percentages as the policy sets them."""
    return rules.DistributionRule(
        min_same_pct=policy.rule_min_same_pct,
        max_region_pct=policy.rule_max_region_pct,
        max_outside_pct=policy.rule_max_outside_pct,
        max_unknown_pct=policy.rule_max_unknown_pct,
    )


def rule_regions(policies: dict[int, PolicyParameters], on: datetime.date) -> dict[int, int | None]:
    """Per municipality the region of its 80-10-10 rule: the policy's, else a region whose convenant is in force on
    `on`, else its first region by name (None: the municipality lies in no region)."""
    result: dict[int, int | None] = {}
    first_region: dict[int, int] = {}
    links = Region.municipalities.through.objects.filter(municipality_id__in=policies.keys())
    for link in links.order_by("region__name"):
        first_region.setdefault(link.municipality_id, link.region_id)
    for municipality_id, policy in policies.items():
        if policy.rule_region_id:
            result[municipality_id] = policy.rule_region_id
            continue
        result[municipality_id] = first_region.get(municipality_id)
        if municipality_id in first_region:
            convenant = convenants_in_force_for(municipality_id, on).first()
            if convenant is not None:
                result[municipality_id] = convenant.region_id
    return result
