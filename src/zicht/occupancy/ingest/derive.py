"""What follows from the residence episodes after a load: each touched person's registration date (§4.2) and each
of their episodes' spell start (§4.1), recomputed over all their episodes, set-based.

Spells are islands in SQL (window functions): ordered by start, an episode opens a new spell when it starts more
than a day after the latest end so far (`rules.merge_periods`). Every spell start is written by one UPDATE … FROM.
Where §4.2 reduces to a formula (BY_FORMULA: one spell, a first spell of 122 days or more, or under 122 days in
all) the registration date is computed in SQL too; the other persons go through `rules.registration_due` in
Python, streamed in person order, and their dates are written through a temporary table and one UPDATE … FROM.
Only changed values are written.

Persons new to the database have no episodes but the staged rows, so for them the same SQL runs over the staging
table before the upsert (`derive_for_new_persons`): the upsert then inserts each new person with their date and
each of their episodes with its spell start, and the step after the upsert only handles persons stored before.
Rewriting a freshly inserted person costs a new row version and three index entries each — at 100,000 persons
that was the dearest statement of the derive (docs/performance.md).
"""

from __future__ import annotations

import datetime
import io
import itertools

from django.db import connection

from .. import rules
from .loading import NULL, STAGING, q

PERSONS = "zicht_ingest_persons"
SPELLS = "zicht_ingest_spells"
DUES = "zicht_ingest_dues"
# Read by the upsert: the staged persons not yet stored (a number of this ingest's own, and the pseudonym: windows
# partition faster by a number), their registration dates (person_id = that number, due; only where there is one)
# and their episodes' spell starts (id = the staged row's row_no).
NEW_PERSONS = "zicht_ingest_new_persons"
NEW_DUES = "zicht_ingest_new_dues"
NEW_SPELLS = "zicht_ingest_new_spells"
FETCH = 10_000
WRITE_BATCH = 20_000
ONGOING = "9999-12-31"  # stands in for an open end inside SQL, so MAX() sees it as the latest
SINGLE_SPELL_DUE = rules.PRESENT_DAYS - 1 + rules.GRACE_DAYS


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _ongoing() -> str:
    return f"DATE '{ONGOING}'" if _postgresql() else f"'{ONGOING}'"


def _after_next_day(later: str, earlier: str) -> str:
    """SQL: `later` is more than one day after `earlier` (both dates)."""
    if _postgresql():
        return f"{later} > {earlier} + 1"
    return f"julianday({later}) > julianday({earlier}) + 1"


def _plus_days(day: str, days: int) -> str:
    return f"({day} + {days})" if _postgresql() else f"date({day}, '+{days} days')"


def _distinct() -> str:
    return "IS DISTINCT FROM" if _postgresql() else "IS NOT"


def _stored_episodes() -> str:
    """The stored residence episodes of the touched persons, as (id, person_id, start, end)."""
    start, end = q("start"), q("end")
    return (
        f"SELECT r.id, r.person_id, r.{start}, r.{end} FROM occupancy_residenceepisode r "  # noqa: S608
        f"JOIN {PERSONS} t ON t.id = r.person_id"
    )


def _staged_episodes() -> str:
    """The staged rows of new persons, as (id, person_id, start, end): the row number and the person's number."""
    start, end = q("start"), q("end")
    return (
        f"SELECT s.row_no AS id, n.id AS person_id, s.{start}, s.{end} FROM {STAGING} s "  # noqa: S608
        f"JOIN {NEW_PERSONS} n ON n.pseudonym = s.pseudonym"
    )


def _spells_sql(episodes: str) -> str:
    """Per episode (of `episodes`): its spell's start and the episode's end (ONGOING when open)."""
    start, end = q("start"), q("end")
    ends = f"COALESCE(r.{end}, {_ongoing()})"
    return f"""
        SELECT i.id, i.person_id, i.{end} AS episode_end,
               MIN(i.{start}) OVER (PARTITION BY i.person_id, i.island) AS spell_start
        FROM (
            SELECT b.id, b.person_id, b.{start}, b.{end},
                   SUM(CASE WHEN b.reach IS NULL OR {_after_next_day(f"b.{start}", "b.reach")} THEN 1 ELSE 0 END)
                       OVER (PARTITION BY b.person_id ORDER BY b.{start}, b.id ROWS UNBOUNDED PRECEDING) AS island
            FROM (
                SELECT r.id, r.person_id, r.{start}, {ends} AS {end},
                       MAX({ends}) OVER (PARTITION BY r.person_id ORDER BY r.{start}, r.id
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
                FROM ({episodes}) r
            ) b
        ) i
    """  # noqa: S608


