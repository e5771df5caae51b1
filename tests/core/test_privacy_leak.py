"""Leak test: after pseudonymising, logging, auditing and failing logins with BSNs, no BSN (and no pseudonym key) is
found in any column of any table, nor in the log output produced with settings.LOGGING."""

from __future__ import annotations

import copy
import io
import logging
import logging.config
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import reverse

from zicht.core import audit
from zicht.core.models import AuditAction
from zicht.core.privacy.logging import REDACTED
from zicht.core.privacy.pseudonyms import _domain_key, pseudonymise_bsn, pseudonymise_document
from zicht.core.roles import Role
from zicht.core.services import api_token_create

from ..factories import AddressFactory
from .bsn import complete_bsn

BSNS = ["111222333", "123456782", complete_bsn("27070707")]


def bsn_pattern(bsn: str) -> re.Pattern[str]:
    """The BSN with or without separators between its digits (111222333, 111.222.333, 1112.22.333, …)."""
    return re.compile(r"[\s.-]?".join(bsn))


PATTERNS = [bsn_pattern(bsn) for bsn in BSNS]


@pytest.fixture
def log_stream():
    """Logging configured exactly as settings.LOGGING says, with the console handler writing to a buffer."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    config = copy.deepcopy(settings.LOGGING)
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield stream
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)


def cell_text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def texts_in_database():
    """(where, text) for every field of every model and every cell of every table."""
    for model in apps.get_models():
        names = [field.attname for field in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*names):
            for name, value in zip(names, row, strict=True):
                if value is not None:
                    yield f"{model._meta.label}.{name}", cell_text(value)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608  (table names from introspection)
            for row in cursor.fetchall():
                for value in row:
                    if value is not None:
                        yield table, cell_text(value)


def leaks(text: str) -> list[str]:
    found = [pattern.pattern for pattern in PATTERNS if pattern.search(text)]
    secrets = [settings.PSEUDONYM_KEY, _domain_key("monitoring").hex(), _domain_key("enforcement").hex()]
    return found + [f"secret #{index}" for index, secret in enumerate(secrets) if secret in text]


def test_no_bsn_in_the_database_or_the_logs(client, log_stream, registration_officer_a, municipality_a, make_user):
    assert all(BSNS)
    pseudonyms = [pseudonymise_bsn(bsn, "monitoring") for bsn in BSNS]
    enforcement = pseudonymise_bsn(BSNS[0], "enforcement")
    document = pseudonymise_document("NX12AB345", "POL", "monitoring")

    # Log lines with BSNs, the way code and libraries tend to write them.
    logger = logging.getLogger("zicht.registrations")
    logger.info("registration for %s received", BSNS[0])
    logger.warning("address research for BSN %s.%s.%s", BSNS[1][:3], BSNS[1][3:6], BSNS[1][6:])
    logger.error(f"mismatch: {BSNS[2][:3]} {BSNS[2][3:6]} {BSNS[2][6:]} vs 123456789")
    try:
        raise ValueError(f"cannot match BSN {BSNS[0]}")
    except ValueError:
        logger.exception("import row 7 failed")
    logger.info("stack", stack_info=True, extra={"bsn_hint": "x"})
    # Django logs the path of a 404; the path here carries a BSN.
    assert client.get(f"/api/v1/does-not-exist/{BSNS[1]}").status_code == 404

    # Audit events and a user beside the pseudonymised person.
    subject = make_user(
        Role.REGISTRATION_OFFICER,
        scope_municipality=municipality_a,
        username=f"p-{pseudonyms[0][:20]}",
        first_name="Jan",
        last_name="de Vries",
        email="jan.devries@example.org",
    )
    audit.record(
        actor=registration_officer_a,
        action=AuditAction.READ,
        object_type="registrations.person",
        object_id=pseudonyms[0],
        object_repr=pseudonyms[0][:12],
        municipality_id=municipality_a.pk,
        detail="address research opened",
    )
    audit.record(actor=registration_officer_a, action=AuditAction.UPDATE, obj=subject, changed_fields=["first_name"])
    audit.record_person_data_read(
        actor=registration_officer_a,
        objects=[AddressFactory(municipality=municipality_a) for _ in range(3)],
        municipality_id=municipality_a.pk,
    )
    api_token_create(user=subject, name=f"client of {enforcement[:8]}", by=registration_officer_a)
    # Someone types a BSN into the username field of the login page.
    client.post(reverse("login"), {"username": BSNS[2], "password": "wrong password"}, REMOTE_ADDR="192.0.2.1")
    client.post(reverse("login"), {"username": BSNS[0], "password": BSNS[0]}, REMOTE_ADDR="192.0.2.1")

    for pseudonym in [*pseudonyms, enforcement, document]:
        assert not leaks(pseudonym)

    found = [(where, leaks(text)) for where, text in texts_in_database() if leaks(text)]
    assert found == []

    log_output = log_stream.getvalue()
    assert leaks(log_output) == []
    # The lines were logged (redacted), so the scan above did look at them.
    assert log_output.count(REDACTED) >= 5
    assert "registration for [BSN verwijderd] received" in log_output
    assert "Not Found: /api/v1/does-not-exist/[BSN verwijderd]" in log_output
    assert "ValueError: cannot match BSN [BSN verwijderd]" in log_output
    assert "vs 123456789" in log_output  # a number that fails the eleven-test is left alone


def test_scan_finds_a_planted_bsn(log_stream, municipality_a):
    """The scanner itself can fail: a BSN stored in a plain text column is found."""
    AddressFactory(municipality=municipality_a, street=f"Straat {BSNS[0]}")
    found = {where for where, text in texts_in_database() if leaks(text)}
    assert found == {"geography.Address.street", "geography_address"}
    logging.getLogger("zicht.test").info("no bsn here")
    assert "no bsn here" in log_stream.getvalue()
