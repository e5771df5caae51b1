"""The one way a page writes a number: Dutch grouping ("22.892", "31,5"), a dash when unknown."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()
DASH = "\u2013"


@register.filter
def number(value, decimals=None) -> str:
    """`value` with thousands grouped and a decimal comma; `decimals` fixes the places; None or "" is a dash.

    Text that is not a number (a suppressed "< 5", a label) is shown as it is.
    """
    if value is None or value == "":
        return DASH
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, Decimal) and decimals is None and value == value.to_integral_value():
        value = int(value)  # a Decimal(12, 2) column holding 2500.00 reads as 2.500
    places = int(decimals) if decimals is not None else None
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def code_groups(code: str) -> list[str]:
    """A dash-separated code ("ABCD-EFGH-…") as its groups, each with its trailing dash, so a line breaks between
    groups and never inside one."""
    groups = str(code).split("-")
    return [f"{group}-" for group in groups[:-1]] + groups[-1:]
