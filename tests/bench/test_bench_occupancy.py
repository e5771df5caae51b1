"""National-scale benchmark of occupancy ingest and indicators (issue 4 item 9; `make bench`, PostgreSQL only).

At scale 1.0 (ZICHT_BENCH_SCALE shrinks it): 1,000,000 persons, 1,500,000 occupancy rows (1.5 M residence and
1.5 M employment episodes), 50,000 locations in 342 municipalities. Prints, and asserts no timing:
- ingest rows/s of run_ingest on the occupancy file beside a raw COPY of the same file into a bare table;
- peak RSS of a child process running the ingest (its own VmHWM, and that minus its RSS after Django setup);
- snapshot refresh time over all municipalities (refresh_after_ingest);
- p50/p95 of GET /api/v1/areas/{code}/indicators?date= for 200 requests over random areas on the refreshed
  date, and for 50 requests on random other dates (computed on demand).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from zicht.core.models import User
from zicht.core.roles import Role
from zicht.core.services import api_token_create
from zicht.demo.bsn import eleven_test_digit
from zicht.geography.models import Municipality, Province, Region
from zicht.housing.models import Location
from zicht.parties.models import Organisation

SCALE = float(os.environ.get("ZICHT_BENCH_SCALE", "1.0"))
PERSONS = max(1_000, int(1_000_000 * SCALE))
ROWS = max(1_500, int(1_500_000 * SCALE))
LOCATIONS = max(100, int(50_000 * SCALE))
MUNICIPALITIES, PROVINCES, REGIONS, AGENCIES = 342, 12, 30, 100
DAY = datetime.date(2026, 11, 23)
FIRST = datetime.date(2024, 1, 1)
HEADER = ["bsn", "location_ref", "from", "to", "work_municipality", "employer_kvk", "agency_kvk"]

pytestmark = pytest.mark.django_db(transaction=True)

CHILD = """
import json, os, resource, sys, time
import django
django.setup()
from pathlib import Path
import zicht.occupancy.indicators as indicators
from zicht.occupancy import ingest

refresh_seconds = []
original = indicators.refresh_after_ingest
def timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return original(*args, **kwargs)
    finally:
        refresh_seconds.append(time.perf_counter() - started)
for name, module in list(sys.modules.items()):
    if name.startswith("zicht.occupancy") and getattr(module, "refresh_after_ingest", None) is original:
        module.refresh_after_ingest = timed
baseline = int(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmRSS:")))
profile = None
if os.environ.get("ZICHT_BENCH_PROFILE"):
    import cProfile
    profile = cProfile.Profile()
    profile.enable()
started = time.perf_counter()
upload = ingest.run_ingest("occupancy", Path(sys.argv[1]), channel="cli", filename="bench-occupancy.csv")
seconds = time.perf_counter() - started
if profile is not None:
    import pstats
    profile.disable()
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
def high_water_kb():
    # VmHWM is this process's own peak: ru_maxrss also counts the parent's peak (Linux carries it over exec).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "refresh_seconds": sum(refresh_seconds), "status": upload.status,
    "rows": upload.rows_done, "created": upload.created, "errors": upload.errors[:3],
    "baseline_kb": baseline, "peak_kb": high_water_kb()}))
