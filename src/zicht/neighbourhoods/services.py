"""Writes of neighbourhood plans and their measures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from zicht.core import audit
from zicht.core.models import AuditAction

from .choices import MeasureStatus, PlanStatus
from .models import NeighbourhoodPlan, PlanMeasure


@transaction.atomic
def plan_create(
    *,
    municipality,
    name: str,
    district=None,
    neighbourhoods: Iterable = (),
    status: str = PlanStatus.DRAFT,
    summary: str = "",
    adopted_on: datetime.date | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    by=None,
    request=None,
) -> NeighbourhoodPlan:
    """Create a neighbourhood plan for a set of neighbourhoods of one municipality."""
    plan = NeighbourhoodPlan(
        municipality=municipality,
        district=district,
        name=name.strip(),
        status=status,
        summary=summary,
        adopted_on=adopted_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    plan.full_clean()
    plan.save()
    _set_neighbourhoods(plan, neighbourhoods)
    audit.record(actor=by, action=AuditAction.CREATE, obj=plan, request=request, municipality_id=municipality.pk)
    return plan


@transaction.atomic
def plan_update(*, plan: NeighbourhoodPlan, data: dict, neighbourhoods: Iterable | None = None, by=None, request=None):
    """Change a plan's fields (and, when given, its neighbourhoods)."""
    changed = [key for key, value in data.items() if getattr(plan, key) != value]
    for key, value in data.items():
        setattr(plan, key, value)
    plan.full_clean()
    plan.save()
    if neighbourhoods is not None:
        chosen = list(neighbourhoods)
        before = set(plan.neighbourhoods.values_list("pk", flat=True))
        _set_neighbourhoods(plan, chosen)
        if {item.pk for item in chosen} != before:
            changed.append("neighbourhoods")
    if changed:
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=plan,
            changed_fields=changed,
            request=request,
            municipality_id=plan.municipality_id,
        )
    return plan


def _set_neighbourhoods(plan: NeighbourhoodPlan, neighbourhoods: Iterable) -> None:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    chosen = list(neighbourhoods)
    if any(item.municipality_id != plan.municipality_id for item in chosen):
        raise ValidationError({"neighbourhoods": _("Een buurt ligt in een andere gemeente.")})
    plan.neighbourhoods.set(chosen)


@transaction.atomic
def measure_save(
    *,
    plan: NeighbourhoodPlan,
    kind: str,
    title: str,
    owner: str,
    status: str = MeasureStatus.PLANNED,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
    measure: PlanMeasure | None = None,
    by=None,
    request=None,
) -> PlanMeasure:
    """Add a measure to a plan, or change `measure` when given."""
    adding = measure is None
    measure = measure or PlanMeasure(plan=plan)
    measure.kind, measure.title, measure.owner, measure.status = kind, title.strip(), owner.strip(), status
    measure.starts_on, measure.ends_on, measure.note = starts_on, ends_on, note
    measure.full_clean()
    measure.save()
    audit.record(
        actor=by,
        action=AuditAction.CREATE if adding else AuditAction.UPDATE,
        obj=measure,
        request=request,
        municipality_id=plan.municipality_id,
    )
    return measure


def measure_delete(*, measure: PlanMeasure, by=None, request=None) -> None:
    """Remove a measure from its plan."""
    municipality_id = measure.plan.municipality_id
    audit.record(actor=by, action=AuditAction.DELETE, obj=measure, request=request, municipality_id=municipality_id)
    measure.delete()
