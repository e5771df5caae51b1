"""The course of a report, modelled on Signalen (DOMAIN §3.5): which status may follow which.

A report is reported, taken in progress or planned, possibly forwarded (to another department or into an
inspection), and ends handled or cancelled. A handled or cancelled report may be reopened; the history keeps every
step with who, when and why.
"""

from __future__ import annotations

from zicht.core.workflow import Workflow

from .choices import ReportStatus as S

COURSE = Workflow(
    {
        S.REPORTED: {S.IN_PROGRESS, S.PLANNED, S.FORWARDED, S.HANDLED, S.CANCELLED},
        S.IN_PROGRESS: {S.PLANNED, S.FORWARDED, S.HANDLED, S.CANCELLED},
        S.PLANNED: {S.IN_PROGRESS, S.FORWARDED, S.HANDLED, S.CANCELLED},
        S.FORWARDED: {S.IN_PROGRESS, S.PLANNED, S.HANDLED, S.CANCELLED},
        S.HANDLED: {S.REOPENED},
        S.CANCELLED: {S.REOPENED},
        S.REOPENED: {S.IN_PROGRESS, S.PLANNED, S.FORWARDED, S.HANDLED, S.CANCELLED},
    },
    states=S,
    initial=S.REPORTED,
    error_field="to_status",
)

# Statuses in which the report still needs work: they count as open and can be overdue.
OPEN_STATUSES = frozenset({S.REPORTED, S.IN_PROGRESS, S.PLANNED, S.FORWARDED, S.REOPENED})
CLOSED_STATUSES = frozenset({S.HANDLED, S.CANCELLED})
# A change into these needs a reason in the history (the reporter and colleagues must see why).
NEEDS_REASON = frozenset({S.CANCELLED, S.REOPENED, S.FORWARDED})


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES
