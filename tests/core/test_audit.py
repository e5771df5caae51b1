"""The append-only audit log: what `record` stores, bulk read logging, and refusal to change history."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from zicht.core import audit
from zicht.core.models import AuditAction, AuditEvent

from ..conftest import PASSWORD
from ..factories import AddressFactory


@pytest.fixture
def event(officer_a, municipality_a):
    return audit.record(actor=officer_a, action=AuditAction.UPDATE, obj=municipality_a, changed_fields=["name"])


def test_record_stores_actor_action_object_fields_and_address(officer_a, municipality_a):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    created = audit.record(
        actor=officer_a,
        action=AuditAction.UPDATE,
        obj=municipality_a,
        changed_fields=["province", "name"],
        request=request,
        municipality_id=municipality_a.pk,
        detail="renamed",
    )
    stored = AuditEvent.objects.get(pk=created.pk)
    assert stored.actor == officer_a
    assert stored.actor_label == "officer_a"
    assert stored.action == AuditAction.UPDATE
    assert stored.object_type == "geography.municipality"
    assert stored.object_id == str(municipality_a.pk)
    assert stored.object_repr == "Deventer"
    assert stored.changed_fields == ["name", "province"]
    assert stored.client_address == "192.0.2.10"
    assert stored.municipality_id == municipality_a.pk
    assert stored.detail == "renamed"
    assert stored.at is not None


def test_record_without_actor_or_request(db):
    stored = audit.record(actor=None, action=AuditAction.IMPORT, object_type="geography.municipality")
    assert stored.actor is None and stored.actor_label == "" and stored.client_address is None


def test_client_address_from_forwarded_header_only_behind_a_proxy(settings, officer_a):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    settings.BEHIND_PROXY = False
    assert audit.record(actor=officer_a, action=AuditAction.READ, request=request).client_address == "10.0.0.1"
    settings.BEHIND_PROXY = True
    assert audit.record(actor=officer_a, action=AuditAction.READ, request=request).client_address == "198.51.100.7"


def test_long_texts_are_cut_to_the_column(officer_a):
    stored = audit.record(actor=officer_a, action=AuditAction.READ, object_repr="x" * 500, detail="y" * 500)
    stored.refresh_from_db()
    assert len(stored.object_repr) == 200 and len(stored.detail) == 300


def test_person_data_read_logs_one_event_per_object(registration_officer_a, municipality_a, django_assert_num_queries):
    shown = [AddressFactory(municipality=municipality_a) for _ in range(7)]
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.20")
    with django_assert_num_queries(1):
        logged = audit.record_person_data_read(
            actor=registration_officer_a,
            request=request,
            objects=shown,
            municipality_id=municipality_a.pk,
            detail="work list",
        )
    assert logged == 7
    events = AuditEvent.objects.filter(action=AuditAction.READ)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(str(a.pk) for a in shown)
    assert set(events.values_list("object_type", flat=True)) == {"geography.address"}
    assert set(events.values_list("actor_id", "client_address", "municipality_id", "detail")) == {
        (registration_officer_a.pk, "192.0.2.20", municipality_a.pk, "work list")
    }


def test_person_data_read_of_nothing_logs_nothing(registration_officer_a):
    assert audit.record_person_data_read(actor=registration_officer_a, objects=[]) == 0
    assert not AuditEvent.objects.exists()


def test_orm_refuses_to_change_an_event(event):
    event.detail = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.detail == ""


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET detail = 'rewritten'",
        "UPDATE core_auditevent SET actor_id = NULL",
        "DELETE FROM core_auditevent",
    ],
)
def test_database_refuses_to_change_an_event(event, statement):
    assert connection.vendor in {"sqlite", "postgresql"}  # the databases migration 0002 puts triggers on
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(pk=event.pk, detail="", actor__isnull=False).exists()


def test_database_still_accepts_new_events(event, officer_a):
    audit.record(actor=officer_a, action=AuditAction.READ)
    assert AuditEvent.objects.count() == 2


def test_login_and_logout_are_logged_with_the_client_address(client, officer_a):
    response = client.post(reverse("login"), {"username": "officer_a", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302
    login = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (login.actor, login.actor_label, login.client_address) == (officer_a, "officer_a", "203.0.113.5")

    response = client.post(reverse("logout"), REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 302
    logout = AuditEvent.objects.get(action=AuditAction.LOGOUT)
    assert (logout.actor, logout.client_address) == (officer_a, "203.0.113.6")


def test_failed_login_is_no_login_event(client, officer_a):
    client.post(reverse("login"), {"username": "officer_a", "password": "wrong"}, REMOTE_ADDR="203.0.113.5")
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