def _touched_persons(cursor, *, without_new: bool) -> None:
    leave_out = ""
    if without_new:
        leave_out = f" WHERE NOT EXISTS (SELECT 1 FROM {NEW_PERSONS} n WHERE n.pseudonym = p.pseudonym)"  # noqa: S608
    cursor.execute(f"DROP TABLE IF EXISTS {PERSONS}")
    cursor.execute(
        f"CREATE TEMP TABLE {PERSONS} AS SELECT DISTINCT p.id AS id FROM occupancy_person p "  # noqa: S608
        f"JOIN {STAGING} s ON s.pseudonym = p.pseudonym{leave_out}"
    )
    cursor.execute(f"CREATE UNIQUE INDEX {PERSONS}_id ON {PERSONS} (id)")


def _spells(cursor, table: str, episodes: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE TEMP TABLE {table} AS {_spells_sql(episodes)}")
    if _postgresql():
        cursor.execute(f"ANALYZE {table}")


def _write_spell_starts(cursor) -> int:
    _spells(cursor, SPELLS, _stored_episodes())
    cursor.execute(
        f"UPDATE occupancy_residenceepisode SET spell_start = s.spell_start FROM {SPELLS} s "  # noqa: S608
        f"WHERE occupancy_residenceepisode.id = s.id "
        f"AND occupancy_residenceepisode.spell_start {_distinct()} s.spell_start"
    )
    return max(cursor.rowcount, 0)


def _days(later: str, earlier: str) -> str:
    """SQL: the days from `earlier` to `later`, both dates."""
    if _postgresql():
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS integer)"


def _islands(cursor, spells: str = SPELLS) -> str:
    """A temporary table of each touched person's spells: (person_id, spell_start, spell_end, spells, first_days,
    total_days) with the person's number of spells, the length of their first spell and of all spells together."""
    table = "zicht_ingest_islands"
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    length = f"({_days('g.spell_end', 'g.spell_start')} + 1)"
    cursor.execute(
        f"CREATE TEMP TABLE {table} AS "  # noqa: S608
        f"SELECT g.person_id, g.spell_start, g.spell_end, COUNT(*) OVER (PARTITION BY g.person_id) AS spells, "
        f"FIRST_VALUE({length}) OVER (PARTITION BY g.person_id ORDER BY g.spell_start) AS first_days, "
        f"SUM({length}) OVER (PARTITION BY g.person_id) AS total_days "
        f"FROM (SELECT person_id, spell_start, MAX(episode_end) AS spell_end FROM {spells} "
        f"GROUP BY person_id, spell_start) g"
    )
    if _postgresql():
        cursor.execute(f"ANALYZE {table}")
    return table


# §4.2 in SQL where it reduces to a formula. Before the first spell nobody is present, so when the first spell
# lasts 122 days presence reaches 122 on its 122nd day: due 126 days after its start. When all spells together
# last under 122 days, no window of 183 days can hold 122 days present: never due. Other persons: Python.
BY_FORMULA = f"(i.spells = 1 OR i.first_days >= {rules.PRESENT_DAYS} OR i.total_days < {rules.PRESENT_DAYS})"


def _formula_dues(islands: str) -> str:
    """SQL: (person_id, due) for the persons BY_FORMULA covers: due 126 days after the first spell's start once it
    lasts 122 days."""
    due = f"CASE WHEN i.first_days >= {rules.PRESENT_DAYS} THEN {_plus_days('i.spell_start', SINGLE_SPELL_DUE)} END"
    return f"SELECT i.person_id, MIN({due}) AS due FROM {islands} i WHERE {BY_FORMULA} GROUP BY i.person_id"  # noqa: S608


def _write_formula_dues(cursor, islands: str) -> int:
    cursor.execute(
        f"UPDATE occupancy_person SET registration_due = d.due "  # noqa: S608
        f"FROM ({_formula_dues(islands)}) d "
        f"WHERE occupancy_person.id = d.person_id AND occupancy_person.registration_due {_distinct()} d.due"
    )
    return max(cursor.rowcount, 0)


