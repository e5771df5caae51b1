"""Writes of neighbourhood plans and measures: municipality checks, dates, and an audit event for every change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from zicht.core.models import AuditAction, AuditEvent
from zicht.neighbourhoods import services
from zicht.neighbourhoods.choices import MeasureKind, MeasureStatus, PlanStatus
from zicht.neighbourhoods.models import NeighbourhoodPlan, PlanMeasure

from .support import make_hoods

D = datetime.date


@pytest.fixture
def hoods(municipality_a, municipality_b):
    return make_hoods(municipality_a, municipality_b)


@pytest.fixture
def plan(hoods, municipality_a, officer_a):
    return services.plan_create(
        municipality=municipality_a,
        name="Wijkplan Rivierenwijk",
        district=hoods.district,
        neighbourhoods=[hoods.rivierenwijk],
        starts_on=D(2025, 1, 1),
        ends_on=D(2026, 12, 31),
        by=officer_a,
    )


def events(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action)


def test_create_records_the_plan_and_an_audit_event(plan, hoods, officer_a):
    assert list(plan.neighbourhoods.all()) == [hoods.rivierenwijk]
    event = events(plan, AuditAction.CREATE).get()
    assert event.actor == officer_a and event.municipality_id == plan.municipality_id


def test_neighbourhood_of_another_municipality_is_rejected_and_nothing_is_kept(hoods, municipality_a, officer_a):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(
            municipality=municipality_a,
            name="Wijkplan met een buurt van Zwolle",
            neighbourhoods=[hoods.rivierenwijk, hoods.hoven],
            by=officer_a,
        )
    assert "neighbourhoods" in caught.value.message_dict
    assert not NeighbourhoodPlan.objects.filter(name="Wijkplan met een buurt van Zwolle").exists()
    assert not AuditEvent.objects.filter(object_type="neighbourhoods.neighbourhoodplan").exists()


def test_update_with_a_neighbourhood_elsewhere_is_rejected_and_keeps_the_old_ones(plan, hoods, officer_a):
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, data={}, neighbourhoods=[hoods.hoven], by=officer_a)
    assert list(NeighbourhoodPlan.objects.get(pk=plan.pk).neighbourhoods.all()) == [hoods.rivierenwijk]


def test_end_before_start_is_rejected(municipality_a, officer_a, plan):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(
            municipality=municipality_a,
            name="Verkeerd om",
            starts_on=D(2025, 6, 1),
            ends_on=D(2025, 1, 1),
            by=officer_a,
        )
    assert "ends_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, data={"ends_on": D(2024, 12, 31)}, by=officer_a)
    assert NeighbourhoodPlan.objects.get(pk=plan.pk).ends_on == D(2026, 12, 31)
    with pytest.raises(ValidationError) as caught:
        services.measure_save(
            plan=plan,
            kind=MeasureKind.CAMERA_PILOT,
            title="Pilot camera's",
            owner="Openbare orde en veiligheid",
            starts_on=D(2025, 9, 1),
            ends_on=D(2025, 3, 1),
            by=officer_a,
        )
    assert "ends_on" in caught.value.message_dict
    assert not plan.measures.exists()


def test_district_of_another_municipality_is_rejected(municipality_b, hoods, officer_b):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(municipality=municipality_b, name="Wijkplan", district=hoods.district, by=officer_b)
    assert "district" in caught.value.message_dict


def test_update_audits_only_what_changed(plan, hoods, officer_a):
    services.plan_update(
        plan=plan,
        data={"status": PlanStatus.ADOPTED, "adopted_on": D(2025, 2, 1)},
        neighbourhoods=[hoods.rivierenwijk, hoods.deltabuurt],
        by=officer_a,
    )
    event = events(plan, AuditAction.UPDATE).get()
    assert event.changed_fields == ["adopted_on", "neighbourhoods", "status"]
    assert set(plan.neighbourhoods.all()) == {hoods.rivierenwijk, hoods.deltabuurt}
    # Saving the same values again changes nothing, so nothing new is audited.
    services.plan_update(
        plan=plan, data={"status": PlanStatus.ADOPTED}, neighbourhoods=[hoods.deltabuurt, hoods.rivierenwijk]
    )
    assert events(plan, AuditAction.UPDATE).count() == 1


def test_measures_are_saved_changed_and_deleted_with_audit(plan, officer_a):
    measure = services.measure_save(
        plan=plan,
        kind=MeasureKind.OWNERS_ASSOCIATIONS,
        title="  VvE's in de Deltabuurt informeren ",
        owner="Wijkteam",
        starts_on=D(2025, 3, 1),
        by=officer_a,
    )
    assert (measure.title, measure.status, measure.plan) == ("VvE's in de Deltabuurt informeren", "planned", plan)
    assert events(measure, AuditAction.CREATE).get().municipality_id == plan.municipality_id

    changed = services.measure_save(
        plan=plan,
        measure=measure,
        kind=MeasureKind.OWNERS_ASSOCIATIONS,
        title=measure.title,
        owner="Wijkteam en VvE-loket",
        status=MeasureStatus.RUNNING,
        starts_on=D(2025, 3, 1),
        ends_on=D(2025, 12, 31),
        by=officer_a,
    )
    assert changed.pk == measure.pk
    stored = PlanMeasure.objects.get(pk=measure.pk)
    assert (stored.owner, stored.status, stored.ends_on) == ("Wijkteam en VvE-loket", "running", D(2025, 12, 31))
    assert events(measure, AuditAction.UPDATE).count() == 1

    pk = measure.pk
    services.measure_delete(measure=stored, by=officer_a)
    assert not PlanMeasure.objects.filter(pk=pk).exists()
    deleted = AuditEvent.objects.get(
        object_type="neighbourhoods.planmeasure", object_id=str(pk), action=AuditAction.DELETE
    )
    assert deleted.actor == officer_a and deleted.object_repr == "VvE's in de Deltabuurt informeren"
