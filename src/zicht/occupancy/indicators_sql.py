"""The set-based SQL behind the indicator snapshots: one GROUP BY query per measure family over all requested
municipalities, written once for SQLite and PostgreSQL (only date arithmetic differs, see `days_between`).

Counting never happens in Python: a refresh over a million persons is a handful of queries whatever the size.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import connection

from zicht.geography.models import Region
from zicht.housing.models import Location

from .choices import BrpRegistration
from .models import BrpEpisode, EmploymentEpisode, Person, ResidenceEpisode

COUNT_FIELDS = (
    "living",
    "occupancy",
    "brp_registered",
    "rni_only",
    "address_mismatch",
    "should_register_not_registered",
    "working",
    "registered_work_known",
    "registered_working_in_residence",
    "stay_short",
    "stay_long",
)


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "res": quote(ResidenceEpisode._meta.db_table),
        "emp": quote(EmploymentEpisode._meta.db_table),
        "brp": quote(BrpEpisode._meta.db_table),
        "person": quote(Person._meta.db_table),
        "loc": quote(Location._meta.db_table),
        "members": quote(Region.municipalities.through._meta.db_table),
        "end": quote("end"),
    }


def date_param(name: str) -> str:
    """A named date parameter as the engine needs it in arithmetic (SQLite keeps dates as ISO text)."""
    return f"%({name})s" if connection.vendor == "sqlite" else f"CAST(%({name})s AS date)"


def days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from `earlier` to `later` (both date expressions) on this connection's engine."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _in_list(prefix: str, values: Sequence[int]) -> tuple[str, dict]:
    """`%(prefix0)s, %(prefix1)s, …` and its parameters: IN lists stay parameterised on both engines."""
    params = {f"{prefix}{index}": value for index, value in enumerate(values)}
    return ", ".join(f"%({name})s" for name in params), params


def covering(alias: str, end: str) -> str:
    """The episode at `alias` covers the day %(d)s (start ≤ d, and open or ending on or after d)."""
    return f"{alias}.start <= %(d)s AND ({alias}.{end} IS NULL OR {alias}.{end} >= %(d)s)"


# Grouped by `{group}` of the residence episode (the municipality or the neighbourhood): `g` is the group, `m` the
# municipality it lies in (BRP "here" and work "in the residence municipality" compare with the municipality).
AREA_COUNTS = """
WITH living AS (
    SELECT r.{group} AS g, MAX(r.municipality_id) AS m, r.person_id AS p,
           MAX(CASE WHEN r.location_id IS NOT NULL THEN 1 ELSE 0 END) AS in_location,
           MIN(COALESCE(r.spell_start, r.start)) AS spell_start
    FROM {res} r
    WHERE r.municipality_id IN ({ids}) AND r.{group} IS NOT NULL AND {covers_r}
    GROUP BY r.{group}, r.person_id
),
brp AS (
    SELECT l.g, l.p,
           MAX(CASE WHEN b.registration = %(resident)s THEN 1 ELSE 0 END) AS resident,
           MAX(CASE WHEN b.registration = %(rni)s THEN 1 ELSE 0 END) AS rni,
           MAX(CASE WHEN b.registration = %(resident)s AND b.municipality_id = l.m THEN 1 ELSE 0 END) AS here,
           MAX(CASE WHEN b.registration = %(resident)s AND b.municipality_id <> l.m THEN 1 ELSE 0 END) AS elsewhere
    FROM living l JOIN {brp} b ON b.person_id = l.p
    WHERE {covers_b}
    GROUP BY l.g, l.p
),
work AS (
    SELECT l.g, l.p,
           MAX(CASE WHEN e.work_municipality_id IS NOT NULL THEN 1 ELSE 0 END) AS known,
           MAX(CASE WHEN e.work_municipality_id = l.m THEN 1 ELSE 0 END) AS here
    FROM living l JOIN {emp} e ON e.person_id = l.p
    WHERE {covers_e}
    GROUP BY l.g, l.p
),
spell AS (
    SELECT l.g, l.p,
           MAX(CASE WHEN r.{end} IS NULL THEN 1 ELSE 0 END) AS still_open,
           MAX(r.{end}) AS last_end
    FROM living l JOIN {res} r ON r.person_id = l.p AND COALESCE(r.spell_start, r.start) = l.spell_start
    GROUP BY l.g, l.p
)
SELECT l.g,
       COUNT(*),
       SUM(l.in_location),
       SUM(COALESCE(b.resident, 0)),
       SUM(CASE WHEN b.rni = 1 AND b.resident = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN b.elsewhere = 1 AND b.here = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN pe.registration_due <= %(d)s AND COALESCE(b.resident, 0) = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN w.p IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN b.resident = 1 AND w.known = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN b.resident = 1 AND w.here = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN {stay_days} <= %(short_max)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN {stay_days} > %(long_min)s THEN 1 ELSE 0 END)
