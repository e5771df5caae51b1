"""The lifecycle of a location (DOMAIN §3.1): which status may follow which. The history records every step."""

from __future__ import annotations

from zicht.core.workflow import Workflow

from .choices import LocationStatus as S

LIFECYCLE = Workflow(
    {
        S.INITIATIVE: {S.PERMIT_REQUESTED, S.PERMITTED, S.CLOSED},
        S.PERMIT_REQUESTED: {S.PERMITTED, S.CLOSED},
        S.PERMITTED: {S.IN_USE, S.CLOSED},
        S.IN_USE: {S.CLOSED},
        # A closed location that opens again starts over as an initiative or goes straight back into use.
        S.CLOSED: {S.INITIATIVE, S.IN_USE},
    },
    states=S,
    initial=S.INITIATIVE,
    error_field="to_status",
)
