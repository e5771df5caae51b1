"""Named copies of the test database, so the browser tests build the demo once and every test starts from it.

SQLite (an in-memory test database that the live server shares): a copy is another in-memory database, made and
put back with SQLite's online backup, a page copy that takes a fraction of a second. PostgreSQL: a copy is a
database created from the test database as template; putting it back drops the test database and creates it again
from the copy, the fastest way PostgreSQL has to return a database to an earlier state.
"""

from __future__ import annotations

import sqlite3

from django.db.backends.base.base import BaseDatabaseWrapper


class SqliteSnapshots:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self._copies: dict[str, sqlite3.Connection] = {}

    def _raw(self) -> sqlite3.Connection:
        self.connection.ensure_connection()
        raw = self.connection.connection
        if raw.in_transaction:
            raw.rollback()
        return raw

    def changes(self) -> int:
        """Rows inserted, updated or deleted on the shared connection so far: the live server writes through it too."""
        return self._raw().total_changes

    def save(self, name: str) -> None:
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        self._raw().backup(copy)
        self._copies[name] = copy

    def restore(self, name: str) -> None:
        self._copies[name].backup(self._raw())

    def drop(self) -> None:
        for copy in self._copies.values():
            copy.close()
        self._copies.clear()


class PostgresSnapshots:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection
        self.name = connection.settings_dict["NAME"]
        self._copies: list[str] = []
        # FILE_COPY copies the database's files instead of writing every page to the WAL; it arrived in PostgreSQL 15.
        self._strategy = " STRATEGY FILE_COPY" if connection.pg_version >= 150000 else ""

    def changes(self) -> None:
        """Unknown: the live server's requests write through connections of their own, so every test is restored."""
        return None

    def _copy_name(self, name: str) -> str:
        return f"{self.name}_{name}"

    def _run(self, *statements: str) -> None:
        # A database can only be a template, or be dropped, while nobody is connected to it.
        self.connection.close()
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            )
            for statement in statements:
                cursor.execute(statement)
        # The next query connects anew, to the database as it is now.
        self.connection.close()

    def save(self, name: str) -> None:
        copy = self._copy_name(name)
        quote = self.connection.ops.quote_name
        self._run(
            f"DROP DATABASE IF EXISTS {quote(copy)}",
            f"CREATE DATABASE {quote(copy)} TEMPLATE {quote(self.name)}{self._strategy}",
        )
        if copy not in self._copies:
            self._copies.append(copy)

    def restore(self, name: str) -> None:
        quote = self.connection.ops.quote_name
        self._run(
            f"DROP DATABASE {quote(self.name)} WITH (FORCE)",
            f"CREATE DATABASE {quote(self.name)} TEMPLATE {quote(self._copy_name(name))}{self._strategy}",
        )

    def drop(self) -> None:
        quote = self.connection.ops.quote_name
        self._run(*(f"DROP DATABASE IF EXISTS {quote(copy)}" for copy in self._copies))
        self._copies.clear()


def snapshots_for(connection: BaseDatabaseWrapper) -> SqliteSnapshots | PostgresSnapshots:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return SqliteSnapshots(connection)
    if connection.vendor == "postgresql":
        return PostgresSnapshots(connection)
    raise RuntimeError(f"the browser tests cannot copy a {connection.vendor} test database")
