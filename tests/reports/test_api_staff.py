"""Staff reports API: the permission matrix, filters and paging, intake, the steps, the assessment, the audit."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import AddressFactory, DistrictFactory, NeighbourhoodFactory
from tests.housing.factories import make_location
from zicht.core.models import AuditAction, AuditEvent
from zicht.reports.choices import Category, Channel, ReportStatus
from zicht.reports.models import InspectionRequest, Report
from zicht.reports.selectors import report_by_tracking_code

from .factories import make_report, with_contact
from .staff_support import api_fixture, media_root_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
PROBLEM = "application/problem+json"
LIST = "/api/v1/reports"
S = ReportStatus


def detail(report) -> str:
    return f"{LIST}/{report.pk}"


@pytest.fixture
def deventer(municipality_a):
    district = DistrictFactory(municipality=municipality_a, code="WK015001", name="Centrum")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU01500101", name="Binnenstad")
    address = AddressFactory(
        municipality=municipality_a,
        neighbourhood=neighbourhood,
        street="Bolwerksweg",
        house_number=3,
        postcode="7411 AB",
    )
    return {"district": district, "neighbourhood": neighbourhood, "address": address}


@pytest.fixture
def reports(municipality_a, municipality_b, deventer):
    now = timezone.now()
    return {
        "contact": with_contact(
            municipality_a,
            category=Category.NOISE,
            address=deventer["address"],
            created_at=now - datetime.timedelta(60),
        ),
        "anonymous": make_report(municipality_a, category=Category.WASTE, status=S.HANDLED),
        "zwolle": make_report(municipality_b, category=Category.WASTE),
    }


# Who sees what


def test_officer_sees_the_own_municipality(api, officer_a, reports):
    response = api(officer_a).get(LIST)
    assert response.status_code == 200
    assert {row["id"] for row in response.data["results"]} == {reports["contact"].pk, reports["anonymous"].pk}
    row = next(row for row in response.data["results"] if row["id"] == reports["contact"].pk)
    assert row["reference"] == reports["contact"].reference
    assert row["municipality"] == "GM0150" and row["neighbourhood"] == "BU01500101" and row["district"] == "WK015001"
    assert row["overdue"] is True and row["address"]["postcode"] == "7411 AB"
    # No contact details in a list, and no audit for it.
    assert "contact" not in row and "contact_email" not in row
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_officer_reads_the_own_report_with_contact_details_audited(api, officer_a, reports):
    response = api(officer_a).get(detail(reports["contact"]))
    assert response.status_code == 200
    assert response.data["contact"] == {"name": "Jan de Vries", "email": "jan@example.org", "phone": "0570 123456"}
    assert [step["to_status"] for step in response.data["history"]] == [S.REPORTED]
    event = AuditEvent.objects.get(action=AuditAction.READ)
    assert (event.actor, event.object_id) == (officer_a, str(reports["contact"].pk))
    anonymous = api(officer_a).get(detail(reports["anonymous"]))
    assert anonymous.data["contact"] is None
    assert AuditEvent.objects.filter(action=AuditAction.READ).count() == 1


@pytest.mark.parametrize("who", ["officer_b", "regional_coordinator", "province_director"])
def test_other_government_callers_get_nothing_person_level(api, reports, request, who):
    client = api(request.getfixturevalue(who))
    listing = client.get(LIST)
    expected = {reports["zwolle"].pk} if who == "officer_b" else set()
    assert listing.status_code == 200
    assert {row["id"] for row in listing.data["results"]} == expected
    for report in (reports["contact"], reports["anonymous"]):
        response = client.get(detail(report))
        assert response.status_code == 404 and response["Content-Type"] == PROBLEM
        assert client.post(f"{detail(report)}/status", {"status": S.IN_PROGRESS}, format="json").status_code == 404
        assert client.patch(detail(report), {"concerns_migrant_housing": True}, format="json").status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_market_party_is_refused(api, market_party_user, reports):
    client = api(market_party_user)
    for response in (
        client.get(LIST),
        client.get(detail(reports["contact"])),
        client.post(LIST, {"category": "waste"}, format="json"),
    ):
        assert response.status_code == 403 and response["Content-Type"] == PROBLEM


def test_anonymous_callers_must_authenticate(api, reports):
    for response in (api().get(LIST), api().get(detail(reports["contact"])), api().post(LIST, {}, format="json")):
        assert response.status_code in (401, 403)
        assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize("who", ["regional_coordinator", "province_director"])
def test_only_municipal_staff_take_in_reports(api, reports, request, who):
    body = {"category": "waste", "description": "Zakken naast de container.", "lat": "52.25", "lon": "6.16"}
    response = api(request.getfixturevalue(who)).post(LIST, body, format="json")
    assert response.status_code == 403
    assert Report.objects.count() == 3


# Filters and paging


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=noise", {"contact"}),
        ("status=handled", {"anonymous"}),
        ("state=open", {"contact"}),
        ("overdue=yes", {"contact"}),
        ("neighbourhood=BU01500101", {"contact"}),
        ("district=WK015001", {"contact"}),
        ("q=7411AB", {"contact"}),
        ("concerns_migrant_housing=unassessed", {"contact", "anonymous"}),
    ],
)
def test_list_filters(api, officer_a, reports, query, expected):
    response = api(officer_a).get(f"{LIST}?{query}")
    assert {row["id"] for row in response.data["results"]} == {reports[name].pk for name in expected}


def test_an_invalid_filter_is_a_problem(api, officer_a, reports):
    response = api(officer_a).get(f"{LIST}?created_from=gisteren")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.data["invalid_params"][0]["name"] == "created_from"


def test_list_pages_and_keeps_a_bounded_query_count(
    api, officer_a, municipality_a, deventer, django_assert_max_num_queries
):
    location = make_location(municipality=municipality_a)
    for _ in range(12):
        make_report(municipality_a, address=deventer["address"], location=location)
    client = api(officer_a)
    with django_assert_max_num_queries(6):
        response = client.get(f"{LIST}?page_size=5&page=2")
    assert response.data["count"] == 12 and len(response.data["results"]) == 5
    assert response.data["next"] and response.data["previous"]


# Intake


def test_create_by_address(api, officer_a, deventer):
    body = {
        "category": "overcrowding",
        "description": "Twaalf mensen in een eengezinswoning.",
        "address": {"postcode": "7411ab", "house_number": 3},
        "language": "nl",
        "reporter_kind": "resident",
        "contact": {"name": "Els Bakker", "phone": "0570 654321"},
    }
    response = api(officer_a).post(LIST, body, format="json")
    assert response.status_code == 201, response.data
    report = Report.objects.get(pk=response.data["id"])
    assert response["Location"].endswith(detail(report))
    assert report_by_tracking_code(response.data["tracking_code"]) == report
    assert (report.channel, report.created_by, report.address) == (Channel.API, officer_a, deventer["address"])
    assert not report.anonymous and report.contact_name == "Els Bakker"
    assert response.data["contact"]["name"] == "Els Bakker"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_repr=report.reference).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": "fireworks"}, "category"),
        ({"description": "Kort"}, "description"),
        ({"description": "x" * 3001}, "description"),
        ({"address": None, "lat": None, "lon": None}, "address"),
        ({"address": {"postcode": "1234", "house_number": 3}}, "address.postcode"),
        ({"language": "xx"}, "language"),
        ({"address": None, "lat": "40.0", "lon": "3.0"}, "lat"),
    ],
)
def test_create_refuses_bad_input_and_stores_nothing(api, officer_a, deventer, body, field):
    data = {"category": "waste", "description": "Zakken naast de container.", "address": {"postcode": "7411 AB"}}
    data["address"]["house_number"] = 3
    data.update(body)
    response = api(officer_a).post(LIST, data, format="json")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert field in {param["name"] for param in response.data["invalid_params"]}
    assert not Report.objects.exists()


def test_create_in_another_municipality_is_refused(api, officer_b, deventer):
    body = {
        "category": "waste",
        "description": "Zakken naast de container.",
        "address": {"postcode": "7411 AB", "house_number": 3},
    }
    response = api(officer_b).post(LIST, body, format="json")
    assert response.status_code == 400
    assert not Report.objects.exists()


# The steps


def test_status_with_reason(api, officer_a, reports):
    client = api(officer_a)
    url = f"{detail(reports['contact'])}/status"
    missing = client.post(url, {"status": S.CANCELLED}, format="json")
    assert missing.status_code == 400 and missing.data["invalid_params"][0]["name"] == "reason"
    forbidden = client.post(f"{detail(reports['anonymous'])}/status", {"status": S.PLANNED}, format="json")
    assert forbidden.status_code == 400 and forbidden.data["invalid_params"][0]["name"] == "status"
    done = client.post(
        url, {"status": S.CANCELLED, "reason": "Niet te vinden.", "public_message": "Sorry."}, format="json"
    )
    assert done.status_code == 200 and done.data["status"] == S.CANCELLED
    assert done.data["history"][-1]["reason"] == "Niet te vinden."
    assert done.data["history"][-1]["recorded_by"] == officer_a.username
    assert Report.objects.get(pk=reports["contact"].pk).public_message == "Sorry."


def test_duplicate(api, officer_a, municipality_a, reports):
    report = make_report(municipality_a)
    client = api(officer_a)
    url = f"{detail(report)}/duplicate"
    other = client.post(url, {"main": reports["zwolle"].reference}, format="json")
    assert other.status_code == 400 and other.data["invalid_params"][0]["name"] == "main"
    done = client.post(url, {"main": reports["contact"].reference}, format="json")
    assert done.status_code == 200
    assert done.data["duplicate_of"] == reports["contact"].pk and done.data["status"] == S.CANCELLED
    assert client.get(detail(reports["contact"])).data["duplicates"] == [report.pk]


def test_inspection_request_once(api, officer_a, reports):
    client = api(officer_a)
    url = f"{detail(reports['contact'])}/inspection-request"
    assert client.post(url, {"reason": ""}, format="json").status_code == 400
    created = client.post(url, {"reason": "Controle nodig."}, format="json")
    assert created.status_code == 201
    assert created.data["report"] == reports["contact"].pk and created.data["reason"] == "Controle nodig."
    assert client.post(url, {"reason": "Nog eens."}, format="json").status_code == 400
    assert InspectionRequest.objects.count() == 1
    assert client.get(detail(reports["contact"])).data["inspection_request"]["reason"] == "Controle nodig."


def test_patch_changes_the_assessment_only(api, officer_a, municipality_a, municipality_b, reports):
    client = api(officer_a)
    report = reports["contact"]
    location = make_location(municipality=municipality_a)
    elsewhere = make_location(municipality=municipality_b)
    refused = client.patch(detail(report), {"status": S.HANDLED, "description": "Anders."}, format="json")
    assert refused.status_code == 400
    assert {param["name"] for param in refused.data["invalid_params"]} == {"status", "description"}
    assert client.patch(detail(report), {"location": elsewhere.pk}, format="json").status_code == 400
    done = client.patch(detail(report), {"concerns_migrant_housing": True, "location": location.pk}, format="json")
    assert done.status_code == 200
    assert done.data["concerns_migrant_housing"] is True and done.data["location"] == location.pk
    cleared = client.patch(detail(report), {"location": None}, format="json")
    assert cleared.data["location"] is None and cleared.data["concerns_migrant_housing"] is True
    stored = Report.objects.get(pk=report.pk)
    assert stored.status == S.REPORTED and stored.description != "Anders."
    assert client.put(detail(report), {}, format="json").status_code == 405


# One anonymity rule for every intake channel (rules.anonymity): staff say "anonymous" explicitly


def staff_intake(**changes) -> dict:
    body = {
        "category": "overcrowding",
        "description": "Twaalf mensen in een eengezinswoning.",
        "address": {"postcode": "7411ab", "house_number": 3},
        "reporter_kind": "resident",
    }
    body.update(changes)
    return body


def test_staff_intake_without_contact_or_anonymous_is_refused(api, officer_a, deventer):
    response = api(officer_a).post(LIST, staff_intake(), format="json")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    (param,) = response.json()["invalid_params"]
    assert (param["name"], param["reason"]) == ("anonymous", "Vul contactgegevens in of kies anoniem.")
    assert not Report.objects.exists()


def test_staff_intake_said_anonymous_is_anonymous(api, officer_a, deventer):
    response = api(officer_a).post(LIST, staff_intake(anonymous=True), format="json")
    assert response.status_code == 201, response.data
    report = Report.objects.get(pk=response.data["id"])
    assert report.anonymous and (report.contact_name, report.contact_phone) == ("", "")


def test_staff_intake_anonymous_with_contact_is_refused(api, officer_a, deventer):
    body = staff_intake(anonymous=True, contact={"name": "Els Bakker"})
    response = api(officer_a).post(LIST, body, format="json")
    assert response.status_code == 400
    assert [param["name"] for param in response.json()["invalid_params"]] == ["anonymous"]
    assert not Report.objects.exists()
