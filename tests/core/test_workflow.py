"""core.workflow: the transition table, the refusal that names what may follow, the appended history and the row
lock that refuses a caller who saw an older status."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from tests.housing.factories import make_location
from zicht.core.workflow import TransitionNotAllowed, Workflow
from zicht.housing.choices import LocationStatus
from zicht.housing.models import Location, LocationStatusChange


class Light(models.TextChoices):
    GREEN = "green", "groen"
    AMBER = "amber", "oranje"
    RED = "red", "rood"
    OFF = "off", "uit"


# Declared in an order unlike the choices, to see that next_statuses follows the choices' order.
LIGHTS = Workflow(
    {Light.RED: {Light.OFF, Light.GREEN}, Light.GREEN: {Light.AMBER}, Light.AMBER: {Light.RED, Light.OFF}},
    states=Light,
    initial=Light.RED,
)

DAY = datetime.date(2024, 5, 1)


def test_the_table_answers_which_step_may_follow():
    assert LIGHTS.may_transition(Light.GREEN, Light.AMBER)
    assert not LIGHTS.may_transition(Light.GREEN, Light.RED)
    assert not LIGHTS.may_transition(Light.OFF, Light.GREEN)
    assert not LIGHTS.may_transition("unknown", Light.GREEN)
    assert LIGHTS.next_statuses(Light.RED) == [Light.GREEN, Light.OFF]  # declared order of the statuses
    assert LIGHTS.next_statuses(Light.AMBER) == [Light.RED, Light.OFF]
    assert LIGHTS.next_statuses(Light.OFF) == [] and LIGHTS.is_final(Light.OFF) and not LIGHTS.is_final(Light.RED)


def test_a_table_with_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="blue"):
        Workflow({Light.RED: {"blue"}}, states=Light, initial=Light.RED)
    with pytest.raises(ValueError):
        Workflow({}, states=Light, initial="blue")


def test_a_refused_step_names_the_statuses_that_may_follow():
    LIGHTS.check(Light.GREEN, Light.AMBER)  # allowed: no error
    with pytest.raises(TransitionNotAllowed) as refused:
        LIGHTS.check(Light.RED, Light.AMBER)
    error = refused.value
    assert isinstance(error, ValidationError)  # forms and the API show it as a field error (400 problem)
    (message,) = error.message_dict["status"]
    assert '"rood"' in message and '"oranje"' in message and '"groen", "uit"' in message
    assert (error.current, error.wanted, error.allowed) == (Light.RED, Light.AMBER, [Light.GREEN, Light.OFF])
    with pytest.raises(TransitionNotAllowed) as final:
        LIGHTS.check(Light.OFF, Light.GREEN)
    assert "volgt geen stap" in final.value.messages[0]


def test_the_error_may_carry_the_name_a_form_uses():
    table = Workflow({Light.RED: {Light.GREEN}}, states=Light, initial=Light.RED, error_field="to_status")
    with pytest.raises(TransitionNotAllowed) as refused:
        table.check(Light.GREEN, Light.RED)
    assert set(refused.value.message_dict) == {"to_status"}


# --- change_status on a real model: a location and its append-only history ------------------------------------

# A table of its own (not the housing lifecycle), so these tests follow core.workflow alone.
LIFE = Workflow(
    {"initiative": {"permit_requested", "closed"}, "permit_requested": {"permitted"}},
    states=LocationStatus,
    initial="initiative",
)


@pytest.fixture
def location(db, municipality_a):
    return make_location(municipality=municipality_a, status="initiative", status_since=DAY)


def test_a_change_saves_the_status_and_appends_one_history_row(location, officer_a):
    seen = []

    def apply(locked, from_status):
        seen.append(from_status)
        locked.status_since = DAY

    changed = LIFE.change_status(
        location, "permit_requested", by=officer_a, history=LocationStatusChange, apply=apply, record={"on": DAY}
    )
    assert seen == ["initiative"]
    assert changed.pk == location.pk and changed.status == "permit_requested"
    location.refresh_from_db()
    assert location.status == "permit_requested"
    steps = list(location.status_history.order_by("pk").values_list("from_status", "to_status", "recorded_by"))
    assert steps == [("", "initiative", None), ("initiative", "permit_requested", officer_a.pk)]


def test_a_refusal_in_apply_keeps_status_and_history(location, officer_a):
    def apply(locked, from_status):
        raise ValidationError({"on": "te vroeg"})

    with pytest.raises(ValidationError):
        LIFE.change_status(
            location, "closed", by=officer_a, history=LocationStatusChange, apply=apply, record={"on": DAY}
        )
    location.refresh_from_db()
    assert location.status == "initiative" and location.status_history.count() == 1


def test_a_stale_second_change_is_refused_after_the_first(location, officer_a, officer_b):
    first = Location.objects.get(pk=location.pk)
    second = Location.objects.get(pk=location.pk)  # saw "initiative" too
    LIFE.change_status(first, "closed", by=officer_a, history=LocationStatusChange, record={"on": DAY})
    with pytest.raises(TransitionNotAllowed) as refused:
        LIFE.change_status(second, "permit_requested", by=officer_b, history=LocationStatusChange, record={"on": DAY})
    assert refused.value.current == "closed"
    assert "intussen gewijzigd" in refused.value.messages[0]
    assert list(location.status_history.order_by("pk").values_list("to_status", flat=True)) == ["initiative", "closed"]


def test_the_row_is_read_under_a_lock(location, officer_a):
    with CaptureQueriesContext(connection) as queries:
        LIFE.change_status(location, "closed", by=officer_a, history=LocationStatusChange, record={"on": DAY})
    reads = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and "housing_location" in q["sql"]
    ]
    if connection.features.has_select_for_update:  # PostgreSQL; SQLite locks the whole database instead
        assert any("FOR UPDATE" in sql for sql in reads)
    else:
        assert reads  # read again, whatever the caller held


def test_the_first_history_row_records_the_starting_status(location, officer_a):
    new = Location.objects.get(pk=location.pk)
    row = LIFE.record_start(new, by=officer_a, history=LocationStatusChange, on=DAY, note="Geregistreerd")
    assert (row.from_status, row.to_status, row.recorded_by) == ("", "initiative", officer_a)
