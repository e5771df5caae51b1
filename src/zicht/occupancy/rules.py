"""The occupancy rules of DOMAIN §4 as pure functions: stay categories (§4.1), the BRP registration obligation
(§4.2), the living-versus-working share (§4.4), the 80-10-10 rule (§4.5), the registration rate as a number or an
interval (§4.6). Parameters are arguments, so policy lives in data (models.PolicyParameters)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .choices import DistributionVerdict, StayCategory

Period = tuple[datetime.date, datetime.date | None]  # (start, end inclusive); end None = ongoing

# §4.2: present at least 122 days in the 183 days ending on a day, then register within 5 days.
WINDOW_DAYS = 183
PRESENT_DAYS = 122
GRACE_DAYS = 5
ONE_DAY = datetime.timedelta(days=1)


def merge_periods(periods: Iterable[Period], gap_days: int = 0) -> list[tuple[datetime.date, datetime.date | None]]:
    """Periods sorted and merged where they overlap or touch (or lie at most `gap_days` apart): continuous stays."""
    merged: list[list] = []
    for start, end in sorted(periods, key=lambda p: p[0]):
        if merged:
            last = merged[-1]
            if last[1] is None or start <= last[1] + datetime.timedelta(days=1 + gap_days):
                if last[1] is not None and (end is None or end > last[1]):
                    last[1] = end
                continue
        merged.append([start, end])
    return [(start, end) for start, end in merged]


def _present_in_window(merged: Sequence[tuple[datetime.date, datetime.date | None]], day: datetime.date) -> int:
    """Days present in the WINDOW_DAYS days ending on `day` (inclusive)."""
    first = day - datetime.timedelta(days=WINDOW_DAYS - 1)
    total = 0
    for start, end in merged:
        lo = max(start, first)
        hi = day if end is None else min(end, day)
        if hi >= lo:
            total += (hi - lo).days + 1
    return total


def registration_due(periods: Iterable[Period]) -> datetime.date | None:
    """§4.2: the first day the person should be BRP-registered (the day presence reaches 122 of 183 days, plus 5).

    Within a continuous stay the count never falls, so the first such day is found by bisection inside the first
    stay whose last day (or 183 days after its start, if ongoing) reaches the threshold. None: never reached.
    """
    merged = merge_periods(periods)
    for start, end in merged:
        last = end if end is not None else start + datetime.timedelta(days=WINDOW_DAYS)
        if _present_in_window(merged, last) < PRESENT_DAYS:
            continue
        lo, hi = start, last
        while lo < hi:
            mid = lo + datetime.timedelta(days=(hi - lo).days // 2)
            if _present_in_window(merged, mid) >= PRESENT_DAYS:
                hi = mid
            else:
                lo = mid + ONE_DAY
        return lo + datetime.timedelta(days=GRACE_DAYS)
    return None


def stay_category(
    spell_start: datetime.date,
    spell_end: datetime.date | None,
    on: datetime.date,
    *,
    short_max_days: int = 122,
    long_min_days: int = 730,
    intends_to_settle: bool = False,
) -> str:
    """§4.1: short stay up to `short_max_days` continuous days, long stay beyond `long_min_days` (or settling),
    mid in between. The length is the whole stay when its end is known, else the days so far up to `on`."""
    if intends_to_settle:
        return StayCategory.LONG
    last = spell_end if spell_end is not None else on
    days = (last - spell_start).days + 1
    if days <= short_max_days:
        return StayCategory.SHORT
    if days > long_min_days:
        return StayCategory.LONG
    return StayCategory.MID


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


def mean_of_shares(shares: Iterable[float | None]) -> float | None:
    """The unweighted mean of the shares that exist (§4.4: how Overijssel's table 1 averages municipalities)."""
    values = [value for value in shares if value is not None]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Interval:
    low: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        if self.high < self.low:
            raise ValueError("an interval's high end cannot be below its low end")

    @property
    def is_point(self) -> bool:
        return self.low == self.high


def registration_rate(registered: int, living: int | Interval) -> float | Interval | None:
    """§4.6: registered ÷ living; with living known only as an estimate interval the rate is an interval too."""
    if isinstance(living, Interval):
        if living.low <= 0:
            return None
        return Interval(Decimal(registered) / living.high, Decimal(registered) / living.low)
    return share(registered, living)


@dataclass(frozen=True)
class DistributionRule:
    """§4.5's percentages (the Rivierenland convenant's 80-10-10 by default)."""

    min_same_pct: int = 80
    max_region_pct: int = 10
    max_outside_pct: int = 10
    max_unknown_pct: int = 10


@dataclass(frozen=True)
class Distribution:
    residents: int
    same_municipality: int
    elsewhere_in_region: int
    outside_region: int
    unknown: int
    verdict: str
    broken: tuple[str, ...] = ()

    @property
    def known(self) -> int:
        return self.residents - self.unknown


def distribution_verdict(
    same_municipality: int,
    elsewhere_in_region: int,
    outside_region: int,
    unknown: int,
    rule: DistributionRule = DistributionRule(),
) -> Distribution:
    """§4.5 for one location on one day: compliant, not compliant (naming the limits broken) or insufficient data
    (more than `max_unknown_pct` % of residents without a known work municipality, or no resident with one)."""
    residents = same_municipality + elsewhere_in_region + outside_region + unknown
    known = residents - unknown
    if known == 0 or unknown * 100 > rule.max_unknown_pct * residents:
        verdict = DistributionVerdict.INSUFFICIENT_DATA
        return Distribution(residents, same_municipality, elsewhere_in_region, outside_region, unknown, verdict)
    broken = []
    # Integer comparisons (count * 100 against pct * known) keep the boundaries exact: 80 % of 10 is 8, not 7.999.
    if same_municipality * 100 < rule.min_same_pct * known:
        broken.append("same_municipality")
    if elsewhere_in_region * 100 > rule.max_region_pct * known:
        broken.append("elsewhere_in_region")
    if outside_region * 100 > rule.max_outside_pct * known:
        broken.append("outside_region")
    verdict = DistributionVerdict.NOT_COMPLIANT if broken else DistributionVerdict.COMPLIANT
    return Distribution(
        residents, same_municipality, elsewhere_in_region, outside_region, unknown, verdict, tuple(broken)
    )
