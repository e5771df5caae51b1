"""Benchmarks of the foundation (run with `make bench`; they print figures and assert no timings).

- pseudonymisation throughput (HMAC-SHA256 with eleven-test validation), the cost every ingested row pays;
- the scoped address list query for a municipal user, at 100,000 addresses over 70 municipalities.
"""

from __future__ import annotations

import random
import statistics
import time

import pytest

from zicht.core.privacy.pseudonyms import pseudonymise_bsn
from zicht.core.roles import Role
from zicht.core.scopes import scoped
from zicht.geography.models import Address, Municipality, Province

from ..core.bsn import complete_bsn


def random_valid_bsn(rng: random.Random) -> str:
    while (bsn := complete_bsn(f"{rng.randrange(10_000_000, 100_000_000):08d}")) is None:
        pass
    return bsn


def _report(name: str, figures: dict[str, str]) -> None:
    print(f"\n[bench] {name}: " + ", ".join(f"{key}={value}" for key, value in figures.items()))


def test_bench_pseudonymisation_throughput():
    rng = random.Random(42)
    bsns = [random_valid_bsn(rng) for _ in range(200_000)]
    started = time.perf_counter()
    pseudonyms = [pseudonymise_bsn(bsn, "monitoring") for bsn in bsns]
    elapsed = time.perf_counter() - started
    assert len(set(pseudonyms)) == len(set(bsns))
    _report(
        "pseudonymise_bsn",
        {"rows": f"{len(bsns):,}", "seconds": f"{elapsed:.2f}", "rows_per_second": f"{len(bsns) / elapsed:,.0f}"},
    )


@pytest.mark.django_db
def test_bench_scoped_address_list(make_user):
    province = Province.objects.create(code="PV23", name="Overijssel")
    municipalities = Municipality.objects.bulk_create(
        [Municipality(code=f"GM{9000 + i:04d}", name=f"Gemeente {i}", province=province) for i in range(70)]
    )
    rng = random.Random(7)
    Address.objects.bulk_create(
        [
            Address(
                street="Straat",
                house_number=i + 1,
                postcode=f"{1000 + i % 8999} AB",
                municipality=rng.choice(municipalities),
            )
            for i in range(100_000)
        ],
        batch_size=5_000,
    )
    user = make_user(Role.POLICY_OFFICER, scope_municipality=municipalities[0])
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        page = list(scoped(Address.objects.all(), user).order_by("postcode", "house_number")[:25])
        count = scoped(Address.objects.all(), user).count()
        timings.append((time.perf_counter() - started) * 1000)
    assert len(page) == 25 and 0 < count < 100_000
    timings.sort()
    _report(
        "scoped address list (page of 25 + count, 100k addresses)",
        {
            "visible": f"{count:,}",
            "p50_ms": f"{statistics.median(timings):.1f}",
            "p95_ms": f"{timings[int(len(timings) * 0.95) - 1]:.1f}",
        },
    )
