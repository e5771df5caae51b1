"""Helpers for tests that need valid (eleven-test) BSNs."""

from __future__ import annotations

from hypothesis import strategies as st


def check_digit(first_eight: str) -> int:
    """The ninth digit that makes `first_eight` pass the eleven-test, or 10 when none does."""
    return sum((9 - i) * int(digit) for i, digit in enumerate(first_eight)) % 11


def complete_bsn(first_eight: str) -> str | None:
    """`first_eight` plus its check digit, or None when no ninth digit passes (or the number would be zero)."""
    last = check_digit(first_eight)
    if last == 10 or (first_eight == "00000000" and last == 0):
        return None
    return f"{first_eight}{last}"


def valid_bsns() -> st.SearchStrategy[str]:
    """Random BSNs that pass the eleven-test."""
    return (
        st.text(alphabet="0123456789", min_size=8, max_size=8).map(complete_bsn).filter(lambda value: value is not None)
    )
