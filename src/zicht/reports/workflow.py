"""The course of a report, modelled on Signalen (DOMAIN §3.5): which status may follow which.

A report is reported, taken in progress or planned, possibly forwarded (to another department or into an
inspection), and ends handled or cancelled. A handled or cancelled report may be reopened; the history keeps every
step with who, when and why.
"""

from __future__ import annotations

from .choices import ReportStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REPORTED: frozenset({S.IN_PROGRESS, S.PLANNED, S.FORWARDED, S.HANDLED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.PLANNED, S.FORWARDED, S.HANDLED, S.CANCELLED}),
    S.PLANNED: frozenset({S.IN_PROGRESS, S.FORWARDED, S.HANDLED, S.CANCELLED}),
    S.FORWARDED: frozenset({S.IN_PROGRESS, S.PLANNED, S.HANDLED, S.CANCELLED}),
    S.HANDLED: frozenset({S.REOPENED}),
    S.CANCELLED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS, S.PLANNED, S.FORWARDED, S.HANDLED, S.CANCELLED}),
}

# Statuses in which the report still needs work: they count as open and can be overdue.
OPEN_STATUSES = frozenset({S.REPORTED, S.IN_PROGRESS, S.PLANNED, S.FORWARDED, S.REOPENED})
CLOSED_STATUSES = frozenset({S.HANDLED, S.CANCELLED})
# A change into these needs a reason in the history (the reporter and colleagues must see why).
NEEDS_REASON = frozenset({S.CANCELLED, S.REOPENED, S.FORWARDED})


def may_transition(current: str, wanted: str) -> bool:
    return wanted in ALLOWED_TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The statuses a report may move to next, in the order of the course."""
    order = list(S.values)
    return sorted(ALLOWED_TRANSITIONS.get(current, frozenset()), key=order.index)


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES
