"""Shared pieces of the ingest tests: places to refer to, valid BSNs and file writers."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from django.test import TestCase
from openpyxl import Workbook

from zicht.occupancy.ingest.validation import BRP_COLUMNS, OCCUPANCY_COLUMNS
from zicht.parties.choices import OrganisationKind

from ..core.bsn import complete_bsn
from ..factories import AddressFactory, OrganisationFactory
from ..housing.factories import LocationFactory

OCCUPANCY_HEADER = ",".join(OCCUPANCY_COLUMNS)
BRP_HEADER = ",".join(BRP_COLUMNS)


def committed():
    """Run the commit hooks (queued tasks) of the block when it ends, as a real commit would; tests run inside
    a transaction that never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def bsns(count: int, start: int = 10_000_000) -> list[str]:
    """`count` distinct eleven-test-valid BSNs."""
    found = (complete_bsn(f"{n:08d}") for n in itertools.count(start))
    return list(itertools.islice((bsn for bsn in found if bsn), count))


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, header: str, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header.split(","))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_json(path: Path, header: str, rows: list[str], *, wrapped: bool = False) -> Path:
    objects = [dict(zip(header.split(","), row.split(","), strict=True)) for row in rows]
    path.write_text(json.dumps({"rows": objects} if wrapped else objects), encoding="utf-8")
    return path


@pytest.fixture(name="places")
def places_fixture(municipality_a, municipality_b, municipality_elsewhere, housing_provider):
    """Two Deventer locations (one operated by the housing provider), one in Zwolle, an employer and an agency."""
    employer = OrganisationFactory(name="Kas BV", kind=OrganisationKind.EMPLOYER, kvk_number="23456789")
    agency = OrganisationFactory(name="Uitzend BV", kind=OrganisationKind.EMPLOYMENT_AGENCY, kvk_number="34567890")
    return {
        "deventer": municipality_a,
        "zwolle": municipality_b,
        "tiel": municipality_elsewhere,
        "provider": housing_provider,
        "employer": employer,
        "agency": agency,
        "D-1": LocationFactory(ref="D-1", municipality=municipality_a, operator=housing_provider),
        "D-2": LocationFactory(ref="D-2", municipality=municipality_a),
        "Z-1": LocationFactory(ref="Z-1", municipality=municipality_b),
        "address": AddressFactory(postcode="7411 AB", house_number=12, municipality=municipality_a),
    }
