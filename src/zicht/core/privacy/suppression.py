"""Small-number suppression (DOMAIN §4.8): counts under the threshold are shown as "< 5" outside the owner."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import overload

from django.conf import settings


@dataclass(frozen=True)
class SuppressedCount:
    """A count below the threshold; it renders as "< 5" and serialises as null with a flag."""

    threshold: int

    def __str__(self) -> str:
        return f"< {self.threshold}"

    def as_json(self) -> dict:
        return {"value": None, "suppressed": True, "display": str(self)}


def threshold() -> int:
    return int(getattr(settings, "SMALL_NUMBER_THRESHOLD", 5))


@overload
def suppress(count: int, *, owner: bool = False, limit: int | None = None) -> int | SuppressedCount: ...
@overload
def suppress(count: None, *, owner: bool = False, limit: int | None = None) -> None: ...
@overload
def suppress(count: int | None, *, owner: bool = False, limit: int | None = None) -> int | SuppressedCount | None: ...
def suppress(count: int | None, *, owner: bool = False, limit: int | None = None) -> int | SuppressedCount | None:
    """`count`, or a SuppressedCount when it is 1..limit-1 and the viewer is not the owning role.

    Zero is shown: it singles nobody out, and hiding it would hide that a place is empty.
    """
    limit = threshold() if limit is None else limit
    if count is None or owner or count == 0 or count >= limit:
        return count
    return SuppressedCount(limit)


def suppress_mapping(counts: Mapping[str, int | None], *, owner: bool = False) -> dict[str, object]:
    """Every value of `counts` suppressed for a viewer who is not the owner."""
    return {key: suppress(value, owner=owner) for key, value in counts.items()}


def suppress_rate(numerator: int | None, denominator: int | None, *, owner: bool = False) -> float | None:
    """A share numerator/denominator, withheld when either count would have to be suppressed."""
    if numerator is None or not denominator:
        return None
    if not owner and (
        isinstance(suppress(numerator), SuppressedCount) or isinstance(suppress(denominator), SuppressedCount)
    ):
        return None
    return numerator / denominator
