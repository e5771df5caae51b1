"""The course of a signal about a party (DOMAIN §3.9): which status may follow which. The history records every step.

A signal waits (open), is put on the agenda of a meeting of the region's aldermen (on_agenda), is discussed there with
an outcome (discussed) and is then closed, or put on the agenda of a later meeting again. An open signal that needs no
discussion may be closed straight away, and a signal on the agenda may be moved to another meeting.
"""

from __future__ import annotations

from zicht.core.workflow import Workflow

from .choices import SignalStatus as S

COURSE = Workflow(
    {
        S.OPEN: {S.ON_AGENDA, S.CLOSED},
        # On the agenda again: moved to another meeting (the service refuses the same meeting).
        S.ON_AGENDA: {S.ON_AGENDA, S.DISCUSSED},
        S.DISCUSSED: {S.ON_AGENDA, S.CLOSED},
        S.CLOSED: set(),
    },
    states=S,
    initial=S.OPEN,
)

# A status that names the meeting at which the signal is (to be) discussed.
NEEDS_MEETING = frozenset({S.ON_AGENDA})
# A status that records what the meeting decided.
NEEDS_OUTCOME = frozenset({S.DISCUSSED})
