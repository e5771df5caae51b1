"""GET /api/v1/areas/{code}/report-stats: the contract, scope (404), market parties (403), bad dates (400 as
problem+json), suppression for the region, and a bounded number of queries."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.reports.stats_support import town_fixture  # noqa: F401 - registers the "town" fixture

SUPPRESSED = {"value": None, "suppressed": True, "display": "< 5"}
Q1 = "from=2025-01-01&to=2025-03-31"


def get(user, path: str):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(path)


def test_contract_for_the_municipality_itself(town, officer_a):
    response = get(officer_a, f"/api/v1/areas/GM0150/report-stats?{Q1}")
    assert response.status_code == 200
    body = response.json()
    assert {
        "area", "from", "to", "total", "per_category", "per_neighbourhood", "handling_time", "open", "overdue", "periods"
    } <= set(body)  # fmt: skip
    assert body["area"] == {"kind": "municipality", "code": "GM0150", "name": "Deventer"}
    assert (body["from"], body["to"], body["period"]) == ("2025-01-01", "2025-03-31", "month")
    assert body["total"] == 7 and body["suppression_applied"] is False
    assert body["per_category"]["waste"] == 3 and body["per_category"]["overcrowding"] == 2
    assert set(body["per_category"]) == {
        "waste", "noise", "parking", "overcrowding", "unsafe_housing", "exploitation", "address_fraud", "other"
    }  # fmt: skip
    rows = {row["code"]: row for row in body["per_neighbourhood"]}
    assert {"code", "name", "total", "per_category"} <= set(rows["BU01500101"])
    assert rows["BU01500101"]["name"] == "Voorstad-Oost" and rows["BU01500101"]["total"] == 2
    assert rows[None]["total"] == 1  # outside a known neighbourhood
    handling = body["handling_time"]
    assert (handling["handled"], handling["median_days"], handling["p90_days"]) == (3, 2.0, 10.0)
    assert handling["within_service_level_share"] == pytest.approx(2 / 3)
    assert handling["per_category"]["waste"]["median_days"] == 2.0
    assert body["open"] == 4 and body["overdue"] == 4
    assert [(p["start"], p["total"]) for p in body["periods"]] == [
        ("2025-01-01", 3), ("2025-02-01", 2), ("2025-03-01", 2)
    ]  # fmt: skip
    assert body["periods"][1]["per_category"]["noise"] == 1
    assert body["periods"][1]["year_earlier"] == 1
    assert body["linked_to_location"] == 1 and body["concerns_migrant_housing"] == 1


def test_period_and_filters(town, officer_a):
    body = get(officer_a, f"/api/v1/areas/GM0150/report-stats?{Q1}&period=quarter&category=overcrowding").json()
    assert [(p["start"], p["total"]) for p in body["periods"]] == [("2025-01-01", 2)]
    body = get(officer_a, f"/api/v1/areas/BU01500102/report-stats?{Q1}&period=week").json()
    assert body["area"]["kind"] == "neighbourhood" and body["total"] == 2
    assert body["periods"][0]["start"] == "2024-12-30" and body["periods"][0]["partial"] is True
    body = get(officer_a, f"/api/v1/areas/GM0150/report-stats?{Q1}&concerns_migrant_housing=unassessed").json()
    assert body["total"] == 5
    assert get(officer_a, f"/api/v1/areas/GM0150/report-stats?{Q1}&status=closed").json()["total"] == 3


def test_default_period_is_the_last_twelve_months(town, officer_a):
    body = get(officer_a, "/api/v1/areas/GM0150/report-stats").json()
    assert len(body["periods"]) == 12 and body["periods"][0]["start"] == body["from"]
    assert body["total"] == 0  # the fixture's reports are from 2024 and 2025


def test_region_gets_small_counts_suppressed(town, regional_coordinator, province_director):
    body = get(regional_coordinator, f"/api/v1/areas/GM0150/report-stats?{Q1}").json()
    assert body["suppression_applied"] is True
    assert body["total"] == 7
    assert body["per_category"]["waste"] == SUPPRESSED and body["per_category"]["other"] == 0
    assert body["open"] == SUPPRESSED
    assert body["handling_time"]["handled"] == SUPPRESSED and body["handling_time"]["median_days"] is None
    body = get(province_director, f"/api/v1/areas/PV23/report-stats?{Q1}").json()
    assert body["area"]["kind"] == "province" and body["total"] == 8
    assert body["per_category"]["noise"] == SUPPRESSED


def test_areas_outside_the_scope_are_404(town, officer_b, regional_coordinator, municipality_elsewhere):
    assert get(officer_b, f"/api/v1/areas/GM0150/report-stats?{Q1}").status_code == 404
    assert get(officer_b, f"/api/v1/areas/BU01500101/report-stats?{Q1}").status_code == 404
    assert get(regional_coordinator, f"/api/v1/areas/GM0281/report-stats?{Q1}").status_code == 404
    response = get(officer_b, "/api/v1/areas/GM9999/report-stats")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_market_party_is_403(town, market_party_user):
    response = get(market_party_user, f"/api/v1/areas/GM0150/report-stats?{Q1}")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_anonymous_is_refused(town):
    assert get(None, "/api/v1/areas/GM0150/report-stats").status_code in (401, 403)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("from=2025-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2025-04-01&to=2025-03-31", "from"),
        ("from=2015-01-01&to=2025-03-31", "from"),
        ("period=day", "period"),
        ("category=graffiti", "category"),
    ],
)
def test_bad_query_is_400_problem(town, officer_a, query, name):
    response = get(officer_a, f"/api/v1/areas/GM0150/report-stats?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert name in {param["name"] for param in response.json()["invalid_params"]}


def test_query_count_is_bounded(town, officer_a, regional_coordinator, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        assert get(officer_a, f"/api/v1/areas/GM0150/report-stats?{Q1}&period=week").status_code == 200
    with django_assert_max_num_queries(20):
        assert get(regional_coordinator, f"/api/v1/areas/west-overijssel/report-stats?{Q1}").status_code == 200


def test_schema_documents_the_endpoint(openapi_document):
    document = openapi_document
    operation = document["paths"]["/api/v1/areas/{code}/report-stats"]["get"]
    assert {param["name"] for param in operation["parameters"]} >= {"code", "from", "to", "period", "category"}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][body.rsplit("/", 1)[1]]
    assert {"area", "from", "to", "total", "per_category", "per_neighbourhood", "handling_time", "periods"} <= set(
        schema["properties"]
    )
    assert "application/problem+json" in operation["responses"]["404"]["content"]