def _end(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return None if value.isoformat() == ONGOING else value


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _python_dues(islands: str, *, stored: bool = True):
    """(person, registration date) for each person BY_FORMULA leaves out whose date changes (from none, for a new
    person); streamed."""
    if stored:
        sql = (
            f"SELECT i.person_id, i.spell_start, i.spell_end, p.registration_due FROM {islands} i "  # noqa: S608
            f"JOIN occupancy_person p ON p.id = i.person_id "
            f"WHERE NOT {BY_FORMULA} ORDER BY i.person_id, i.spell_start"
        )
    else:
        sql = (
            f"SELECT i.person_id, i.spell_start, i.spell_end, NULL FROM {islands} i "  # noqa: S608
            f"WHERE NOT {BY_FORMULA} ORDER BY i.person_id, i.spell_start"
        )
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        rows = iter(lambda: cursor.fetchmany(FETCH), [])
        for person_id, group in itertools.groupby(itertools.chain.from_iterable(rows), key=lambda row: row[0]):
            group = list(group)
            due = rules.registration_due((_date(start), _end(end)) for _p, start, end, _due in group)
            if due != _date(group[0][3]):
                yield person_id, due


def _store_dues(cursor, batch: list[tuple], table: str = DUES) -> None:
    if _postgresql():
        buffer = io.StringIO()
        for person, due in batch:
            buffer.write(f"{person}\t{due.isoformat() if due else NULL}\n")
        with cursor.cursor.copy(f"COPY {table} (person_id, due) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
    else:
        adapt = connection.ops.adapt_datefield_value
        cursor.executemany(
            f"INSERT INTO {table} (person_id, due) VALUES (%s, %s)",  # noqa: S608
            [(person, adapt(due)) for person, due in batch],
        )
    batch.clear()


def _write_python_dues(cursor, islands: str) -> int:
    cursor.execute(f"DROP TABLE IF EXISTS {DUES}")
    cursor.execute(f"CREATE TEMP TABLE {DUES} (person_id bigint, due date)")
    # Written in batches between fetches: the read cursor is server-side on PostgreSQL, and only a temporary
    # table is written while it is open, so what it reads does not move under it.
    batch: list[tuple[int, datetime.date | None]] = []
    changed = 0
    for row in _python_dues(islands):
        batch.append(row)
        changed += 1
        if len(batch) >= WRITE_BATCH:
            _store_dues(cursor, batch)
    if batch:
        _store_dues(cursor, batch)
    if changed:
        cursor.execute(
            f"UPDATE occupancy_person SET registration_due = d.due FROM {DUES} d "  # noqa: S608
            f"WHERE occupancy_person.id = d.person_id"
        )
    return changed


def derive_for_new_persons() -> int:
    """Before the upsert: the registration dates (NEW_DUES) and spell starts (NEW_SPELLS) of the staged persons not
    yet stored (NEW_PERSONS), from their staged rows, which are all the episodes they have; their number."""
    with connection.cursor() as cursor:
        for table in (NEW_PERSONS, NEW_DUES):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMP TABLE {NEW_PERSONS} AS SELECT ROW_NUMBER() OVER () AS id, d.pseudonym "  # noqa: S608
            f"FROM (SELECT DISTINCT s.pseudonym FROM {STAGING} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM occupancy_person p WHERE p.pseudonym = s.pseudonym)) d"
        )
        cursor.execute(f"CREATE UNIQUE INDEX {NEW_PERSONS}_pseudonym ON {NEW_PERSONS} (pseudonym)")
        cursor.execute(f"SELECT COUNT(*) FROM {NEW_PERSONS}")  # noqa: S608
        new = cursor.fetchone()[0]
        if _postgresql():
            cursor.execute(f"ANALYZE {NEW_PERSONS}")
        _spells(cursor, NEW_SPELLS, _staged_episodes())
        islands = _islands(cursor, NEW_SPELLS)
        cursor.execute(f"CREATE TEMP TABLE {NEW_DUES} (person_id bigint, due date)")
        cursor.execute(
            f"INSERT INTO {NEW_DUES} (person_id, due) SELECT d.person_id, d.due "  # noqa: S608
            f"FROM ({_formula_dues(islands)}) d WHERE d.due IS NOT NULL"
        )
        batch: list[tuple] = []
        for row in _python_dues(islands, stored=False):
            batch.append(row)
            if len(batch) >= WRITE_BATCH:
                _store_dues(cursor, batch, NEW_DUES)
        if batch:
            _store_dues(cursor, batch, NEW_DUES)
        if _postgresql():
            cursor.execute(f"ANALYZE {NEW_DUES}")
        cursor.execute(f"DROP TABLE IF EXISTS {islands}")
    return new


def drop_new_persons() -> None:
    with connection.cursor() as cursor:
        for table in (NEW_PERSONS, NEW_DUES, NEW_SPELLS):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def derive_for_staged_persons(*, without_new: bool = False) -> int:
    """Recompute registration_due and spell_start for every staged person (or, after derive_for_new_persons, every
    staged person stored before); returns the number of rows changed."""
    with connection.cursor() as cursor:
        _touched_persons(cursor, without_new=without_new)
        changed = _write_spell_starts(cursor)
        islands = _islands(cursor)
        changed += _write_formula_dues(cursor, islands)
        changed += _write_python_dues(cursor, islands)
        for table in (DUES, islands, SPELLS, PERSONS):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return changed
