"""GET /api/v1/areas/{code}/indicators and /api/v1/locations/{id}/distribution: scope and small-number suppression."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.occupancy.episodes import ON, build_world
from zicht.core.roles import Role

SUPPRESSED = {"value": None, "suppressed": True, "display": "< 5"}


@pytest.fixture
def world(region, municipality_a, municipality_b, municipality_elsewhere):
    return build_world(municipality_a, municipality_b, municipality_elsewhere)


def get(user, path: str):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client.get(path)


def test_registration_officer_gets_exact_counts_of_own_municipality(world, registration_officer_a):
    response = get(registration_officer_a, f"/api/v1/areas/GM0150/indicators?date={ON}")
    assert response.status_code == 200
    body = response.json()
    assert (body["living"], body["brp_registered"], body["rni_only"]) == (5, 2, 1)
    assert body["stay_mix"] == {"short": 2, "mid": 2, "long": 1}
    assert body["registration_rate"] == pytest.approx(0.4)
    assert body["suppression_applied"] is False and body["withheld"] == {}
    assert body["area"] == {"kind": "municipality", "code": "GM0150", "name": "Deventer"}


def test_policy_officer_of_the_same_municipality_gets_suppressed_counts(world, officer_a):
    body = get(officer_a, f"/api/v1/areas/GM0150/indicators?date={ON}").json()
    assert body["living"] == 5  # 5 is not under 5
    assert body["brp_registered"] == SUPPRESSED
    assert body["registration_rate"] is None and "registration_rate" in body["withheld"]
    assert body["capacity_beds"] == 20


def test_province_director_gets_suppressed_small_cells(world, province_director):
    body = get(province_director, f"/api/v1/areas/PV23/indicators?date={ON}").json()
    assert body["area"]["kind"] == "province"
    assert body["living"] == 6
    assert body["brp_registered"] == SUPPRESSED
    assert body["rni_only"] == SUPPRESSED
    assert body["stay_mix"]["long"] == SUPPRESSED
    assert body["should_register_not_registered"] == SUPPRESSED
    assert body["working_in_residence_share"] is None
    # Deventer's own figures, seen from the province: still suppressed (not the owner).
    body = get(province_director, f"/api/v1/areas/GM0150/indicators?date={ON}").json()
    assert body["brp_registered"] == SUPPRESSED


def test_scope_outside_is_404(world, officer_b, regional_coordinator, province_director, make_user, other_province):
    assert get(officer_b, f"/api/v1/areas/GM0150/indicators?date={ON}").status_code == 404
    assert get(officer_b, "/api/v1/areas/GM0193/indicators").status_code == 200
    assert get(regional_coordinator, "/api/v1/areas/West-Overijssel/indicators").status_code == 200
    assert get(regional_coordinator, "/api/v1/areas/PV23/indicators").status_code == 200  # province = region here
    assert get(province_director, "/api/v1/areas/GM0281/indicators").status_code == 404
    assert get(province_director, "/api/v1/areas/NL/indicators").status_code == 404
    response = get(province_director, "/api/v1/areas/GM9999/indicators")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_registration_officer_of_zwolle_cannot_read_deventer(world, make_user, municipality_b):
    registrar_b = make_user(Role.REGISTRATION_OFFICER, scope_municipality=municipality_b, username="registrar_b")
    assert get(registrar_b, f"/api/v1/areas/GM0150/indicators?date={ON}").status_code == 404


def test_administrator_sees_the_country(world, administrator):
    body = get(administrator, f"/api/v1/areas/NL/indicators?date={ON}").json()
    assert body["area"]["code"] == "NL" and body["living"] == 6


def test_market_party_and_anonymous(world, market_party_user):
    assert get(market_party_user, "/api/v1/areas/GM0150/indicators").status_code == 403
    assert get(None, "/api/v1/areas/GM0150/indicators").status_code in (401, 403)


def test_bad_date_is_a_400_problem(world, registration_officer_a):
    response = get(registration_officer_a, "/api/v1/areas/GM0150/indicators?date=01-03-2026")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["invalid_params"][0]["name"] == "date"


def test_location_distribution(world, registration_officer_a, officer_a, officer_b, housing_provider, make_user):
    la1 = world["la1"]
    path = f"/api/v1/locations/{la1.pk}/distribution?date={ON}"
    body = get(registration_officer_a, path).json()
    # LA1 on ON: p1 (Deventer), p2 (Zwolle), p4 (Tiel), p7 (no job).
    assert (body["residents"], body["same_municipality"], body["elsewhere_in_region"]) == (4, 1, 1)
    assert (body["outside_region"], body["unknown"], body["verdict"]) == (1, 1, "insufficient_data")
    assert body["occupancy"] == 4 and body["suppression_applied"] is False
    body = get(officer_a, path).json()
    assert body["residents"] == SUPPRESSED and body["verdict"] == "insufficient_data"
    assert get(officer_b, path).status_code == 404
    assert get(registration_officer_a, f"/api/v1/locations/{la1.pk}/distribution?date=x").status_code == 400


def test_market_party_sees_its_own_locations_distribution_suppressed(world, market_party_user, housing_provider):
    la1 = world["la1"]
    assert get(market_party_user, f"/api/v1/locations/{la1.pk}/distribution").status_code == 404
    la1.operator = housing_provider
    la1.save(update_fields=["operator"])
    body = get(market_party_user, f"/api/v1/locations/{la1.pk}/distribution?date={ON}").json()
    assert body["residents"] == SUPPRESSED and body["suppression_applied"] is True
