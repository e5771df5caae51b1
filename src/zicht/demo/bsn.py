"""Synthetic BSNs for the demo population: numbers that pass the eleven-test, drawn deterministically.

Every demo number starts with 999. The RvIG's fictitious test persons (the BRP test set) carry BSNs in the 999
range, so a demo number is recognisably not a person's; the demo never draws outside this prefix and never counts
up through real-looking sequences.
"""

from __future__ import annotations

import random

PREFIX = "999"
SUFFIX_DIGITS = 5  # PREFIX + 5 digits + the check digit = 9 digits


def eleven_test_digit(first_eight: str) -> int | None:
    """The ninth digit that makes `first_eight` pass the eleven-test, or None when no digit does."""
    digit = sum((9 - i) * int(c) for i, c in enumerate(first_eight)) % 11
    return None if digit == 10 else digit


class DemoBsns:
    """Draws distinct valid BSNs with the demo prefix from a seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._issued: set[str] = set()

    def __len__(self) -> int:
        return len(self._issued)

    def draw(self) -> str:
        """A valid BSN with the demo prefix not issued before by this generator."""
        if len(self._issued) > 0.8 * 10**SUFFIX_DIGITS:
            raise RuntimeError("the demo BSN range is nearly used up")
        while True:
            first_eight = f"{PREFIX}{self._rng.randrange(10**SUFFIX_DIGITS):0{SUFFIX_DIGITS}d}"
            digit = eleven_test_digit(first_eight)
            bsn = f"{first_eight}{digit}"
            if digit is not None and bsn not in self._issued:
                self._issued.add(bsn)
                return bsn
