"""Housing norms as pure functions (DOMAIN §4.3): evaluate a location's figures against one version of a norm set.

A rule limits how many persons a location may house given one of its figures (floor area, bedrooms, toilets …).
Each rule yields the largest number of persons it allows; the **norm capacity** is the smallest of those. A rule
whose figure is missing is "unknown" and names the figure: the verdict is then unknown, never a silent pass.
Comparisons multiply instead of divide, so a boundary (exactly 15 m² per person) is exact in Decimal arithmetic.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from .choices import CertificateScheme, LocationForm, NormRuleKind, NormRuleScope, NormVerdict

PASS, FAIL, UNKNOWN = NormVerdict.PASS.value, NormVerdict.FAIL.value, NormVerdict.UNKNOWN.value

# The location figure each kind of rule reads, and whether the limit is "persons per figure" (True) or
# "figure per person" (False).
FIGURE_OF_RULE: dict[str, tuple[str, bool]] = {
    NormRuleKind.AREA_PER_PERSON: ("floor_area_m2", False),
    NormRuleKind.PERSONS_PER_BEDROOM: ("bedrooms", True),
    NormRuleKind.BEDROOM_AREA_PER_PERSON: ("bedroom_area_m2", False),
    NormRuleKind.PERSONS_PER_TOILET: ("toilets", True),
    NormRuleKind.PERSONS_PER_SHOWER: ("showers", True),
    NormRuleKind.PERSONS_PER_COOKING_POINT: ("cooking_points", True),
    NormRuleKind.FRIDGE_LITRES_PER_PERSON: ("fridge_litres", False),
}


@dataclass(frozen=True)
class LocationFacts:
    """The figures of a location that norms read; None means not known."""

    form: str
    floor_area_m2: Decimal | None = None
    bedrooms: int | None = None
    bedroom_area_m2: Decimal | None = None
    toilets: int | None = None
    showers: int | None = None
    cooking_points: int | None = None
    fridge_litres: int | None = None
    # First day in use, when known.
    in_use_since: datetime.date | None = None
    # Not in use yet (initiative, permit requested, permitted): when it opens, it will be a new site.
    planned: bool = True
    # SNF allows two persons per bedroom in new sites when agreed in writing.
    two_per_bedroom_agreed: bool = False


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    limit: Decimal
    applies_to: str = NormRuleScope.ALL
    # The limit when the location has a written agreement (SNF: two persons per bedroom instead of one).
    limit_if_agreed: Decimal | None = None
    # For new-site and existing-site rules: the day from which a site counts as new. It stays fixed when a later
    # version repeats the rule (SNF's 1 July 2025), so sites opened since then stay new. None: the version's date.
    new_sites_from: datetime.date | None = None


@dataclass(frozen=True)
class VersionSpec:
    norm_set: str
    valid_from: datetime.date
    rules: tuple[RuleSpec, ...]


@dataclass(frozen=True)
class RuleResult:
    kind: str
    figure: str
    figure_value: Decimal | int | None
    limit: Decimal
    max_persons: int | None
    persons: int
    verdict: str

    @property
    def missing(self) -> str | None:
        return self.figure if self.verdict == UNKNOWN else None


@dataclass(frozen=True)
class Evaluation:
    norm_set: str
    valid_from: datetime.date
    persons: int
    rules: tuple[RuleResult, ...]
    verdict: str
    norm_capacity: int | None
    missing: tuple[str, ...] = field(default=())


def version_on(versions: Sequence[VersionSpec], day: datetime.date) -> VersionSpec | None:
    """The version of a norm set in force on `day`: the latest one whose valid-from is not after it."""
    in_force = [version for version in versions if version.valid_from <= day]
    return max(in_force, key=lambda version: version.valid_from) if in_force else None


def is_new_site(facts: LocationFacts, valid_from: datetime.date) -> bool:
    """A site is new for a version when it came (or will come) into use on or after the version's valid-from.

    A location in use whose first day is not known (e.g. registered straight as "in use" by an import) is an
    existing site: the register cannot tell, and the stricter new-site rules would fail it on a guess.
    """
    if facts.in_use_since is not None:
        return facts.in_use_since >= valid_from
    return facts.planned


def rule_applies(rule: RuleSpec, facts: LocationFacts, valid_from: datetime.date) -> bool:
    dwelling = facts.form == LocationForm.REGULAR_DWELLING
    new_or_hotel = facts.form == LocationForm.HOTEL or is_new_site(facts, rule.new_sites_from or valid_from)
    applies: dict[str, bool] = {
        NormRuleScope.ALL: True,
        NormRuleScope.REGULAR_DWELLING: dwelling,
        NormRuleScope.NOT_REGULAR_DWELLING: not dwelling,
        NormRuleScope.NEW_SITE_OR_HOTEL: new_or_hotel,
        NormRuleScope.EXISTING_SITE: not new_or_hotel,
    }
    return applies[rule.applies_to]


def effective_limit(rule: RuleSpec, facts: LocationFacts) -> Decimal:
    if rule.limit_if_agreed is not None and facts.two_per_bedroom_agreed:
        return Decimal(rule.limit_if_agreed)
    return Decimal(rule.limit)


def max_persons_for(kind: str, figure_value: Decimal | int, limit: Decimal) -> int:
    """The largest number of persons a figure allows under one rule."""
    _figure, per_figure = FIGURE_OF_RULE[kind]
    value = Decimal(figure_value)
    if per_figure:
        allowed = value * limit
    else:
        if limit <= 0:
            raise ValueError(f"a limit of {limit} per person allows any number of persons")
        allowed = value / limit
    return max(0, int(allowed.to_integral_value(rounding=ROUND_FLOOR)))


def rule_passes(kind: str, figure_value: Decimal | int, limit: Decimal, persons: int) -> bool:
    """Does `persons` meet one rule? Multiplication keeps the boundary exact."""
    _figure, per_figure = FIGURE_OF_RULE[kind]
    value = Decimal(figure_value)
    if per_figure:
        return persons <= value * limit
    return persons * limit <= value


def evaluate_rule(rule: RuleSpec, facts: LocationFacts, persons: int) -> RuleResult:
    figure, _per_figure = FIGURE_OF_RULE[rule.kind]
    value = getattr(facts, figure)
    limit = effective_limit(rule, facts)
    if value is None:
        return RuleResult(rule.kind, figure, None, limit, None, persons, UNKNOWN)
    passed = rule_passes(rule.kind, value, limit, persons)
    return RuleResult(
        rule.kind, figure, value, limit, max_persons_for(rule.kind, value, limit), persons, PASS if passed else FAIL
    )


def evaluate(version: VersionSpec, facts: LocationFacts, persons: int) -> Evaluation:
    """Each applicable rule with its figures and verdict, the overall verdict and the norm capacity."""
    if persons < 0:
        raise ValueError("persons cannot be negative")
    results = tuple(
        evaluate_rule(rule, facts, persons) for rule in version.rules if rule_applies(rule, facts, version.valid_from)
    )
    missing = tuple(dict.fromkeys(result.figure for result in results if result.verdict == UNKNOWN))
    if any(result.verdict == FAIL for result in results):
        verdict = FAIL  # a broken rule is a fail whatever else is unknown
    elif missing:
        verdict = UNKNOWN
    else:
        verdict = PASS
    # Without missing figures every result has its max_persons.
    limits = [result.max_persons for result in results if result.max_persons is not None]
    capacity = None if missing else min(limits, default=None)
    return Evaluation(version.norm_set, version.valid_from, persons, results, verdict, capacity, missing)


# --- which norm set applies --------------------------------------------------------------------------------------

MINIMUM_NORM_SET = "minimum"
NORM_SET_OF_CERTIFICATE: dict[str, str] = {CertificateScheme.SNF: "snf", CertificateScheme.AKF: "akf"}


class NormSetReason(StrEnum):
    """Why a norm set applies to a location (the page says it in words)."""

    CHOSEN = "chosen"
    MUNICIPAL = "municipal"
    CERTIFICATE = "certificate"
    MINIMUM = "minimum"


@dataclass(frozen=True)
class NormSetChoice:
    code: str
    reason: NormSetReason


def applicable_norm_set(
    *, available: Sequence[str], chosen: str | None, municipal: Sequence[str], certificate_scheme: str
) -> NormSetChoice | None:
    """The code of the norm set that applies to a location, and why; None when not even the minimum exists.

    The most specific decision wins. A set the municipality chose for this very location comes first: it was
    chosen knowing the site. Then the municipality's own set, which its housing regulation makes the rule for every
    location in it. Then the set of the certificate the location holds (SNF, AKF): the operator is inspected
    against that standard anyway. Otherwise the national minimum norm, the floor that applies when nothing more
    specific does. `available` holds the codes of the sets that can apply to the location, `municipal` those of
    its municipality's own sets (first one wins), `chosen` the code of the location's own choice, if any.
    """
    if chosen and chosen in available:
        return NormSetChoice(chosen, NormSetReason.CHOSEN)
    if municipal:
        return NormSetChoice(municipal[0], NormSetReason.MUNICIPAL)
    certificate = NORM_SET_OF_CERTIFICATE.get(certificate_scheme)
    if certificate and certificate in available:
        return NormSetChoice(certificate, NormSetReason.CERTIFICATE)
    if MINIMUM_NORM_SET in available:
        return NormSetChoice(MINIMUM_NORM_SET, NormSetReason.MINIMUM)
    return None
