"""The occupancy rules (DOMAIN §4.1, §4.2, §4.5, §4.6) against their boundaries and, with hypothesis, against
brute-force reference implementations written here from the text of DOMAIN.md."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zicht.occupancy import rules
from zicht.occupancy.choices import DistributionVerdict as V
from zicht.occupancy.choices import StayCategory as C

D = datetime.date
DAY = datetime.timedelta(days=1)
S = D(2025, 1, 1)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# --- §4.2 registration obligation -------------------------------------------------------------------------------


def reference_due(periods: list[tuple[D, D | None]]) -> D | None:
    """Day by day: the first day whose 183-day window (ending on it) holds at least 122 present days, plus 5."""
    if not periods:
        return None
    # Present for ever once an ongoing period starts: 183 days after the last start the answer is settled.
    horizon = max(start for start, _end in periods) + days(183)
    horizon = max([horizon, *(end for _start, end in periods if end is not None)])
    present = set()
    for start, end in periods:
        day = start
        while day <= (end if end is not None else horizon):
            present.add(day)
            day += DAY
    day = min(present)
    while day <= horizon:
        window = sum(1 for offset in range(183) if day - days(offset) in present)
        if window >= 122:
            return day + days(5)
        day += DAY
    return None


def test_continuous_stay_reaches_122_days_on_day_121():
    assert rules.registration_due([(S, None)]) == S + days(126)
    assert rules.registration_due([(S, S + days(121))]) == S + days(126)


def test_a_stay_of_121_days_never_triggers():
    assert rules.registration_due([(S, S + days(120))]) is None
    assert rules.registration_due([]) is None


def test_stay_with_a_gap():
    # 61 days present, 30 away, 61 present: the window ending on the last day holds 122 of 183.
    periods = [(S, S + days(60)), (S + days(91), S + days(151))]
    assert reference_due(periods) == S + days(156)
    assert rules.registration_due(periods) == S + days(156)
    # One day less in the second stay and the count stays at 121.
    assert rules.registration_due([(S, S + days(60)), (S + days(91), S + days(150))]) is None


def test_periods_that_touch_or_overlap_merge():
    assert rules.merge_periods([(S + days(10), S + days(20)), (S, S + days(9))]) == [(S, S + days(20))]
    assert rules.merge_periods([(S, S + days(30)), (S + days(5), None)]) == [(S, None)]
    assert rules.merge_periods([(S, S + days(5)), (S + days(7), S + days(8))]) == [
        (S, S + days(5)),
        (S + days(7), S + days(8)),
    ]
    assert rules.registration_due([(S, S + days(60)), (S + days(61), S + days(121))]) == S + days(126)


@st.composite
def period_lists(draw) -> list[tuple[D, D | None]]:
    periods = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        start = S + days(draw(st.integers(min_value=0, max_value=3 * 365)))
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            periods.append((start, None))
        else:
            periods.append((start, start + days(draw(st.integers(min_value=0, max_value=200)))))
    return periods


@settings(max_examples=150, deadline=None)
@given(period_lists())
def test_registration_due_equals_day_by_day_reference(periods):
    assert rules.registration_due(periods) == reference_due(periods)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=130),
    st.integers(min_value=0, max_value=80),
    st.integers(min_value=1, max_value=130),
)
def test_two_stays_around_a_gap_equal_reference(first, gap, second):
    periods = [(S, S + days(first - 1)), (S + days(first + gap), S + days(first + gap + second - 1))]
    assert rules.registration_due(periods) == reference_due(periods)


# --- §4.1 stay categories ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "expected"),
    [(1, C.SHORT), (122, C.SHORT), (123, C.MID), (730, C.MID), (731, C.LONG), (2000, C.LONG)],
)
def test_stay_category_boundaries(length, expected):
    end = S + days(length - 1)
    assert rules.stay_category(S, end, end + days(500)) == expected
    # An ongoing stay is measured up to `on`.
    assert rules.stay_category(S, None, end) == expected


def test_stay_category_parameters_and_settling():
    assert rules.stay_category(S, S + days(89), S, short_max_days=90) == C.SHORT
    assert rules.stay_category(S, S + days(90), S, short_max_days=90) == C.MID
    assert rules.stay_category(S, S + days(365), S, long_min_days=365) == C.LONG
    assert rules.stay_category(S, S + days(10), S, intends_to_settle=True) == C.LONG
    # A known end counts the whole stay, whatever `on` is.
    assert rules.stay_category(S, S + days(800), S + days(5)) == C.LONG


# --- §4.5 the 80-10-10 rule -------------------------------------------------------------------------------------


DEFAULT_RULE = rules.DistributionRule()


def verdict(same, region, outside, unknown, rule=DEFAULT_RULE) -> str:
    return rules.distribution_verdict(same, region, outside, unknown, rule).verdict


def test_exactly_eighty_percent_passes_and_just_below_fails():
    assert verdict(8, 1, 1, 0) == V.COMPLIANT
    assert verdict(80, 10, 10, 0) == V.COMPLIANT
    result = rules.distribution_verdict(79, 10, 11, 0)
    assert result.verdict == V.NOT_COMPLIANT and "same_municipality" in result.broken  # 79 %
    assert verdict(799, 100, 101, 0) == V.NOT_COMPLIANT  # 79.9 %


def test_ten_percent_region_and_outside_pass_just_above_fail():
    assert verdict(900, 100, 0, 0) == V.COMPLIANT
    result = rules.distribution_verdict(899, 101, 0, 0)  # 10.1 % elsewhere in the region
    assert result.verdict == V.NOT_COMPLIANT and result.broken == ("elsewhere_in_region",)
    assert verdict(900, 0, 100, 0) == V.COMPLIANT
    result = rules.distribution_verdict(899, 0, 101, 0)  # 10.1 % outside the region
    assert result.verdict == V.NOT_COMPLIANT and result.broken == ("outside_region",)


def test_unknown_share():
    # Exactly 10 % unknown is still evaluated (the shares are of the known residents).
    assert verdict(9, 0, 0, 1) == V.COMPLIANT
    assert verdict(16, 1, 1, 2) == V.COMPLIANT
    assert verdict(6, 0, 3, 1) == V.NOT_COMPLIANT
    # 1 of 9 known elsewhere in the region is 11.1 %: the unknown resident does not dilute the share.
    assert verdict(8, 1, 0, 1) == V.NOT_COMPLIANT
    # Above 10 %: insufficient data, whatever the known residents do.
    assert verdict(889, 0, 0, 111) == V.INSUFFICIENT_DATA
    assert verdict(0, 0, 0, 5) == V.INSUFFICIENT_DATA
    assert verdict(0, 0, 0, 0) == V.INSUFFICIENT_DATA
    result = rules.distribution_verdict(10, 1, 0, 1)
    assert (result.residents, result.known, result.unknown) == (12, 11, 1)


def test_rule_percentages_are_parameters():
    rule = rules.DistributionRule(min_same_pct=60, max_region_pct=20, max_outside_pct=20, max_unknown_pct=0)
    assert verdict(6, 2, 2, 0, rule) == V.COMPLIANT
    assert verdict(6, 2, 2, 1, rule) == V.INSUFFICIENT_DATA


counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=400)
@given(counts, counts, counts, counts)
def test_verdict_equals_exact_rational_reference(same, region, outside, unknown):
    residents = same + region + outside + unknown
    known = residents - unknown
    result = rules.distribution_verdict(same, region, outside, unknown)
    if known == 0 or Fraction(unknown, residents) > Fraction(10, 100):
        assert result.verdict == V.INSUFFICIENT_DATA
        return
    holds = (
        Fraction(same, known) >= Fraction(80, 100)
        and Fraction(region, known) <= Fraction(10, 100)
        and Fraction(outside, known) <= Fraction(10, 100)
    )
    assert result.verdict == (V.COMPLIANT if holds else V.NOT_COMPLIANT)
    assert (not result.broken) == holds
    assert (result.same_municipality, result.elsewhere_in_region, result.outside_region, result.unknown) == (
        same,
        region,
        outside,
        unknown,
    )


# --- §4.6 rates, intervals and shares ---------------------------------------------------------------------------


def test_registration_rate_with_an_interval():
    rate = rules.registration_rate(11708, rules.Interval(Decimal(20000), Decimal(25000)))
    assert rate == rules.Interval(Decimal(11708) / Decimal(25000), Decimal(11708) / Decimal(20000))
    assert rate.low < rate.high and not rate.is_point


def test_point_interval_equals_the_plain_rate():
    rate = rules.registration_rate(11708, rules.Interval(Decimal(22700), Decimal(22700)))
    assert rate.is_point
    assert float(rate.low) == pytest.approx(rules.registration_rate(11708, 22700))


def test_interval_order_and_empty_denominators():
    with pytest.raises(ValueError):
        rules.Interval(Decimal(5), Decimal(4))
    assert rules.registration_rate(3, 0) is None
    assert rules.registration_rate(3, rules.Interval(Decimal(0), Decimal(10))) is None
    assert rules.share(0, 0) is None
    assert rules.share(0, 4) == 0
    assert rules.share(1, 4) == 0.25


@settings(max_examples=100)
@given(
    st.integers(min_value=0, max_value=100_000),
    st.integers(min_value=1, max_value=100_000),
    st.integers(min_value=0, max_value=100_000),
)
def test_interval_rate_brackets_every_point_rate(registered, low, width):
    interval = rules.Interval(Decimal(low), Decimal(low + width))
    rate = rules.registration_rate(registered, interval)
    assert rate.low == Decimal(registered) / Decimal(low + width)
    assert rate.high == Decimal(registered) / Decimal(low)
    for living in (low, low + width // 2, low + width):
        assert rate.low <= Decimal(registered) / Decimal(living) <= rate.high


def test_mean_of_shares_ignores_missing():
    assert rules.mean_of_shares([0.2, None, 0.4]) == pytest.approx(0.3)
    assert rules.mean_of_shares([None, None]) is None
    assert rules.mean_of_shares([]) is None
    # Overijssel's way: the unweighted mean differs from the person-weighted share.
    assert rules.mean_of_shares([rules.share(1, 10), rules.share(90, 100)]) == pytest.approx(0.5)
    assert rules.share(1 + 90, 10 + 100) != pytest.approx(0.5)
