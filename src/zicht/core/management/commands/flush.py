"""`flush` that also works on SQLite with the append-only audit log.

Django's flush empties tables with DELETE on SQLite, which the audit log's triggers refuse, so every
transactional test (and `zicht flush`) would fail there. PostgreSQL flushes with TRUNCATE, which row triggers do not
see. Flushing empties the whole database on purpose, so on SQLite the triggers are lifted for the flush only and
put back afterwards.
"""

from __future__ import annotations

import importlib

from django.core.management.commands import flush
from django.db import connections

triggers = importlib.import_module("zicht.core.migrations.0002_audit_append_only")


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite" or "core_auditevent" not in connection.introspection.table_names():
            return super().handle(**options)
        with connection.cursor() as cursor:
            for statement in triggers.SQLITE_REVERSE:
                cursor.execute(statement)
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                for statement in triggers.SQLITE:
                    cursor.execute(statement)
