"""`flush` (and so every transactional test) empties the audit log, which stays append-only afterwards."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zicht.core import audit
from zicht.core.models import AuditAction, AuditEvent


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_audit_log_and_keeps_the_triggers():
    audit.record(actor=None, action=AuditAction.IMPORT, detail="before the flush")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()

    audit.record(actor=None, action=AuditAction.IMPORT, detail="after the flush")
    for statement in ("UPDATE core_auditevent SET detail = 'x'", "DELETE FROM core_auditevent"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.get().detail == "after the flush"