"""


def _report(name: str, figures: dict[str, str]) -> None:
    print(f"\n[bench] {name}: " + ", ".join(f"{key}={value}" for key, value in figures.items()), flush=True)


def _bsns(count: int, rng: random.Random) -> list[str]:
    """`count` distinct valid BSNs drawn from the whole 8-digit range (bench data never leaves the test database)."""
    found: list[str] = []
    for number in rng.sample(range(10_000_000, 100_000_000), int(count * 1.2) + 100):
        first = str(number)
        digit = eleven_test_digit(first)
        if digit is not None:
            found.append(f"{first}{digit}")
            if len(found) == count:
                return found
    raise AssertionError("too few BSNs drawn")


def _geography(rng: random.Random) -> list[Municipality]:
    provinces = Province.objects.bulk_create(
        [Province(code=f"PV{20 + i}", name=f"Provincie {i}") for i in range(PROVINCES)]
    )
    municipalities = Municipality.objects.bulk_create(
        [
            Municipality(code=f"GM{5000 + i:04d}", name=f"Gemeente {i}", province=provinces[i % PROVINCES])
            for i in range(MUNICIPALITIES)
        ]
    )
    regions = Region.objects.bulk_create([Region(name=f"Regio {i}", slug=f"regio-{i}") for i in range(REGIONS)])
    Region.municipalities.through.objects.bulk_create(
        [
            Region.municipalities.through(region_id=regions[i % REGIONS].pk, municipality_id=m.pk)
            for i, m in enumerate(municipalities)
        ]
    )
    return municipalities


def _locations(municipalities: list[Municipality], rng: random.Random) -> list[tuple[str, str]]:
    """(ref, municipality code) of LOCATIONS locations in use, bulk-inserted (not through the services)."""
    rows = [(f"B-{i:06d}", rng.choice(municipalities)) for i in range(LOCATIONS)]
    Location.objects.bulk_create(
        [
            Location(
                ref=ref,
                name=f"Locatie {ref}",
                municipality=municipality,
                form="regular_dwelling",
                stay_type="short",
                status="in_use",
                status_since=datetime.date(2020, 1, 1),
                in_use_since=datetime.date(2020, 1, 1),
                capacity_beds=rng.randint(4, 80),
            )
            for ref, municipality in rows
        ],
        batch_size=5_000,
    )
    return [(ref, municipality.code) for ref, municipality in rows]


def _occupancy_file(path: Path, locations: list[tuple[str, str]], codes: list[str], rng: random.Random) -> None:
    """ROWS rows over PERSONS persons: everyone has a current stay, the first ROWS - PERSONS an earlier one too."""
    agencies = [f"{98000000 + i}" for i in range(AGENCIES)]
    bsns = _bsns(PERSONS, rng)
    span = (DAY - FIRST).days
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(ROWS):
            person = i % PERSONS
            ref, home = rng.choice(locations)
            if i < PERSONS:
                start = FIRST + datetime.timedelta(days=rng.randint(span // 2, span))
                end = "" if rng.random() < 0.5 else (DAY + datetime.timedelta(days=rng.randint(1, 300))).isoformat()
            else:
                start = FIRST + datetime.timedelta(days=rng.randint(0, span // 2 - 200))
                end = (start + datetime.timedelta(days=rng.randint(14, 180))).isoformat()
            draw = rng.random()
            work = home if draw < 0.6 else "" if draw > 0.9 else rng.choice(codes)
            agency = rng.choice(agencies) if rng.random() < 0.5 else ""
            writer.writerow([bsns[person], ref, start.isoformat(), end, work, "", agency])


def _raw_copy(path: Path) -> float:
    """Seconds to COPY the file into a bare table with the same columns (typed dates, no indexes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_raw_occupancy (bsn char(9), location_ref text, start date, stop date, "
            "work_municipality text, employer_kvk text, agency_kvk text)"
        )
        started = time.perf_counter()
        with (
            path.open("rb") as handle,
            cursor.copy("COPY bench_raw_occupancy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_raw_occupancy")
        assert cursor.fetchone()[0] == ROWS
        cursor.execute("DROP TABLE bench_raw_occupancy")
    return seconds


def _child_ingest(path: Path) -> dict:
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "zicht.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    if os.environ.get("ZICHT_BENCH_PROFILE"):
        print(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _percentiles(timings: list[float]) -> dict[str, str]:
    timings = sorted(timings)
    return {
        "requests": str(len(timings)),
        "p50_ms": f"{statistics.median(timings):.1f}",
        "p95_ms": f"{timings[max(0, int(len(timings) * 0.95) - 1)]:.1f}",
        "max_ms": f"{timings[-1]:.1f}",
    }


def _api_timings(client: Client, token: str, areas: list[str], dates: list[datetime.date], rng, n: int) -> list[float]:
    timings = []
    for _ in range(n):
        code, day = rng.choice(areas), rng.choice(dates)
        started = time.perf_counter()
        response = client.get(
            f"/api/v1/areas/{code}/indicators?date={day.isoformat()}", HTTP_AUTHORIZATION=f"Token {token}"
        )
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (code, response.status_code, response.content[:300])
    return timings


def test_bench_occupancy_national_scale(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the occupancy benchmark measures PostgreSQL (make bench runs it under pg_throwaway)")
    rng = random.Random(2026)
    started = time.perf_counter()
    municipalities = _geography(rng)
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Uitzendbureau {i}", kind="employment_agency", kvk_number=f"{98000000 + i}")
            for i in range(AGENCIES)
        ]
    )
    locations = _locations(municipalities, rng)
    path = tmp_path / "occupancy.csv"
    _occupancy_file(path, locations, [m.code for m in municipalities], rng)
    _report(
        "setup",
        {
            "scale": f"{SCALE:g}",
            "persons": f"{PERSONS:,}",
            "occupancy_rows": f"{ROWS:,}",
            "locations": f"{LOCATIONS:,}",
            "file_mb": f"{path.stat().st_size / 1e6:.0f}",
            "seconds": f"{time.perf_counter() - started:.1f}",
        },
    )
    copy_seconds = _raw_copy(path)
    result = _child_ingest(path)
    assert result["status"] == "done", result["errors"]
    load_seconds = result["seconds"] - result["refresh_seconds"]
    _report(
        "ingest (run_ingest, occupancy CSV, child process)",
        {
            "rows": f"{ROWS:,}",
            "seconds": f"{result['seconds']:.1f}",
            "of_which_refresh_s": f"{result['refresh_seconds']:.1f}",
            "rows_per_second": f"{ROWS / result['seconds']:,.0f}",
            "rows_per_second_without_refresh": f"{ROWS / load_seconds:,.0f}",
            "raw_copy_seconds": f"{copy_seconds:.1f}",
            "raw_copy_rows_per_second": f"{ROWS / copy_seconds:,.0f}",
            "ratio_to_copy": f"{copy_seconds / result['seconds']:.3f}",
            "ratio_to_copy_without_refresh": f"{copy_seconds / load_seconds:.3f}",
            "peak_rss_mb": f"{result['peak_kb'] / 1024:.0f}",
            "peak_rss_above_setup_mb": f"{(result['peak_kb'] - result['baseline_kb']) / 1024:.0f}",
        },
    )
    from zicht.occupancy.indicators import refresh_after_ingest

    started = time.perf_counter()
    refresh_after_ingest([m.pk for m in municipalities], on=DAY)
    _report("snapshot refresh (all municipalities)", {"seconds": f"{time.perf_counter() - started:.1f}"})

    try:
        reverse("api-area-indicators", kwargs={"code": "GM0001"})
    except NoReverseMatch:
        _report("indicators API", {"skipped": "the route /api/v1/areas/{code}/indicators is not mounted"})
        return
    user = User.objects.create(username="bench-api", role=Role.ADMINISTRATOR, is_api_client=True)
    _, token = api_token_create(user=user, name="bench")
    client = Client()
    areas = [m.code for m in municipalities] + [f"PV{20 + i}" for i in range(PROVINCES)]
    warm = _api_timings(client, token, areas, [DAY], rng, 200)
    _report("indicators API, refreshed date", _percentiles(warm))
    other_days = [FIRST + datetime.timedelta(days=rng.randint(0, (DAY - FIRST).days - 1)) for _ in range(50)]
    cold = _api_timings(client, token, areas, other_days, rng, 50)
    _report("indicators API, other dates (computed on demand)", _percentiles(cold))
