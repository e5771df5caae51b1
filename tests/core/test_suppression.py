"""Small-number suppression (DOMAIN §4.8): 1-4 become "< 5" outside the owning role; 0 and 5+ are shown."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zicht.core.privacy.suppression import SuppressedCount, suppress, suppress_mapping, suppress_rate, threshold


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_small_counts_suppressed_for_non_owners(count):
    shown = suppress(count)
    assert isinstance(shown, SuppressedCount)
    assert str(shown) == "< 5"
    assert str(count) not in json.dumps(shown.as_json())
    assert shown.as_json() == {"value": None, "suppressed": True, "display": "< 5"}


@pytest.mark.parametrize("count", [0, 5, 6, 120])
def test_zero_and_five_or_more_are_shown(count):
    assert suppress(count) == count


@pytest.mark.parametrize("count", [0, 1, 4, 5, 17])
def test_owner_sees_every_count(count):
    assert suppress(count, owner=True) == count


def test_unknown_count_stays_unknown():
    assert suppress(None) is None


def test_threshold_comes_from_settings(settings):
    assert threshold() == 5
    settings.SMALL_NUMBER_THRESHOLD = 10
    assert str(suppress(9)) == "< 10"
    assert suppress(10) == 10


def test_explicit_limit():
    assert isinstance(suppress(2, limit=3), SuppressedCount)
    assert suppress(3, limit=3) == 3


def test_mapping():
    assert {key: str(value) for key, value in suppress_mapping({"a": 3, "b": 0, "c": 12}).items()} == {
        "a": "< 5",
        "b": "0",
        "c": "12",
    }
    assert suppress_mapping({"a": 3}, owner=True) == {"a": 3}


def test_rate_withheld_when_a_part_is_suppressed():
    assert suppress_rate(3, 40) is None  # numerator suppressed
    assert suppress_rate(3, 4) is None  # both suppressed
    assert suppress_rate(0, 3) is None  # denominator suppressed
    assert suppress_rate(10, 40) == 0.25
    assert suppress_rate(0, 40) == 0.0


def test_owner_sees_every_rate():
    assert suppress_rate(3, 4, owner=True) == 0.75


def test_rate_without_denominator_is_none():
    assert suppress_rate(5, 0) is None
    assert suppress_rate(None, 10) is None
    assert suppress_rate(5, None) is None


@given(count=st.integers(min_value=0, max_value=10**7), owner=st.booleans())
def test_property_counts(count, owner):
    shown = suppress(count, owner=owner)
    if not owner and 1 <= count <= 4:
        assert isinstance(shown, SuppressedCount) and str(shown) == "< 5"
    else:
        assert shown == count


@given(numerator=st.integers(0, 10_000), denominator=st.integers(0, 10_000))
def test_property_rates(numerator, denominator):
    rate = suppress_rate(numerator, denominator)
    small = (1 <= numerator <= 4) or (1 <= denominator <= 4)
    if denominator == 0 or small:
        assert rate is None
    else:
        assert rate == numerator / denominator
    # The owner sees every computable rate.
    assert suppress_rate(numerator, denominator, owner=True) == (numerator / denominator if denominator else None)
