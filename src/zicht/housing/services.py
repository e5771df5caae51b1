"""Writes of the housing register. Every change keeps the status history and the stored norm verdict current."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ForeignKey, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core import audit
from zicht.core.models import AuditAction
from zicht.core.scopes import scope_of
from zicht.core.workflow import TransitionNotAllowed

from . import selectors, workflow
from .choices import LocationStatus, ReviewDecision
from .models import Location, LocationStatusChange, Unit
from .permissions import is_market_party, may_change_status, may_create_location, may_edit_location, may_review_location

# Figures a location's totals take from its units when it has any.
UNIT_TOTALS = ("floor_area_m2", "bedrooms", "bedroom_area_m2", "toilets", "showers", "cooking_points", "fridge_litres")
# Fields a market party may not set on its own initiative: the municipality decides these.
MUNICIPAL_FIELDS = frozenset(
    {"status", "status_since", "review", "review_note", "reviewed_at", "reviewed_by", "norm_set", "registered_by"}
)


def _apply(location: Location, data: dict[str, Any]) -> list[str]:
    """Set the given fields (many-to-many `other_addresses` included) and return the names that changed."""
    changed = []
    for name, value in data.items():
        if name == "other_addresses":
            continue
        field = location._meta.get_field(name)
        if isinstance(field, ForeignKey):
            current, wanted = getattr(location, field.attname), (value.pk if value is not None else None)
        else:
            current, wanted = getattr(location, name), value
        if current != wanted:
            setattr(location, name, value)
            changed.append(name)
    return changed


def _date_in_use(location: Location, from_status: str, on: datetime.date) -> None:
    # Only a real step into use dates the site; a location registered as already in use keeps the date it was
    # given (or none: an existing site of unknown age, see rules.is_new_site).
    stepped_into_use = from_status and location.status == LocationStatus.IN_USE
    if stepped_into_use and (location.in_use_since is None or on < location.in_use_since):
        location.in_use_since = on


# What a status step sets on the stored row, copied back onto the caller's instance.
STEP_FIELDS = (
    "status",
    "status_since",
    "in_use_since",
    "norm_set_applied",
    "norm_verdict",
    "norm_capacity",
    "norm_evaluated_on",
)


def step_date_error(location: Location, on: datetime.date) -> str | None:
    """Why a status step on `on` cannot be recorded (the history runs forward in time), or None."""
    last = location.status_history.order_by("-on").values_list("on", flat=True).first()
    if last and on < last:
        return _("De datum ligt vóór de vorige statuswijziging (%(date)s).") % {"date": last}
    return None


def _status_step(location: Location, to_status: str, on: datetime.date, by, note: str) -> None:
    """One step of the lifecycle under a row lock: checked on the stored status, dated, recorded in the history."""

    def apply(locked: Location, from_status: str) -> None:
        if error := step_date_error(locked, on):
            raise ValidationError({"on": error})
        locked.status_since = on
        _date_in_use(locked, from_status, on)
        refresh_norm_verdict(locked, save=False)

    locked = workflow.LIFECYCLE.change_status(
        location, to_status, by=by, history=LocationStatusChange, apply=apply, record={"on": on, "note": note}
    )
    for name in STEP_FIELDS:
        setattr(location, name, getattr(locked, name))


def _authenticated(by) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def location_create(*, by, data: dict[str, Any], on: datetime.date | None = None, check: bool = True) -> Location:
    """Register a new location; a market party's is an initiative registered by its own organisation."""
    if check and not may_create_location(by):
        raise PermissionDenied
    on = on or timezone.localdate()
    data = dict(data)
    other_addresses = data.pop("other_addresses", None)
    if check and is_market_party(by):
        data = {key: value for key, value in data.items() if key not in MUNICIPAL_FIELDS}
        data["registered_by_id"] = scope_of(by).organisation_id
        data["status"] = LocationStatus.INITIATIVE
    data.setdefault("status", LocationStatus.INITIATIVE)
    data.setdefault("status_since", on)
    location = Location(**data)
    # A municipal officer registers only in their own municipality; may_create_location cannot see the municipality.
    if check and not may_edit_location(by, location):
        raise PermissionDenied
    if not location.ref:
        location.ref = next_ref()
    location.full_clean()
    location.save()
    if other_addresses is not None:
        location.other_addresses.set(other_addresses)
    workflow.LIFECYCLE.record_start(
        location, by=by, history=LocationStatusChange, on=location.status_since, note=_("Geregistreerd")
    )
    refresh_norm_verdict(location, save=False)
    location.save()
    audit.record(
        actor=_authenticated(by), action=AuditAction.CREATE, obj=location, municipality_id=location.municipality_id
    )
    return location


def next_ref() -> str:
    """A reference for a location registered on a page: LOC- and a number one past the highest so far."""
    numbers = [
        int(ref[4:]) for ref in Location.objects.filter(ref__regex=r"^LOC-[0-9]+$").values_list("ref", flat=True)
    ]
    return f"LOC-{max(numbers, default=0) + 1:05d}"


