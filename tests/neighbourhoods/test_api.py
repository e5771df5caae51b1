"""The neighbourhoods API: the profile contract, scope (404), market parties (403), suppression, and the plans
endpoints (scoped reading, writing by policy officers and administrators)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zicht.core.models import AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.housing.choices import LocationForm
from zicht.neighbourhoods import services
from zicht.neighbourhoods.choices import MeasureKind
from zicht.neighbourhoods.models import NeighbourhoodPlan
from zicht.reports.choices import Category
from zicht.reports.services import report_forward_to_inspection

from ..housing.factories import LocationFactory
from .support import DELTABUURT, HOVEN, RIVIERENWIJK, make_hoods, make_report

PLANS = "/api/v1/neighbourhood-plans"
SUPPRESSED = {"value": None, "suppressed": True, "display": "< 5"}
DAY = datetime.timedelta(days=1)
PLAN_TYPE = "neighbourhoods.neighbourhoodplan"


def profile_path(code: str) -> str:
    return f"/api/v1/neighbourhoods/{code}/profile"


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def hoods(municipality_a, municipality_b, region, officer_a):
    hoods = make_hoods(municipality_a, municipality_b)
    location = LocationFactory(
        municipality=municipality_a,
        neighbourhood=hoods.rivierenwijk,
        form=LocationForm.REGULAR_DWELLING,
        capacity_beds=6,
    )
    today = timezone.localdate()
    first = make_report(hoods.rivierenwijk, category=Category.OVERCROWDING, on=today - DAY, location=location)
    report_forward_to_inspection(report=first, by=officer_a, reason="Twaalf matrassen gezien in een eengezinswoning.")
    for days in range(2, 7):
        make_report(hoods.rivierenwijk, category=Category.WASTE, on=today - days * DAY)
    return hoods


@pytest.fixture
def plan(hoods, municipality_a):
    plan = services.plan_create(
        municipality=municipality_a,
        name="Wijkplan Rivierenwijk",
        district=hoods.district,
        neighbourhoods=[hoods.rivierenwijk],
    )
    services.measure_save(plan=plan, kind=MeasureKind.ROOM_RENTAL_STOP, title="Stop op kamerverhuur", owner="Wonen")
    return plan


def test_profile_contract(hoods, plan, officer_a):
    response = client_for(officer_a).get(profile_path(RIVIERENWIJK), {"date": "2026-03-01"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"neighbourhood", "date", "housing", "occupancy", "reports", "inspections", "plans"}
    assert body["neighbourhood"] == {
        "code": RIVIERENWIJK,
        "name": "Rivierenwijk-Noord",
        "district": {"code": hoods.district.code, "name": "Rivierenwijk"},
        "municipality": {"code": "GM0150", "name": "Deventer"},
    }
    assert body["date"] == "2026-03-01" and body["occupancy"]["date"] == "2026-03-01"
    assert body["housing"] == {
        "locations_in_use": 1,
        "locations_planned": 0,
        "locations_closed": 0,
        "capacity_beds": 6,
        "planned_beds": 0,
        "room_rental_addresses": 1,
    }
    assert body["occupancy"]["area"] == {"kind": "neighbourhood", "code": RIVIERENWIJK, "name": "Rivierenwijk-Noord"}
    assert body["occupancy"]["living"] == 0
    reports = body["reports"]
    assert reports["exact"] is True and reports["last_twelve_months"] == 6
    assert reports["forwarded_to_inspection"] == 1 and reports["open"] == 6
    categories = {row["category"]: row["count"] for row in reports["by_category"]}
    assert (categories["waste"], categories["overcrowding"], categories["noise"]) == (5, 1, 0)
    assert len(reports["by_quarter"]) == 8 and sum(row["count"] for row in reports["by_quarter"]) == 6
    assert reports["by_quarter"][-1]["quarter"].startswith(str(timezone.localdate().year))
    requests = body["inspections"]["requests"]
    assert [(row["category"], row["location"]) for row in requests] == [("overcrowding", hoods_location_ref(hoods))]
    assert "enforcement" in body["inspections"]["note"]
    assert body["plans"] == [
        {
            "id": plan.pk,
            "name": "Wijkplan Rivierenwijk",
            "status": "draft",
            "starts_on": None,
            "ends_on": None,
            "measure_count": 1,
        }
    ]


def hoods_location_ref(hoods) -> str:
    return hoods.rivierenwijk.locations.get().ref


def test_profile_suppressed_for_a_region_caller(hoods, regional_coordinator):
    body = client_for(regional_coordinator).get(profile_path(RIVIERENWIJK)).json()
    reports = body["reports"]
    assert reports["exact"] is False
    categories = {row["category"]: row["count"] for row in reports["by_category"]}
    assert categories["waste"] == 5 and categories["overcrowding"] == SUPPRESSED and categories["noise"] == 0
    assert reports["forwarded_to_inspection"] == SUPPRESSED
    assert body["inspections"]["requests"] is None
    assert body["occupancy"]["suppression_applied"] is True


def test_profile_scope_and_permissions(hoods, officer_b, market_party_user, province_director):
    assert client_for(officer_b).get(profile_path(RIVIERENWIJK)).status_code == 404
    assert client_for(officer_b).get(profile_path(HOVEN)).status_code == 200
    missing = client_for(officer_b).get(profile_path("BU99999999"))
    assert missing.status_code == 404 and missing["Content-Type"].startswith("application/problem+json")
    assert client_for(market_party_user).get(profile_path(RIVIERENWIJK)).status_code == 403
    assert client_for(None).get(profile_path(RIVIERENWIJK)).status_code in (401, 403)
    assert client_for(province_director).get(profile_path(DELTABUURT)).status_code == 200


def test_profile_rejects_a_bad_date(hoods, officer_a):
    response = client_for(officer_a).get(profile_path(RIVIERENWIJK), {"date": "1 maart"})
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "date"


def test_profile_does_not_clash_with_the_geography_routes(hoods, officer_a):
    client = client_for(officer_a)
    detail = client.get(f"/api/v1/neighbourhoods/{RIVIERENWIJK}")
    assert detail.status_code == 200 and detail.json()["code"] == RIVIERENWIJK and "housing" not in detail.json()
    assert client.get("/api/v1/neighbourhoods", {"municipality": "GM0150"}).status_code == 200
    assert "housing" in client.get(profile_path(RIVIERENWIJK)).json()


def test_plans_are_scoped(plan, municipality_b, officer_a, officer_b, regional_coordinator, market_party_user):
    zwolle = services.plan_create(municipality=municipality_b, name="Binnenstad Zwolle")
    names = [row["name"] for row in client_for(officer_a).get(PLANS).json()["results"]]
    assert names == ["Wijkplan Rivierenwijk"]
    region = client_for(regional_coordinator).get(PLANS).json()["results"]
    assert {row["name"] for row in region} == {"Wijkplan Rivierenwijk", "Binnenstad Zwolle"}
    assert [
        row["name"] for row in client_for(regional_coordinator).get(PLANS, {"municipality": "GM0193"}).json()["results"]
    ] == ["Binnenstad Zwolle"]
    detail = client_for(officer_a).get(f"{PLANS}/{plan.pk}").json()
    assert detail["municipality"] == "GM0150" and detail["neighbourhoods"] == [RIVIERENWIJK]
    assert detail["measures"][0]["kind"] == "room_rental_stop" and detail["measures"][0]["owner"] == "Wonen"
    assert client_for(officer_b).get(f"{PLANS}/{plan.pk}").status_code == 404
    assert client_for(officer_a).get(f"{PLANS}/{zwolle.pk}").status_code == 404
    assert client_for(market_party_user).get(PLANS).status_code == 403


def test_policy_officer_creates_a_plan(hoods, officer_a):
    payload = {
        "name": "Wijkplan Deltabuurt",
        "district": hoods.district.code,
        "neighbourhoods": [DELTABUURT],
        "status": "adopted",
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
    }
    response = client_for(officer_a).post(PLANS, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["municipality"], body["neighbourhoods"], body["status"]) == ("GM0150", [DELTABUURT], "adopted")
    plan = NeighbourhoodPlan.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(
        object_type=PLAN_TYPE, object_id=str(plan.pk), action=AuditAction.CREATE, actor=officer_a
    ).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"neighbourhoods": [HOVEN]}, "neighbourhoods"),
        ({"starts_on": "2025-06-01", "ends_on": "2025-01-01"}, "ends_on"),
        ({"municipality": "GM0193"}, "municipality"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_plan_input_is_a_400_naming_the_field(hoods, officer_a, change, field):
    payload = {"name": "Wijkplan", "neighbourhoods": [DELTABUURT], **change}
    response = client_for(officer_a).post(PLANS, payload, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert field in {param["name"] for param in response.json()["invalid_params"]}
    assert not NeighbourhoodPlan.objects.exists()


@pytest.mark.parametrize("who", ["registration_officer_a", "regional_coordinator", "market_party_user"])
def test_readers_may_not_write(request, who, plan, hoods):
    client = client_for(request.getfixturevalue(who))
    assert client.post(PLANS, {"name": "Nieuw plan"}, format="json").status_code == 403
    assert client.patch(f"{PLANS}/{plan.pk}", {"status": "running"}, format="json").status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_policy_officer_updates_a_plan(plan, hoods, officer_a, officer_b):
    client = client_for(officer_a)
    response = client.patch(
        f"{PLANS}/{plan.pk}", {"status": "running", "neighbourhoods": [RIVIERENWIJK, DELTABUURT]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "running" and sorted(response.json()["neighbourhoods"]) == [
        RIVIERENWIJK,
        DELTABUURT,
    ]
    event = AuditEvent.objects.get(object_type=PLAN_TYPE, object_id=str(plan.pk), action=AuditAction.UPDATE)
    assert event.changed_fields == ["neighbourhoods", "status"]
    moved = client.patch(f"{PLANS}/{plan.pk}", {"municipality": "GM0193"}, format="json")
    assert moved.status_code == 400
    late = client.patch(f"{PLANS}/{plan.pk}", {"starts_on": "2027-01-01", "ends_on": "2026-01-01"}, format="json")
    assert late.status_code == 400
    assert client_for(officer_b).patch(f"{PLANS}/{plan.pk}", {"status": "evaluated"}, format="json").status_code == 404
    plan.refresh_from_db()
    assert plan.status == "running" and plan.municipality.code == "GM0150"


def test_administrator_names_the_municipality(hoods, make_user):
    admin = client_for(make_user(Role.ADMINISTRATOR, username="beheer"))
    assert admin.post(PLANS, {"name": "Zonder gemeente"}, format="json").status_code == 400
    response = admin.post(
        PLANS, {"name": "Binnenstad", "municipality": "GM0193", "neighbourhoods": [HOVEN]}, format="json"
    )
    assert response.status_code == 201 and response.json()["municipality"] == "GM0193"


def test_schema_documents_the_endpoints(openapi_document):
    document = openapi_document
    paths = document["paths"]
    profile = paths["/api/v1/neighbourhoods/{code}/profile"]["get"]
    assert {"200", "403", "404"} <= set(profile["responses"])
    assert "date" in {parameter["name"] for parameter in profile["parameters"]}
    assert {"get", "post"} <= set(paths[PLANS]) and {"get", "put", "patch"} <= set(paths[PLANS + "/{id}"])
    assert "/api/v1/neighbourhoods/{code}" in paths  # the geography route is still there
