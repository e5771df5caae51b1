"""Filters of the occupancy pages: a count that may be suppressed, a share or an interval of shares."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from zicht.core.privacy.suppression import SuppressedCount
from zicht.occupancy.choices import EstimateMeasure
from zicht.occupancy.rules import Interval

register = template.Library()
DASH = "\u2013"  # en dash: an unknown value, and the separator of an interval


@register.filter
def count(value) -> str:
    """A count with thousands separators; "< 5" when suppressed; a dash when unknown."""
    if value is None:
        return DASH
    if isinstance(value, SuppressedCount):
        return str(value)
    return number_format(value, use_l10n=True, force_grouping=True)


def _percent(value: float | Decimal) -> str:
    return number_format(round(float(value) * 100, 1), decimal_pos=1, use_l10n=True)


@register.filter
def pct(value) -> str:
    """A share as a percentage with one decimal ("52,3 %"), an interval as "40,0-60,0 %" (en dash), unknown as a dash."""
    if value is None or isinstance(value, SuppressedCount):
        return DASH
    if isinstance(value, dict):  # an interval as the indicators' JSON gives it
        value = Interval(Decimal(str(value["low"])), Decimal(str(value["high"])))
    if isinstance(value, Interval):
        if value.is_point:
            return f"{_percent(value.low)} %"
        return f"{_percent(value.low)}{DASH}{_percent(value.high)} %"
    return f"{_percent(value)} %"


def _number(value) -> str:
    # Stored as Decimal(12, 2): 2500.00 reads as 2.500, a share like 31.50 keeps its decimals.
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def interval(estimate) -> str:
    """An estimate's low and high as one text ("2.500-5.000", en dash), a single number when both ends are equal."""
    if isinstance(estimate, dict):
        low, high = _number(estimate["low"]), _number(estimate["high"])
    else:
        low, high = _number(estimate.low), _number(estimate.high)
    return low if low == high else f"{low}{DASH}{high}"


@register.filter
def measure_label(value: str) -> str:
    """The Dutch name of an estimate's measure."""
    try:
        return str(EstimateMeasure(value).label)
    except ValueError:
        return value
