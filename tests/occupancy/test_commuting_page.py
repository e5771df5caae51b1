"""The commuting matrix page: rows residence, columns work municipality and "unknown", totals, suppression, CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from .world import ON, build_world

URL = "occupancy:commuting"
DAY = ON.isoformat()


@pytest.fixture
def world(municipality_a, municipality_b, region):
    return build_world(municipality_a, municipality_b, region)


def _matrix(table) -> dict[str, dict[str, str]]:
    """{residence name: {column name: shown value}}, with the totals under "Totaal"."""
    names = [name for _code, name in table.columns] + ["Totaal"]
    rows = {row.name: dict(zip(names, [*row.cells, row.total], strict=True)) for row in table.rows}
    rows["Totaal"] = dict(zip(names, [*table.column_totals, table.total], strict=True))
    return {res: {col: str(value) for col, value in cells.items()} for res, cells in rows.items()}


def test_region_matrix_with_suppressed_small_cells(client, world, regional_coordinator):
    client.force_login(regional_coordinator)
    response = client.get(reverse(URL), {"datum": DAY})
    assert response.status_code == 200
    table = response.context["table"]
    assert [code for code, _name in table.columns] == ["GM0150", "GM0281", "GM0193", ""]
    matrix = _matrix(table)
    assert matrix["Deventer"] == {"Deventer": "12", "Tiel": "< 5", "Zwolle": "< 5", "onbekend": "< 5", "Totaal": "20"}
    assert matrix["Zwolle"] == {"Deventer": "< 5", "Tiel": "0", "Zwolle": "9", "onbekend": "0", "Totaal": "11"}
    assert matrix["Totaal"] == {"Deventer": "14", "Tiel": "< 5", "Zwolle": "10", "onbekend": "< 5", "Totaal": "31"}
    html = response.content.decode()
    assert "&lt; 5" in html and "Werkgemeente" in html


def test_registration_officer_sees_the_exact_numbers_of_their_municipality(client, world, registration_officer_a):
    client.force_login(registration_officer_a)
    response = client.get(reverse(URL), {"datum": DAY})
    matrix = _matrix(response.context["table"])
    assert matrix["Deventer"] == {"Deventer": "12", "Tiel": "3", "Zwolle": "1", "onbekend": "4", "Totaal": "20"}
    assert list(matrix) == ["Deventer", "Totaal"], "only the user's own municipality is a row"


def test_policy_officer_sees_suppressed_cells(client, world, officer_a):
    client.force_login(officer_a)
    matrix = _matrix(client.get(reverse(URL), {"datum": DAY}).context["table"])
    assert matrix["Deventer"]["Zwolle"] == "< 5"


def test_matrix_downloads_as_csv(client, world, regional_coordinator):
    client.force_login(regional_coordinator)
    response = client.get(reverse(URL), {"datum": DAY, "export": "csv"})
    assert response.status_code == 200
    assert "pendel-west-overijssel" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Woongemeente"] for row in rows] == ["Deventer", "Zwolle", "Totaal"]
    assert rows[0]["Deventer"] == "12" and rows[0]["Zwolle"] == "< 5" and rows[0]["onbekend"] == "< 5"
    assert rows[2]["Totaal"] == "31"


def test_unknown_export_format_is_a_bad_request(client, world, regional_coordinator):
    client.force_login(regional_coordinator)
    assert client.get(reverse(URL), {"datum": DAY, "export": "pdf"}).status_code == 400


def test_scope_is_enforced(client, world, officer_a, market_party_user):
    client.force_login(officer_a)
    assert client.get(reverse(URL), {"gebied": "GM0193", "datum": DAY}).status_code == 404
    client.force_login(market_party_user)
    assert client.get(reverse(URL)).status_code == 403
