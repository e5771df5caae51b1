"""The least work any occupancy ingest must do, beside a raw COPY of the same file (issue 4 item 9; PostgreSQL only).

The target "ingest at least half the raw COPY rate" is measured against a COPY that stores each row once, as text
and dates, in a table without any index. An ingest that keeps the house rules cannot do less than:
- pseudonymise every BSN in the application (HMAC-SHA256 with a key the database never sees, DOMAIN §5), and
- store one person per BSN and two episodes per row (residence and employment), each behind the unique index that
  makes an episode identifiable by person, place and start date (which idempotent re-delivery needs).

This benchmark times those two floors on their own — no validation, no lookups, no foreign keys, no derive step, no
snapshots — by COPYing precomputed rows into bare tables that carry only a primary key and the identity index, and
prints the best ratio any such ingest could reach on this machine: raw COPY time ÷ floor time.
"""

from __future__ import annotations

import io
import os
import random
import time
from pathlib import Path

import pytest
from django.db import connection

from zicht.core.privacy.pseudonyms import pseudonymise_bsn
from zicht.occupancy.ingest.validation import PSEUDONYM_DOMAIN

from .test_bench_occupancy import PERSONS, ROWS, _bsns, _raw_copy, _report

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "bsn,location_ref,from,to,work_municipality,employer_kvk,agency_kvk\n"
CPUS = os.cpu_count() or 1
NULL = "\\N"  # COPY text format


def _file(path: Path, bsns: list[str], rng: random.Random) -> list[tuple[int, int, str, str]]:
    """Write the occupancy file and return, per row, (person index, location index, start, stop) for the floor."""
    rows = []
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(ROWS):
            person = i % PERSONS
            location = rng.randrange(50_000)
            # A person's earlier stay (the second pass over the persons) lies in 2024, the current one in 2025.
            year = 2025 if i < PERSONS else 2024
            start = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            stop = "" if i < PERSONS else f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            handle.write(f"{bsns[person]},B-{location:06d},{start},{stop},GM0150,,\n")
            rows.append((person, location, start, stop))
    return rows


def _copy(cursor, sql: str, lines: io.StringIO) -> None:
    with cursor.copy(sql) as copy:
        copy.write(lines.getvalue())


def _store_floor(pseudonyms: list[str], rows: list[tuple[int, int, str, str]]) -> float:
    """Seconds to COPY persons and both episode tables with nothing but a primary key and the identity index."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE floor_person (id bigint PRIMARY KEY, pseudonym varchar(64) UNIQUE)")
        cursor.execute(
            "CREATE TABLE floor_residence (id bigserial PRIMARY KEY, person_id bigint, place_key varchar(24), "
            "start date, stop date, UNIQUE (person_id, place_key, start))"
        )
        cursor.execute(
            "CREATE TABLE floor_employment (id bigserial PRIMARY KEY, person_id bigint, place_key varchar(24), "
            "start date, stop date, UNIQUE (person_id, place_key, start))"
        )
        persons = io.StringIO("".join(f"{i}\t{p}\n" for i, p in enumerate(pseudonyms)))
        residence = io.StringIO("".join(f"{p}\tL{loc}\t{start}\t{stop or NULL}\n" for p, loc, start, stop in rows))
        employment = io.StringIO("".join(f"{p}\tGM0150\t{start}\t{stop or NULL}\n" for p, _, start, stop in rows))
        started = time.perf_counter()
        _copy(cursor, "COPY floor_person FROM STDIN", persons)
        _copy(cursor, "COPY floor_residence (person_id, place_key, start, stop) FROM STDIN", residence)
        _copy(cursor, "COPY floor_employment (person_id, place_key, start, stop) FROM STDIN", employment)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE floor_person, floor_residence, floor_employment")
    return seconds


def test_bench_ingest_floor(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the floor is measured on PostgreSQL (make bench-pg)")
    rng = random.Random(20261123)
    bsns = _bsns(PERSONS, rng)
    path = tmp_path / "occupancy.csv"
    rows = _file(path, bsns, rng)

    raw = _raw_copy(path)

    started = time.perf_counter()
    pseudonyms = [pseudonymise_bsn(bsn, PSEUDONYM_DOMAIN) for bsn in bsns]
    for _person, *_ in rows[PERSONS:]:  # every row's BSN is hashed: later rows repeat earlier persons
        pseudonymise_bsn(bsns[_person], PSEUDONYM_DOMAIN)
    hashing = time.perf_counter() - started

    storing = _store_floor(pseudonyms, rows)
    floor = storing + hashing / CPUS  # hashing spread perfectly over every CPU, storing as fast as COPY goes
    _report(
        "ingest floor",
        {
            "rows": f"{ROWS:,}",
            "cpus": str(CPUS),
            "raw_copy_s": f"{raw:.2f}",
            "raw_copy_rows_per_s": f"{ROWS / raw:,.0f}",
            "pseudonymise_one_core_s": f"{hashing:.2f}",
            "store_persons_and_episodes_s": f"{storing:.2f}",
            "floor_s": f"{floor:.2f}",
            "floor_rows_per_s": f"{ROWS / floor:,.0f}",
            "best_possible_ratio": f"{raw / floor:.2f}",
        },
    )
    assert storing > 0 and hashing > 0
