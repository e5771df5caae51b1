"""The lifecycle of a location (DOMAIN §3.1): which status may follow which. The history records every step."""

from __future__ import annotations

from .choices import LocationStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.INITIATIVE: frozenset({S.PERMIT_REQUESTED, S.PERMITTED, S.CLOSED}),
    S.PERMIT_REQUESTED: frozenset({S.PERMITTED, S.CLOSED}),
    S.PERMITTED: frozenset({S.IN_USE, S.CLOSED}),
    S.IN_USE: frozenset({S.CLOSED}),
    # A closed location that opens again starts over as an initiative or goes straight back into use.
    S.CLOSED: frozenset({S.INITIATIVE, S.IN_USE}),
}


def may_transition(current: str, wanted: str) -> bool:
    return wanted in ALLOWED_TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The statuses a location may move to next, in lifecycle order."""
    order = list(S.values)
    return sorted(ALLOWED_TRANSITIONS.get(current, frozenset()), key=order.index)
