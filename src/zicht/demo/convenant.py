"""Demo data of the Rivierenland convenant: its agreements, signatories, six-weekly meetings and signals.

Runs after the organisations are loaded. Idempotent like the rest of the demo: every row is found again by its
natural key, and a signal's history is written only when the signal itself is new.
"""

from __future__ import annotations

from zicht.geography.models import Municipality, Region
from zicht.parties.choices import SignalStatus
from zicht.parties.models import (
    Convenant,
    ConvenantAgreement,
    ConvenantMeeting,
    ConvenantSignatory,
    Organisation,
    Signal,
    SignalStatusChange,
)

from .loading import CREATED, Tally, parse_date, read_rows, upsert

# The steps a signal went through to reach its status in the demo file, in order.
COURSE = {
    SignalStatus.OPEN: [SignalStatus.OPEN],
    SignalStatus.ON_AGENDA: [SignalStatus.OPEN, SignalStatus.ON_AGENDA],
    SignalStatus.DISCUSSED: [SignalStatus.OPEN, SignalStatus.ON_AGENDA, SignalStatus.DISCUSSED],
    SignalStatus.CLOSED: [SignalStatus.OPEN, SignalStatus.ON_AGENDA, SignalStatus.DISCUSSED, SignalStatus.CLOSED],
}
STEP_NOTES = {
    SignalStatus.OPEN: "Gemeld",
    SignalStatus.ON_AGENDA: "Geagendeerd voor het bestuurlijk overleg",
    SignalStatus.CLOSED: "Afgehandeld na bespreking",
}


def _optional_date(text: str):
    return parse_date(text) if text.strip() else None


def _load_convenants(tally: Tally) -> dict[str, Convenant]:
    regions = {region.name: region for region in Region.objects.all()}
    convenants = {}
    for row in read_rows("convenant.csv"):
        convenants[row["title"]] = upsert(
            Convenant,
            {"region": regions[row["region"]], "title": row["title"]},
            {
                "valid_from": parse_date(row["valid_from"]),
                "valid_until": _optional_date(row["valid_until"]),
                "meeting_interval_weeks": int(row["meeting_interval_weeks"]),
                "description": row["description"],
            },
            tally,
        )
    return convenants


def _load_parts(convenants: dict[str, Convenant], tally: Tally) -> dict[tuple[str, str], ConvenantMeeting]:
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    for row in read_rows("convenant_agreements.csv"):
        upsert(
            ConvenantAgreement,
            {"convenant": convenants[row["convenant"]], "topic": row["topic"]},
            {"text": row["text"], "position": int(row["position"])},
            tally,
        )
    for row in read_rows("convenant_signatories.csv"):
        upsert(
            ConvenantSignatory,
            {"convenant": convenants[row["convenant"]], "organisation": organisations[row["organisation"]]},
            {"signed_on": parse_date(row["signed_on"]), "withdrawn_on": _optional_date(row["withdrawn_on"])},
            tally,
        )
    meetings = {}
    for row in read_rows("convenant_meetings.csv"):
        meetings[row["convenant"], row["date"]] = upsert(
            ConvenantMeeting,
            {"convenant": convenants[row["convenant"]], "date": parse_date(row["date"])},
            {"place": row["place"], "notes": row["notes"]},
            tally,
        )
    return meetings


def _write_history(signal: Signal, tally: Tally) -> None:
    """The steps from open to the signal's status; discussed carries the outcome, the agenda steps the meeting."""
    previous = ""
    for step in COURSE[signal.status]:
        SignalStatusChange.objects.create(
            signal=signal,
            from_status=previous,
            to_status=step,
            meeting=signal.meeting if step in (SignalStatus.ON_AGENDA, SignalStatus.DISCUSSED) else None,
            note=signal.outcome if step == SignalStatus.DISCUSSED else STEP_NOTES[step],
        )
        tally.add(SignalStatusChange._meta.label_lower, CREATED)
        previous = step


def _load_signals(convenants: dict[str, Convenant], meetings: dict, tally: Tally) -> None:
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    municipalities = {municipality.code: municipality for municipality in Municipality.objects.all()}
    for row in read_rows("signals.csv"):
        convenant, organisation = convenants[row["convenant"]], organisations[row["organisation"]]
        is_new = not Signal.objects.filter(
            convenant=convenant, organisation=organisation, subject=row["subject"]
        ).exists()
        signal = upsert(
            Signal,
            {"convenant": convenant, "organisation": organisation, "subject": row["subject"]},
            {
                "topic": row["topic"],
                "description": row["description"],
                "raised_by_municipality": municipalities[row["raised_by_municipality"]],
                "raised_by": None,
                "raised_on": parse_date(row["raised_on"]),
                "status": row["status"],
                "meeting": meetings[row["convenant"], row["meeting"]] if row["meeting"] else None,
                "outcome": row["outcome"],
            },
            tally,
        )
        if is_new:
            _write_history(signal, tally)


def load_convenant(tally: Tally | None = None) -> Tally:
    """The Rivierenland convenant with its agreements, signatories, meetings and signals."""
    tally = tally or Tally()
    convenants = _load_convenants(tally)
    meetings = _load_parts(convenants, tally)
    _load_signals(convenants, meetings, tally)
    return tally
