"""One Dutch way to write numbers and dates (docs/development.md, "Formats")."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from zicht.core.privacy.suppression import SuppressedCount
from zicht.core.templatetags.zicht_formats import code_groups, number


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (22892, "22.892"),
        (1234567, "1.234.567"),
        (999, "999"),
        (0, "0"),
        (Decimal("2500.00"), "2.500"),
        (Decimal("31.50"), "31,50"),
        (1234.5, "1.234,5"),
        (None, "\u2013"),
        ("", "\u2013"),
    ],
)
def test_number_groups_thousands_with_a_dot_and_writes_a_decimal_comma(value, shown):
    assert number(value) == shown


def test_number_with_fixed_decimals():
    assert number(Decimal("289.5"), 1) == "289,5"
    assert number(12, 1) == "12,0"


def test_number_leaves_what_is_not_a_number_alone():
    assert number(SuppressedCount(5)) == str(SuppressedCount(5))
    assert number("Totaal") == "Totaal"


def test_number_needs_no_load_in_a_template():
    assert Template("{{ beds|number }}").render(Context({"beds": 22892})) == "22.892"


def test_dates_in_text_and_in_tables():
    day = datetime.date(2026, 12, 2)
    assert formats.date_format(day) == "2 december 2026"
    assert formats.date_format(day, "SHORT_DATE_FORMAT") == "02-12-2026"


def test_a_typed_dutch_date_and_an_iso_date_are_both_read():
    from django import forms

    field = forms.DateField()
    assert field.clean("02-12-2026") == field.clean("2026-12-02") == datetime.date(2026, 12, 2)


def test_tracking_code_groups_keep_their_dash():
    assert code_groups("ABCD-EFGH-2345") == ["ABCD-", "EFGH-", "2345"]
    assert "".join(code_groups("ABCD-EFGH")) == "ABCD-EFGH"
