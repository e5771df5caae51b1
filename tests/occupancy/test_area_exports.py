"""Every download of the occupancy area page and of the supply page answers 200 with data rows, for every role that
sees the page and every area it offers, also when published estimates stand beside the counts."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zicht.geography.areas import area_choices
from zicht.occupancy.models import Estimate

from ..housing.factories import make_location
from .world import ON, build_world

DAY = ON.isoformat()
OCCUPANCY_URL = reverse("occupancy:dashboard")
SUPPLY_URL = reverse("housing:supply")
SUPPLY_TABLES = ("verblijfsduur", "jaar", "gemeenten")


@pytest.fixture
def world(municipality_a, municipality_b, region):
    built = build_world(municipality_a, municipality_b, region)
    for code, low, high in (("GM0150", 1500, 2500), ("GM0193", 900, 1400)):
        Estimate.objects.create(
            area_kind="municipality",
            area_code=code,
            measure="living",
            year=2021,
            low=Decimal(low),
            high=Decimal(high),
            source="Decisio tabel 1",
        )
    make_location(municipality=municipality_b, capacity_beds=12)
    return built


def downloaded_rows(response, fmt: str) -> list[list]:
    """The header and data rows of a CSV or XLSX download."""
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def several_municipality_codes(user) -> list[str]:
    """The offered areas of more than one municipality: those whose page has the downloadable table."""
    return [code for _label, options in area_choices(user) for code, _name in options if not code.startswith("GM")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ["province_director", "regional_coordinator", "administrator"])
def test_occupancy_area_table_downloads_with_rows(client, world, request, role, fmt):
    user = request.getfixturevalue(role)
    client.force_login(user)
    codes = several_municipality_codes(user)
    assert "PV23" in codes or "west-overijssel" in codes
    for code in codes:
        response = client.get(OCCUPANCY_URL, {"gebied": code, "datum": DAY, "export": fmt})
        assert response.status_code == 200, code
        rows = downloaded_rows(response, fmt)
        assert len(rows) >= 2, code
        by_code = {row[2]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        if "GM0150" in by_code:  # the published estimate stands in the download beside the counts
            assert by_code["GM0150"]["Schatting: bron en jaar"] == "Decisio tabel 1 (2021)", code
            assert str(by_code["GM0150"]["Schatting wonend: ondergrens"]) == "1500", code


def test_occupancy_sort_on_the_estimate(client, world, province_director):
    client.force_login(province_director)
    response = client.get(OCCUPANCY_URL, {"gebied": "PV23", "datum": DAY, "sorteer": "-estimate"})
    assert response.status_code == 200
    assert [row["area"]["code"] for row in response.context["municipality_rows"]] == ["GM0150", "GM0193"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "role", ["officer_a", "registration_officer_a", "regional_coordinator", "province_director", "administrator"]
)
def test_supply_downloads_with_rows(client, world, request, role, fmt):
    user = request.getfixturevalue(role)
    client.force_login(user)
    codes = [code for _label, options in area_choices(user) for code, _name in options]
    for code in codes:
        for table in SUPPLY_TABLES:
            response = client.get(SUPPLY_URL, {"gebied": code, "tabel": table, "export": fmt})
            assert response.status_code == 200, (code, table)
            assert len(downloaded_rows(response, fmt)) >= 2, (code, table)
