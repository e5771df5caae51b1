"""The course of a block registration (DOMAIN §3.2, seed 003): which status may follow which.

An agency requests a session (requested); the municipality plans it on a date and time (planned), declines it
(declined), or either side cancels it (cancelled). A planned session may be moved to another date (planned again) and
ends with its outcome, the number of persons registered (completed). Registration on location during an inspection
starts as planned.
"""

from __future__ import annotations

from zicht.core.workflow import Workflow

from .choices import BlockRegistrationStatus as S

COURSE = Workflow(
    {
        S.REQUESTED: {S.PLANNED, S.DECLINED, S.CANCELLED},
        S.PLANNED: {S.PLANNED, S.COMPLETED, S.CANCELLED},
        S.DECLINED: set(),
        S.COMPLETED: set(),
        S.CANCELLED: set(),
    },
    states=S,
    initial=S.REQUESTED,
)

# Statuses in which the session may still take place: both sides may still cancel it.
OPEN_STATUSES = frozenset({S.REQUESTED, S.PLANNED})
