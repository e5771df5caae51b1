"""Memory stays flat in the file size: the peak for a file five times as long is close to the shorter file's.

Sizes are kept to 10,000 and 50,000 rows so the test (slowed several times by tracemalloc) stays near 30 s;
anything that held rows would grow fivefold between the two.
"""

from __future__ import annotations

import tracemalloc

from zicht.occupancy.ingest import run_ingest
from zicht.occupancy.ingest import runner as ingest_runner
from zicht.occupancy.models import ResidenceEpisode

from .ingest_support import (
    OCCUPANCY_HEADER,
    bsns,
    places_fixture,  # noqa: F401  (the `places` fixture)
)

SMALL, LARGE = 10_000, 50_000


def write_rows(path, people: list[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(OCCUPANCY_HEADER + "\n")
        for index, bsn in enumerate(people):
            location = ("D-1", "D-2", "Z-1")[index % 3]
            handle.write(f"{bsn},{location},2025-0{1 + index % 9}-01,,GM0150,23456789,\n")


def peak_of_ingest(path) -> int:
    tracemalloc.start()
    try:
        upload = run_ingest("occupancy", path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert upload.error_count == 0, upload.errors[:3]
    return peak


def test_peak_memory_is_flat_in_the_file_size(tmp_path, places, monkeypatch):
    monkeypatch.setattr(ingest_runner, "_refresh_indicators", lambda ids: None)
    people = bsns(LARGE)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    write_rows(small, people[:SMALL])
    write_rows(large, people)
    # The smaller file first: the lookups and caches it warms are there for the larger one as well.
    small_peak = peak_of_ingest(small)
    large_peak = peak_of_ingest(large)
    assert ResidenceEpisode.objects.count() == LARGE
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
    assert large_peak < 50 * 1024 * 1024
