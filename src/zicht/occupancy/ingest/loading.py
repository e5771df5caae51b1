"""Bulk loading of checked rows: a temporary staging table, then one set-based upsert per table.

PostgreSQL fills the staging table with COPY straight from the spool file; SQLite with batched executemany. The
counts (created/updated/unchanged, per row) are computed in SQL against the rows as they were before the upsert,
and an upsert only touches a row when something in it changed, so a file delivered twice writes nothing.

The SQL here is put together only from this module's constant table and column names (hence the S608 noqa
markers); every value goes in as a query parameter or through COPY.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ResidenceSource

STAGING = "zicht_ingest_staging"
BATCH = 5000
NULL = "\\N"
STAGING_COLUMNS = {
    "occupancy": (
        ("row_no", "integer"),
        ("pseudonym", "varchar(64)"),
        ("location_id", "bigint"),
        ("municipality_id", "bigint"),
        ("neighbourhood_id", "bigint"),
        ("res_key", "varchar(24)"),
        ("start", "date"),
        ("end", "date"),
        ("employer_id", "bigint"),
        ("agency_id", "bigint"),
        ("work_municipality_id", "bigint"),
        ("emp_key", "varchar(40)"),
    ),
    "brp": (
        ("row_no", "integer"),
        ("pseudonym", "varchar(64)"),
        ("registration", "varchar(8)"),
        ("municipality_id", "bigint"),
        ("address_id", "bigint"),
        ("place_key", "varchar(24)"),
        ("start", "date"),
        ("end", "date"),
    ),
}
# The identities a row must not share with an earlier row of the same file: (staging place column,).
IDENTITIES = {"occupancy": (("res_key",), ("emp_key",)), "brp": (("registration", "place_key"),)}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def q(name: str) -> str:
    return connection.ops.quote_name(name)


def _cell(value) -> str:
    if value is None:
        return NULL
    if type(value) is datetime.date:
        return value.isoformat()
    return str(value)


def spool_line(record: tuple) -> str:
    """One staging record in COPY text format (no value here can hold a tab, newline or backslash)."""
    return "\t".join(map(_cell, record)) + "\n"


def _spool_records(spool: IO[str]) -> Iterator[list]:
    spool.seek(0)
    for line in spool:
        yield [None if cell == NULL else cell for cell in line.rstrip("\n").split("\t")]


def _distinct() -> str:
    return "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"


def stage(kind: str, spool: IO[str]) -> None:
    """Create the temporary staging table and fill it with the spooled records."""
    columns = STAGING_COLUMNS[kind]
    names = ", ".join(q(name) for name, _type in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        definition = ", ".join(f"{q(name)} {sql_type}" for name, sql_type in columns)
        cursor.execute(f"CREATE TEMP TABLE {STAGING} ({definition})")
        if connection.vendor == "postgresql":
            spool.seek(0)
            with cursor.cursor.copy(f"COPY {STAGING} ({names}) FROM STDIN") as copy:
                while data := spool.read(1 << 20):
                    copy.write(data)
            cursor.execute(f"ANALYZE {STAGING}")
        else:
            sql = f"INSERT INTO {STAGING} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
            batch: list[list] = []
            for record in _spool_records(spool):
                batch.append(record)
                if len(batch) >= BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def drop_staging() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def duplicates(kind: str, limit: int) -> tuple[list[dict], int]:
    """Rows that repeat the identity (person, place, start) of an earlier row: the first `limit` and the count."""
    parts = []
    for place in IDENTITIES[kind]:
        partition = ", ".join(q(name) for name in ("pseudonym", *place, "start"))
        parts.append(
            f"SELECT row_no, MIN(row_no) OVER (PARTITION BY {partition}) AS first_row, "  # noqa: S608
            f"ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY row_no) AS position FROM {STAGING}"
        )
    union = " UNION ALL ".join(parts)
    found = (
        f"SELECT row_no, MIN(first_row) AS first_row FROM ({union}) AS d "  # noqa: S608
        "WHERE position > 1 GROUP BY row_no"
    )
    # Almost every file has no repeats: one grouping per identity (a hash aggregate, no sort) says so for a
    # fraction of what the window functions below cost; they only run to name the rows.
    any_repeat = " UNION ALL ".join(
        f"SELECT 1 FROM (SELECT 1 FROM {STAGING} GROUP BY "  # noqa: S608
        f"{', '.join(q(name) for name in ('pseudonym', *place, 'start'))} HAVING COUNT(*) > 1 LIMIT 1) AS g"
        for place in IDENTITIES[kind]
    )
    with connection.cursor() as cursor:
        cursor.execute(any_repeat)
        if not cursor.fetchall():
            return [], 0
        cursor.execute(f"SELECT COUNT(*) FROM ({found}) AS f")  # noqa: S608
        count = cursor.fetchone()[0]
        if not count:
            return [], 0
        cursor.execute(f"{found} ORDER BY row_no LIMIT %s", [limit])
        rows = cursor.fetchall()
    message = _("Dezelfde persoon, plaats en begindatum staan al in rij %(row)d.")
    return [{"row": row, "field": "", "reason": message % {"row": first}} for row, first in rows], count


def _changed(existing: str, new: str, columns: tuple[str, ...]) -> str:
    return " OR ".join(f"{existing}.{q(column)} {_distinct()} {new}.{q(column)}" for column in columns)


RESIDENCE_FIELDS = ("location_id", "municipality_id", "neighbourhood_id", "end")
EMPLOYMENT_FIELDS = ("employer_id", "agency_id", "work_municipality_id", "end")
BRP_FIELDS = ("municipality_id", "address_id", "end")


def count(kind: str) -> Counts:
    """Per row: created when its (residence or BRP) episode is new, updated when anything of it would change."""
    source = f"'{ResidenceSource.OCCUPANCY_LIST.value}'"
    if kind == "occupancy":
        residence_changed = _changed("r", "s", RESIDENCE_FIELDS) + f" OR r.source <> {source}"
        employment_changed = _changed("e", "s", EMPLOYMENT_FIELDS)
        sql = f"""
            SELECT COUNT(*),
                   SUM(CASE WHEN r.id IS NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN r.id IS NOT NULL AND (e.id IS NULL OR {residence_changed} OR {employment_changed})
                            THEN 1 ELSE 0 END)
            FROM {STAGING} s
            LEFT JOIN occupancy_person p ON p.pseudonym = s.pseudonym
            LEFT JOIN occupancy_residenceepisode r
                   ON r.person_id = p.id AND r.place_key = s.res_key AND r.{q("start")} = s.{q("start")}
            LEFT JOIN occupancy_employmentepisode e
                   ON e.person_id = p.id AND e.place_key = s.emp_key AND e.{q("start")} = s.{q("start")}
        """  # noqa: S608
    else:
        sql = f"""
            SELECT COUNT(*),
                   SUM(CASE WHEN b.id IS NULL THEN 1 ELSE 0 END),
                   SUM(CASE WHEN b.id IS NOT NULL AND ({_changed("b", "s", BRP_FIELDS)}) THEN 1 ELSE 0 END)
            FROM {STAGING} s
            LEFT JOIN occupancy_person p ON p.pseudonym = s.pseudonym
            LEFT JOIN occupancy_brpepisode b
                   ON b.person_id = p.id AND b.registration = s.registration AND b.place_key = s.place_key
                  AND b.{q("start")} = s.{q("start")}
        """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        total, created, updated = cursor.fetchone()
    created, updated = int(created or 0), int(updated or 0)
    return Counts(created=created, updated=updated, unchanged=int(total or 0) - created - updated)


@dataclass
class Derived:
    """Temporary tables the derive step filled before the upsert, for the persons not stored yet: (id, pseudonym),
    their registration dates (person_id = that id, due) and their episodes' spell starts (id = row_no)."""

    persons: str
    dues: str
    spells: str