@transaction.atomic
def location_update(
    *, location: Location, by, data: dict[str, Any], on: datetime.date | None = None, check: bool = True, note: str = ""
) -> list[str]:
    """Change a location's fields; a status change given here is recorded in the history. Returns changed fields."""
    if check and not may_edit_location(by, location):
        raise PermissionDenied
    data = dict(data)
    other_addresses = data.pop("other_addresses", None)
    if check and is_market_party(by):
        data = {key: value for key, value in data.items() if key not in MUNICIPAL_FIELDS}
    if location.units.exists():
        # Totals follow the units; a figure typed for the whole location would contradict them.
        data = {key: value for key, value in data.items() if key not in (*UNIT_TOTALS, "capacity_beds")}
    wanted_status = data.pop("status", location.status)
    status_since = data.pop("status_since", None)
    changed = []
    if wanted_status != location.status:
        try:
            _status_step(
                location, wanted_status, status_since or on or timezone.localdate(), by, note or _("Gewijzigd")
            )
        except TransitionNotAllowed as error:
            raise ValidationError({"status": error.messages}) from error
        changed.append("status")
    elif status_since is not None and status_since != location.status_since:
        # The date belongs to the last step of the history; it changes only with a new step.
        raise ValidationError({"status_since": _("De statusdatum verandert alleen met een statuswijziging.")})
    changed += _apply(location, data)
    location.full_clean()
    if other_addresses is not None and set(location.other_addresses.all()) != set(other_addresses):
        location.other_addresses.set(other_addresses)
        changed.append("other_addresses")
    if changed:
        refresh_norm_verdict(location, save=False)
        location.save()
        audit.record(
            actor=_authenticated(by),
            action=AuditAction.UPDATE,
            obj=location,
            changed_fields=changed,
            municipality_id=location.municipality_id,
        )
    return changed


@transaction.atomic
def location_change_status(*, location: Location, to_status: str, on: datetime.date, by, note: str = "") -> Location:
    """Move a location along its lifecycle (workflow.LIFECYCLE, under a row lock) on a date, recorded in the history."""
    if not may_change_status(by, location):
        raise PermissionDenied
    _status_step(location, to_status, on, by, note)
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=location,
        changed_fields=["status"],
        municipality_id=location.municipality_id,
    )
    return location


@transaction.atomic
def location_review(*, location: Location, decision: str, note: str, by) -> Location:
    """The municipality's decision on a market party's initiative; a declined initiative is closed."""
    if not may_review_location(by, location):
        raise PermissionDenied
    if decision not in (ReviewDecision.ACCEPTED, ReviewDecision.DECLINED):
        raise ValidationError({"decision": _("Kies: in behandeling nemen of afwijzen.")})
    if decision == ReviewDecision.DECLINED and not note.strip():
        raise ValidationError({"note": _("Geef bij een afwijzing een toelichting voor de indiener.")})
    location.review = decision
    location.review_note = note
    location.reviewed_at = timezone.now()
    location.reviewed_by = by
    if decision == ReviewDecision.DECLINED and location.status != LocationStatus.CLOSED:
        _status_step(location, LocationStatus.CLOSED, timezone.localdate(), by, _("Initiatief afgewezen"))
    location.save()
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=location,
        changed_fields=["review"],
        municipality_id=location.municipality_id,
    )
    return location


def refresh_norm_verdict(location: Location, on: datetime.date | None = None, save: bool = True) -> None:
    """Store the verdict and norm capacity under the applicable norm set, for lists and counts."""
    on = on or timezone.localdate()
    evaluation = selectors.applicable_evaluation(location, on)
    location.norm_set_applied = evaluation.norm_set if evaluation else None
    location.norm_verdict = evaluation.verdict if evaluation else "unknown"
    location.norm_capacity = evaluation.norm_capacity if evaluation else None
    location.norm_evaluated_on = on
    if save:
        Location.objects.filter(pk=location.pk).update(
            norm_set_applied=location.norm_set_applied,
            norm_verdict=location.norm_verdict,
            norm_capacity=location.norm_capacity,
            norm_evaluated_on=on,
        )


def refresh_norm_verdicts(
    locations: QuerySet[Location] | Iterable[Location] | None = None, on: datetime.date | None = None
) -> int:
    """Re-evaluate stored verdicts, e.g. after a norm set changed or a new version came into force. Returns count."""
    locations = Location.objects.all() if locations is None else locations
    count = 0
    for location in locations:
        refresh_norm_verdict(location, on)
        count += 1
    return count


def _sum(values: list) -> Any:
    # An unknown figure in one unit makes the total unknown: a norm must not pass on a partial sum.
    return None if not values or any(value is None for value in values) else sum(values)


def location_refresh_totals(location: Location) -> None:
    """Take the location's totals and beds from its units when it has any."""
    # Read afresh: a caller's location may carry a prefetched, now stale, list of units.
    units = list(Unit.objects.filter(location=location))
    if not units:
        return
    for name in UNIT_TOTALS:
        setattr(location, name, _sum([getattr(unit, name) for unit in units]))
    location.capacity_beds = sum(unit.beds for unit in units)
    refresh_norm_verdict(location, save=False)
    location.save()


@transaction.atomic
def unit_save(*, location: Location, by, data: dict[str, Any], unit: Unit | None = None, check: bool = True) -> Unit:
    """Add or change a unit; the location's totals follow."""
    if check and not may_edit_location(by, location):
        raise PermissionDenied
    unit = unit or Unit(location=location)
    for name, value in data.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    location_refresh_totals(location)
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=location,
        changed_fields=["units"],
        municipality_id=location.municipality_id,
    )
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, by, check: bool = True) -> None:
    """Remove a unit; the location's totals follow the remaining ones."""
    location = unit.location
    if check and not may_edit_location(by, location):
        raise PermissionDenied
    unit.delete()
    location_refresh_totals(location)
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=location,
        changed_fields=["units"],
        municipality_id=location.municipality_id,
    )