FROM living l
JOIN {person} pe ON pe.id = l.p
LEFT JOIN brp b ON b.g = l.g AND b.p = l.p
LEFT JOIN work w ON w.g = l.g AND w.p = l.p
LEFT JOIN spell s ON s.g = l.g AND s.p = l.p
GROUP BY l.g
"""
# The residence episode columns the counts may be grouped by (never user input, but kept to a fixed list).
GROUPINGS = ("municipality_id", "neighbourhood_id")


def area_counts(
    group: str, municipality_ids: Sequence[int], on: datetime.date, short_max_days: int, long_min_days: int
) -> dict[int, dict[str, int]]:
    """Per `group` (a residence episode column in GROUPINGS) within the municipalities, the counts of COUNT_FIELDS
    on `on`, with one stay-mix threshold pair for all of them.

    §4.1: a stay's length is its spell's whole length when the spell has ended (its last episode's end), else
    the days so far up to `on`; spell_start comes from the ingest (an episode's own start when not yet set).
    """
    if group not in GROUPINGS:
        raise ValueError(f"cannot group indicator counts by {group!r}")
    if not municipality_ids:
        return {}
    t = _tables()
    ids, params = _in_list("m", municipality_ids)
    last_day = f"CASE WHEN s.still_open = 1 THEN {date_param('d')} ELSE s.last_end END"
    sql = AREA_COUNTS.format(
        **t,
        group=group,
        ids=ids,
        covers_r=covering("r", t["end"]),
        covers_b=covering("b", t["end"]),
        covers_e=covering("e", t["end"]),
        stay_days=f"({days_between(last_day, 'l.spell_start')} + 1)",
    )
    params.update(
        d=on,
        resident=BrpRegistration.RESIDENT.value,
        rni=BrpRegistration.RNI.value,
        short_max=short_max_days,
        long_min=long_min_days,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: dict(zip(COUNT_FIELDS, (int(v or 0) for v in row[1:]), strict=True)) for row in cursor}


def municipality_counts(
    municipality_ids: Sequence[int], on: datetime.date, short_max_days: int, long_min_days: int
) -> dict[int, dict[str, int]]:
    """Per municipality the counts of COUNT_FIELDS on `on` (see `area_counts`)."""
    return area_counts("municipality_id", municipality_ids, on, short_max_days, long_min_days)


def neighbourhood_counts(
    municipality_ids: Sequence[int], on: datetime.date, short_max_days: int, long_min_days: int
) -> dict[int, dict[str, int]]:
    """Per neighbourhood of the municipalities the counts of COUNT_FIELDS on `on` (see `area_counts`); residence
    episodes without a neighbourhood count in their municipality only."""
    return area_counts("neighbourhood_id", municipality_ids, on, short_max_days, long_min_days)


COMMUTES = """
WITH living AS (
    SELECT DISTINCT r.municipality_id AS m, r.person_id AS p
    FROM {res} r
    WHERE r.municipality_id IN ({ids}) AND {covers_r}
),
jobs AS (
    SELECT DISTINCT l.m, l.p, e.work_municipality_id AS w
    FROM living l JOIN {emp} e ON e.person_id = l.p
    WHERE {covers_e}
)
SELECT m, w, COUNT(*) FROM jobs GROUP BY m, w
"""


def commute_counts(municipality_ids: Sequence[int], on: datetime.date) -> list[tuple[int, int | None, int]]:
    """(residence municipality, work municipality or None when unknown, working persons) on `on`.

    A person with jobs in two municipalities on the day counts in both rows, as the matrix is about trips.
    """
    if not municipality_ids:
        return []
    t = _tables()
    ids, params = _in_list("m", municipality_ids)
    params["d"] = on
    sql = COMMUTES.format(**t, ids=ids, covers_r=covering("r", t["end"]), covers_e=covering("e", t["end"]))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(m, w, int(n)) for m, w, n in cursor]


LOCATION_COUNTS = """
WITH res AS (
    SELECT r.location_id AS loc, r.person_id AS p
    FROM {res} r
    WHERE {where} AND r.location_id IS NOT NULL AND {covers_r}
    GROUP BY r.location_id, r.person_id
),
cls AS (
    SELECT res.loc, res.p,
           MAX(CASE WHEN e.work_municipality_id = lo.municipality_id THEN 1 ELSE 0 END) AS same,
           MAX(CASE WHEN rm.municipality_id IS NOT NULL THEN 1 ELSE 0 END) AS in_region,
           MAX(CASE WHEN e.work_municipality_id IS NOT NULL THEN 1 ELSE 0 END) AS known
    FROM res
    JOIN {loc} lo ON lo.id = res.loc
    JOIN {emp} e ON e.person_id = res.p
    LEFT JOIN {members} rm ON rm.region_id = %(region)s AND rm.municipality_id = e.work_municipality_id
    WHERE {covers_e}
    GROUP BY res.loc, res.p
)
SELECT res.loc,
       COUNT(*),
       SUM(CASE WHEN c.same = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.same = 0 AND c.in_region = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.same = 0 AND c.in_region = 0 AND c.known = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN COALESCE(c.known, 0) = 0 THEN 1 ELSE 0 END)
FROM res LEFT JOIN cls c ON c.loc = res.loc AND c.p = res.p
GROUP BY res.loc
"""


def location_counts(
    on: datetime.date,
    region_id: int | None,
    *,
    municipality_ids: Iterable[int] = (),
    location_ids: Iterable[int] = (),
) -> dict[int, tuple[int, int, int, int, int]]:
    """Per location with residents on `on`: (residents, same municipality, elsewhere in the region, outside the
    region, unknown) — §4.5. A resident with several jobs counts once, in the closest bucket; unknown means no
    job on the day or none with a known work municipality. `region_id` None: no region, so all known is outside."""
    municipality_ids, location_ids = list(municipality_ids), list(location_ids)
    if not municipality_ids and not location_ids:
        return {}
    t = _tables()
    if location_ids:
        ids, params = _in_list("l", location_ids)
        where = f"r.location_id IN ({ids})"
    else:
        ids, params = _in_list("m", municipality_ids)
        where = f"r.municipality_id IN ({ids})"
    params.update(d=on, region=region_id)
    sql = LOCATION_COUNTS.format(**t, where=where, covers_r=covering("r", t["end"]), covers_e=covering("e", t["end"]))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(int(v or 0) for v in row[1:]) for row in cursor}
