"""The course of a block registration (DOMAIN §3.2, seed 003): which status may follow which.

An agency requests a session (requested); the municipality plans it on a date and time (planned), declines it
(declined), or either side cancels it (cancelled). A planned session may be moved to another date (planned again) and
ends with its outcome, the number of persons registered (completed). Registration on location during an inspection
starts as planned.
"""

from __future__ import annotations

from .choices import BlockRegistrationStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.PLANNED, S.DECLINED, S.CANCELLED}),
    S.PLANNED: frozenset({S.PLANNED, S.COMPLETED, S.CANCELLED}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Statuses in which the session may still take place: both sides may still cancel it.
OPEN_STATUSES = frozenset({S.REQUESTED, S.PLANNED})


def may_transition(current: str, wanted: str) -> bool:
    return wanted in ALLOWED_TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The statuses a block registration may move to next, in the order of the course."""
    order = list(S.values)
    return sorted(ALLOWED_TRANSITIONS.get(current, frozenset()), key=order.index)


def is_final(status: str) -> bool:
    """True when nothing may follow the status."""
    return not ALLOWED_TRANSITIONS.get(status)