def _upsert(
    table: str, columns: list[tuple[str, str]], identity: tuple[str, ...], update: tuple[str, ...], joins: str = ""
) -> str:
    """INSERT … SELECT from staging … ON CONFLICT (identity) DO UPDATE only where an updated column differs."""
    names = ", ".join(q(name) for name, _expr in columns)
    exprs = ", ".join(expr for _name, expr in columns)
    assignments = ", ".join(f"{q(name)} = excluded.{q(name)}" for name in (*update, "upload_id"))
    where = _changed(table, "excluded", update)
    # `WHERE true` keeps SQLite from reading ON CONFLICT as the join's ON clause.
    return (
        f"INSERT INTO {table} ({names}) SELECT {exprs} FROM {STAGING} s "  # noqa: S608
        f"JOIN occupancy_person p ON p.pseudonym = s.pseudonym {joins} WHERE true "
        f"ON CONFLICT ({', '.join(q(name) for name in identity)}) DO UPDATE SET {assignments} WHERE {where}"
    )


def upsert(kind: str, upload_id: int, derived: Derived | None = None) -> int:
    """Persons first (new pseudonyms only, with their registration date where `derived` has it), then the
    episodes, each in one statement; the number of persons inserted."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    source = ResidenceSource.OCCUPANCY_LIST.value
    start, end = q("start"), q("end")
    persons = f"SELECT DISTINCT pseudonym, CAST(NULL AS date) AS due FROM {STAGING}"  # noqa: S608
    if derived is not None:
        persons = (
            f"SELECT n.pseudonym, u.due FROM {derived.persons} n "  # noqa: S608
            f"LEFT JOIN {derived.dues} u ON u.person_id = n.id"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO occupancy_person (pseudonym, registration_due, created_at) "  # noqa: S608
            f"SELECT d.pseudonym, d.due, %s FROM ({persons}) AS d WHERE true ON CONFLICT (pseudonym) DO NOTHING",
            [now],
        )
        persons_inserted = max(cursor.rowcount, 0)
        if kind == "occupancy":
            residence = [
                ("person_id", "p.id"),
                ("location_id", "s.location_id"),
                ("address_id", "NULL"),
                ("municipality_id", "s.municipality_id"),
                ("neighbourhood_id", "s.neighbourhood_id"),
                ("place_key", "s.res_key"),
                ("start", f"s.{start}"),
                ("end", f"s.{end}"),
                # A new person's from the derive before the upsert; else its own start until the derive step
                # after it (same transaction) joins it to a spell: for most episodes that is already right, so
                # the derive leaves those rows alone.
                ("spell_start", f"COALESCE(sp.spell_start, s.{start})" if derived else f"s.{start}"),
                ("source", "%s"),
                ("upload_id", "%s"),
            ]
            update = (*RESIDENCE_FIELDS, "source")
            joins = f"LEFT JOIN {derived.spells} sp ON sp.id = s.row_no" if derived else ""
            identity = ("person_id", "place_key", "start")
            sql = _upsert("occupancy_residenceepisode", residence, identity, update, joins)
            cursor.execute(sql, [source, upload_id])
            employment = [
                ("person_id", "p.id"),
                ("employer_id", "s.employer_id"),
                ("agency_id", "s.agency_id"),
                ("work_municipality_id", "s.work_municipality_id"),
                ("place_key", "s.emp_key"),
                ("start", f"s.{start}"),
                ("end", f"s.{end}"),
                ("upload_id", "%s"),
            ]
            sql = _upsert(
                "occupancy_employmentepisode", employment, ("person_id", "place_key", "start"), EMPLOYMENT_FIELDS
            )
            cursor.execute(sql, [upload_id])
        else:
            brp = [
                ("person_id", "p.id"),
                ("registration", "s.registration"),
                ("municipality_id", "s.municipality_id"),
                ("address_id", "s.address_id"),
                ("place_key", "s.place_key"),
                ("start", f"s.{start}"),
                ("end", f"s.{end}"),
                ("upload_id", "%s"),
            ]
            identity = ("person_id", "registration", "place_key", "start")
            cursor.execute(_upsert("occupancy_brpepisode", brp, identity, BRP_FIELDS), [upload_id])
    return persons_inserted


def municipalities_touched(kind: str) -> tuple[set[int], set[int]]:
    """(residence or BRP municipalities, those plus work municipalities) of the staged rows: the areas whose
    indicators change."""

    def distinct(column: str) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT {column} FROM {STAGING} WHERE {column} IS NOT NULL")  # noqa: S608
            return {int(row[0]) for row in cursor.fetchall()}

    home = distinct("municipality_id")
    return home, home | (distinct("work_municipality_id") if kind == "occupancy" else set())
