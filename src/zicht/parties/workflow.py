"""The course of a signal about a party (DOMAIN §3.9): which status may follow which. The history records every step.

A signal waits (open), is put on the agenda of a meeting of the region's aldermen (on_agenda), is discussed there with
an outcome (discussed) and is then closed, or put on the agenda of a later meeting again. An open signal that needs no
discussion may be closed straight away.
"""

from __future__ import annotations

from .choices import SignalStatus as S

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.ON_AGENDA, S.CLOSED}),
    S.ON_AGENDA: frozenset({S.DISCUSSED}),
    S.DISCUSSED: frozenset({S.ON_AGENDA, S.CLOSED}),
    S.CLOSED: frozenset(),
}

# A status that names the meeting at which the signal is (to be) discussed.
NEEDS_MEETING = frozenset({S.ON_AGENDA})
# A status that records what the meeting decided.
NEEDS_OUTCOME = frozenset({S.DISCUSSED})


def may_transition(current: str, wanted: str) -> bool:
    return wanted in ALLOWED_TRANSITIONS.get(current, frozenset())


def next_statuses(current: str) -> list[str]:
    """The statuses a signal may move to next, in the order of the course."""
    order = list(S.values)
    return sorted(ALLOWED_TRANSITIONS.get(current, frozenset()), key=order.index)


def is_final(status: str) -> bool:
    """True when nothing may follow the status (a closed signal stays closed)."""
    return not ALLOWED_TRANSITIONS.get(status)
