"""Staff pages of reports: the scoped list with filters and downloads, the detail, its steps, intake and photos."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AddressFactory, DistrictFactory, NeighbourhoodFactory
from tests.geography.downloads import read_csv, read_xlsx
from tests.housing.factories import make_location
from zicht.core.models import AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.reports import services
from zicht.reports.choices import Category, Channel, Department, ReportStatus
from zicht.reports.models import InspectionRequest, Report

from .factories import clean_photo, make_report, with_contact
from .staff_support import media_root_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
S = ReportStatus


@dataclass
class World:
    waste: Report  # old, open: overdue; Bolwerksweg 7411 AB, Binnenstad
    noise: Report  # handled, with contact details, migrant housing, location; Knutteldorp
    crowded: Report  # new, in progress, not migrant housing; Binnenstad
    zwolle: Report
    location: object


@pytest.fixture
def world(municipality_a, municipality_b, officer_a):
    centre = DistrictFactory(municipality=municipality_a, code="WK015001", name="Centrum")
    north = DistrictFactory(municipality=municipality_a, code="WK015002", name="Noord")
    binnenstad = NeighbourhoodFactory(district=centre, code="BU01500101", name="Binnenstad")
    knutteldorp = NeighbourhoodFactory(district=north, code="BU01500201", name="Knutteldorp")
    address = AddressFactory(
        municipality=municipality_a, neighbourhood=binnenstad, street="Bolwerksweg", house_number=3, postcode="7411 AB"
    )
    location = make_location(municipality=municipality_a, name="Logies Knutteldorp")
    now = timezone.now()
    waste = make_report(
        municipality_a, category=Category.WASTE, address=address, created_at=now - datetime.timedelta(days=60)
    )
    noise = with_contact(
        municipality_a,
        category=Category.NOISE,
        neighbourhood=knutteldorp,
        location=location,
        language="pl",
        description="Harde muziek tot diep in de nacht op het terrein.",
        created_at=now - datetime.timedelta(days=20),
        status=S.HANDLED,
        status_at=now - datetime.timedelta(days=18),
    )
    services.report_assess(report=noise, by=officer_a, concerns_migrant_housing=True)
    crowded = make_report(
        municipality_a, category=Category.OVERCROWDING, neighbourhood=binnenstad, language="ro", status=S.IN_PROGRESS
    )
    services.report_assess(report=crowded, by=officer_a, concerns_migrant_housing=False)
    zwolle = make_report(municipality_b, description="Een Zwolse melding over afval bij de container.")
    return World(waste=waste, noise=noise, crowded=crowded, zwolle=zwolle, location=location)


def list_url(query: str = "") -> str:
    return reverse("reports:report_list") + (f"?{query}" if query else "")


def detail_url(report) -> str:
    return reverse("reports:report_detail", kwargs={"pk": report.pk})


def references_in(response) -> set[str]:
    return set(re.findall(r'<a href="[^"]+/\d+/">(M-\d{6})</a></th>', response.content.decode()))


def text_of(response) -> str:
    return unescape(response.content.decode())


# The list


def test_list_shows_the_own_municipality_only(client, officer_a, officer_b, world):
    client.force_login(officer_a)
    response = client.get(list_url())
    assert response.status_code == 200
    assert references_in(response) == {world.waste.reference, world.noise.reference, world.crowded.reference}
    client.force_login(officer_b)
    assert references_in(client.get(list_url())) == {world.zwolle.reference}


@pytest.mark.parametrize("role_user", ["regional_coordinator", "province_director", "market_party_user"])
def test_list_is_for_municipal_staff(client, world, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(list_url()).status_code == 403


def test_list_needs_a_login(client, world):
    response = client.get(list_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=waste", {"waste"}),
        ("status=handled", {"noise"}),
        ("state=open", {"waste", "crowded"}),
        ("state=closed", {"noise"}),
        ("overdue=yes", {"waste"}),
        ("overdue=no", {"noise", "crowded"}),
        ("neighbourhood=BU01500101", {"waste", "crowded"}),
        ("district=WK015002", {"noise"}),
        ("department=housing_inspection", {"crowded"}),
        ("concerns_migrant_housing=yes", {"noise"}),
        ("concerns_migrant_housing=no", {"crowded"}),
        ("concerns_migrant_housing=unassessed", {"waste"}),
        ("has_location=yes", {"noise"}),
        ("has_location=no", {"waste", "crowded"}),
        ("language=pl", {"noise"}),
        ("q=bolwerks", {"waste"}),
        ("q=7411ab", {"waste"}),
        ("q=muziek", {"noise"}),
        ("q=Zwolse", set()),
    ],
)
def test_list_filters(client, officer_a, world, query, expected):
    client.force_login(officer_a)
    wanted = {getattr(world, name).reference for name in expected}
    assert references_in(client.get(list_url(query))) == wanted


def test_search_by_reference_and_period(client, officer_a, world):
    client.force_login(officer_a)
    for written in (world.noise.reference, world.noise.reference.lower(), str(world.noise.pk)):
        assert world.noise.reference in references_in(client.get(list_url(f"q={written}")))
    today = timezone.localdate()
    since = (today - datetime.timedelta(days=30)).isoformat()
    assert references_in(client.get(list_url(f"created_from={since}"))) == {
        world.noise.reference,
        world.crowded.reference,
    }
    until = (today - datetime.timedelta(days=30)).isoformat()
    assert references_in(client.get(list_url(f"created_to={until}"))) == {world.waste.reference}


def test_a_neighbourhood_of_another_municipality_cannot_be_chosen(client, officer_a, world, municipality_b):
    NeighbourhoodFactory(district=DistrictFactory(municipality=municipality_b), code="BU01930101", name="Zwolle-Zuid")
    client.force_login(officer_a)
    response = client.get(list_url("neighbourhood=BU01930101"))
    assert "Zwolle-Zuid" not in text_of(response)
    assert "BU01930101" not in references_in(response)


def test_overdue_is_said_in_words(client, officer_a, world):
    client.force_login(officer_a)
    html = client.get(list_url("overdue=yes")).content.decode()
    assert re.search(r'<span class="badge badge--error">Te laat</span>', html)
    assert "Te laat</span>" not in client.get(list_url("status=handled")).content.decode()


def test_list_query_count_does_not_grow_with_rows(
    client, officer_a, world, municipality_a, django_assert_max_num_queries
):
    for _ in range(30):
        make_report(municipality_a, neighbourhood=world.crowded.neighbourhood, location=world.location)
    client.force_login(officer_a)
    with django_assert_max_num_queries(12):
        response = client.get(list_url())
    assert len(references_in(response)) == 25


def test_export_csv_has_the_filtered_rows_and_no_contact_details(client, officer_a, world):
    client.force_login(officer_a)
    response = client.get(list_url("state=closed&export=csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert [row[0] for row in body] == [world.noise.reference]
    assert not any(word in " ".join(header).lower() for word in ("naam", "e-mail", "telefoon", "omschrijving"))
    raw = " ".join(" ".join(row) for row in rows)
    for secret in ("Jan de Vries", "jan@example.org", "0570 123456", "Harde muziek"):
        assert secret not in raw
    values = dict(zip(header, body[0], strict=True))
    assert values["Status"] == "Afgehandeld" and values["Buurtcode"] == "BU01500201"
    assert values["Huisvestingslocatie"] == world.location.ref
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="reports.report")
    assert event.actor == officer_a and "csv, 1 rows" in event.detail


def test_export_xlsx_holds_every_filtered_row(client, officer_a, world):
    client.force_login(officer_a)
    rows = read_xlsx(client.get(list_url("export=xlsx")))
    assert {row[0] for row in rows[1:]} == {world.waste.reference, world.noise.reference, world.crowded.reference}


# The detail page


def test_detail_shows_the_report_its_history_and_links(client, officer_a, world):
    client.force_login(officer_a)
    response = client.get(detail_url(world.noise))
    assert response.status_code == 200
    html = text_of(response)
    assert "Harde muziek tot diep in de nacht" in html
    assert "jan@example.org" in html and "Jan de Vries" in html
    assert "Afgehandeld" in html and "Pools" in html and "Knutteldorp" in html
    assert reverse("housing:location_detail", kwargs={"pk": world.location.pk}) in html
    # Who did what in the history: the reporter's intake and the officer's step.
    assert "Melder of systeem" in html
    assert response["Cache-Control"] == "private, no-store"


def test_viewing_contact_details_is_audited(client, officer_a, world):
    client.force_login(officer_a)
    client.get(detail_url(world.noise))
    event = AuditEvent.objects.get(action=AuditAction.READ, object_id=str(world.noise.pk))
    assert event.actor == officer_a and event.object_type == "reports.report"
    assert event.municipality_id == world.noise.municipality_id
    assert event.client_address == "127.0.0.1"
    # An anonymous report has nothing personal to read.
    client.get(detail_url(world.waste))
    assert not AuditEvent.objects.filter(action=AuditAction.READ, object_id=str(world.waste.pk)).exists()


@pytest.mark.parametrize("role_user", ["officer_b", "market_party_user", "regional_coordinator", "province_director"])
def test_detail_is_not_found_outside_the_municipality(client, world, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(detail_url(world.noise)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()


def test_overdue_detail_says_so(client, officer_a, world):
    client.force_login(officer_a)
    html = text_of(client.get(detail_url(world.waste)))
    assert "Te laat" in html and "de afhandeltermijn is verstreken" in html


# The steps on a report


def test_transition_moves_the_report_and_says_so(client, officer_a, world):
    client.force_login(officer_a)
    url = reverse("reports:report_transition", kwargs={"pk": world.waste.pk})
    response = client.post(
        url,
        {"to_status": S.PLANNED, "reason": "Ophalen ingepland.", "department": "", "public_message": "Donderdag."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == detail_url(world.waste)
    assert "De status van de melding is gewijzigd." in text_of(response)
    stored = Report.objects.get(pk=world.waste.pk)
    assert (stored.status, stored.public_message) == (S.PLANNED, "Donderdag.")
    last = stored.history.order_by("-pk").first()
    assert (last.to_status, last.reason, last.recorded_by) == (S.PLANNED, "Ophalen ingepland.", officer_a)


def test_transition_without_a_reason_keeps_the_input_and_explains_in_dutch(client, officer_a, world):
    client.force_login(officer_a)
    url = reverse("reports:report_transition", kwargs={"pk": world.waste.pk})
    response = client.post(url, {"to_status": S.CANCELLED, "reason": "", "public_message": "Bericht blijft staan."})
    assert response.status_code == 200
    html = text_of(response)
    assert "Geef een toelichting bij deze stap." in html
    assert "Bericht blijft staan." in html
    assert re.search(r'<option value="cancelled" selected>', html)
    assert Report.objects.get(pk=world.waste.pk).status == S.REPORTED


def test_a_step_the_workflow_does_not_allow_is_refused(client, officer_a, world):
    client.force_login(officer_a)
    url = reverse("reports:report_transition", kwargs={"pk": world.noise.pk})
    response = client.post(url, {"to_status": S.PLANNED, "reason": "x"})
    assert response.status_code == 200 and "Selecteer een geldige keuze" in text_of(response)
    assert Report.objects.get(pk=world.noise.pk).status == S.HANDLED


def test_duplicate_by_reference(client, officer_a, world):
    client.force_login(officer_a)
    url = reverse("reports:report_duplicate", kwargs={"pk": world.crowded.pk})
    response = client.post(url, {"main_reference": world.waste.reference.lower()}, follow=True)
    assert f"gekoppeld aan hoofdmelding {world.waste.reference}" in text_of(response)
    stored = Report.objects.get(pk=world.crowded.pk)
    assert stored.duplicate_of_id == world.waste.pk and stored.status == S.CANCELLED
    html = text_of(client.get(detail_url(world.waste)))
    assert world.crowded.reference in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Z-12", "Een meldingnummer ziet eruit als M-000123."),
        ("zwolle", "Een meldingnummer ziet eruit als M-000123."),
        ("self", "Een melding kan geen dubbel van zichzelf zijn."),
        ("other", "Geen melding met dit nummer in deze gemeente."),
    ],
)
def test_duplicate_with_a_wrong_number_keeps_the_input(client, officer_a, world, value, message):
    value = {"self": world.crowded.reference, "other": world.zwolle.reference}.get(value, value)
    client.force_login(officer_a)
    response = client.post(
        reverse("reports:report_duplicate", kwargs={"pk": world.crowded.pk}), {"main_reference": value}
    )
    html = text_of(response)
    assert response.status_code == 200 and message in html
    assert f'value="{value}"' in html
    assert Report.objects.get(pk=world.crowded.pk).duplicate_of_id is None


def test_forward_to_inspection(client, officer_a, world):
    client.force_login(officer_a)
    url = reverse("reports:report_forward", kwargs={"pk": world.crowded.pk})
    empty = client.post(url, {"reason": ""})
    assert "Geef aan waarom een controle nodig is." in text_of(empty)
    assert not InspectionRequest.objects.exists()
    client.post(url, {"reason": "Zestien matrassen gezien."})
    request = InspectionRequest.objects.get(report=world.crowded)
    assert request.reason == "Zestien matrassen gezien." and request.requested_by == officer_a
    assert Report.objects.get(pk=world.crowded.pk).status == S.FORWARDED
    html = text_of(client.get(detail_url(world.crowded)))
    assert "Zestien matrassen gezien." in html and 'id="forward-form"' not in html


def test_assessment_links_a_location_of_the_own_municipality_only(client, officer_a, world, municipality_b):
    other = make_location(municipality=municipality_b, name="Logies Zwolle")
    client.force_login(officer_a)
    url = reverse("reports:report_assess", kwargs={"pk": world.waste.pk})
    refused = client.post(url, {"concerns_migrant_housing": "yes", "location": other.pk})
    assert "Selecteer een geldige keuze" in text_of(refused)
    assert Report.objects.get(pk=world.waste.pk).concerns_migrant_housing is None
    client.post(url, {"concerns_migrant_housing": "yes", "location": world.location.pk})
    stored = Report.objects.get(pk=world.waste.pk)
    assert stored.concerns_migrant_housing is True and stored.location == world.location


@pytest.mark.parametrize("name", ["report_transition", "report_duplicate", "report_forward", "report_assess"])
def test_steps_are_not_found_for_another_municipality_and_need_post(client, officer_b, officer_a, world, name):
    url = reverse(f"reports:{name}", kwargs={"pk": world.waste.pk})
    client.force_login(officer_b)
    assert client.post(url, {"to_status": S.IN_PROGRESS, "reason": "x"}).status_code == 404
    client.force_login(officer_a)
    assert client.get(url).status_code == 405
    assert Report.objects.get(pk=world.waste.pk).status == S.REPORTED


# Photos


def test_photos_are_streamed_to_the_handlers_only(client, officer_a, officer_b, market_party_user, municipality_a):
    report = make_report(municipality_a, photos=[clean_photo(), clean_photo(fmt="PNG")])
    first, second = report.photos.order_by("pk")
    url = reverse("reports:report_photo", kwargs={"pk": report.pk, "token": first.token})
    client.force_login(officer_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == first.image.open("rb").read()
    detail = client.get(detail_url(report)).content.decode()
    assert url in detail and reverse("reports:report_photo", kwargs={"pk": report.pk, "token": second.token}) in detail
    # Another report's number with this photo's token, an unknown token, another municipality, a market party.
    other = make_report(municipality_a)
    assert client.get(reverse("reports:report_photo", kwargs={"pk": other.pk, "token": first.token})).status_code == 404
    assert client.get(reverse("reports:report_photo", kwargs={"pk": report.pk, "token": "0" * 32})).status_code == 404
    for outsider in (officer_b, market_party_user):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# Intake


def intake(**overrides) -> dict:
    data = {
        "category": Category.OVERCROWDING,
        "description": "Twaalf mensen in een eengezinswoning, busjes af en aan.",
        "postcode": "7411ab",
        "house_number": "3",
        "house_letter": "",
        "addition": "",
        "lat": "",
        "lon": "",
        "reporter_kind": "resident",
        "language": "nl",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "anonymous": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_intake_by_address_shows_the_tracking_code_once(client, officer_a, world):
    client.force_login(officer_a)
    assert client.get(reverse("reports:report_create")).status_code == 200
    response = client.post(reverse("reports:report_create"), intake())
    assert response.status_code == 200
    report = Report.objects.latest("pk")
    assert report.channel == Channel.STAFF and report.created_by == officer_a
    assert report.address == world.waste.address and report.neighbourhood.code == "BU01500101"
    assert report.department == Department.HOUSING_INSPECTION
    code = re.search(r"<code>([A-Z2-7-]+)</code>", response.content.decode()).group(1)
    from zicht.reports.selectors import report_by_tracking_code

    assert report_by_tracking_code(code) == report
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_repr=report.reference).exists()


def test_intake_with_contact_details(client, officer_a, world):
    client.force_login(officer_a)
    client.post(
        reverse("reports:report_create"),
        intake(anonymous=None, contact_name="Els Bakker", contact_phone="0570 654321"),
    )
    report = Report.objects.latest("pk")
    assert not report.anonymous and report.contact_name == "Els Bakker"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "Kort"}, "Beschrijf wat er aan de hand is in minstens 10 tekens."),
        ({"category": "fireworks"}, "Selecteer een geldige keuze"),
        ({"postcode": "", "house_number": ""}, "Geef een adres (postcode en huisnummer) of een punt (coördinaten)."),
        ({"postcode": "7411", "house_number": "3"}, "Een postcode is 4 cijfers en 2 letters, zoals 7411 AB."),
        ({"contact_name": "Els"}, "Vink anoniem uit om de contactgegevens vast te leggen."),
        ({"anonymous": None}, "Vul contactgegevens in of kies anoniem."),
        ({"postcode": "", "house_number": "", "lat": "52.25"}, "Vul breedtegraad en lengtegraad allebei in."),
    ],
)
def test_intake_errors_keep_the_input(client, officer_a, world, changes, message):
    client.force_login(officer_a)
    before = Report.objects.count()
    response = client.post(reverse("reports:report_create"), intake(**changes))
    html = text_of(response)
    assert response.status_code == 200 and message in html
    assert "Twaalf mensen in een eengezinswoning" in html or "Kort" in html
    assert Report.objects.count() == before


def test_intake_of_an_address_in_another_municipality_is_refused(client, officer_b, world):
    client.force_login(officer_b)
    response = client.post(reverse("reports:report_create"), intake())
    assert "Deze plek ligt niet in uw gemeente." in text_of(response)
    assert not Report.objects.filter(created_by=officer_b).exists()


def test_address_search_fills_in_the_form(client, officer_a, officer_b, world):
    client.force_login(officer_a)
    found = text_of(client.get(reverse("reports:report_create") + "?adres=bolwerk"))
    address_id = world.waste.address_id
    assert f"?address={address_id}" in found
    prefilled = text_of(client.get(reverse("reports:report_create") + f"?address={address_id}"))
    assert 'value="7411 AB"' in prefilled and 'name="house_number" value="3"' in prefilled
    client.force_login(officer_b)
    assert f"?address={address_id}" not in text_of(client.get(reverse("reports:report_create") + "?adres=bolwerk"))


def test_intake_is_for_municipal_staff(client, world, make_user):
    client.force_login(make_user(Role.REGIONAL_COORDINATOR, scope_region=None, scope_municipality=None))
    assert client.get(reverse("reports:report_create")).status_code == 403


# Admin


def test_admin_lists_reports_read_only_without_contact_details(client, administrator, world):
    client.force_login(administrator)
    listing = client.get(reverse("admin:reports_report_changelist"))
    assert listing.status_code == 200 and world.noise.reference in listing.content.decode()
    page = client.get(reverse("admin:reports_report_change", args=[world.noise.pk]))
    html = text_of(page)
    assert page.status_code == 200 and "Harde muziek" in html
    for secret in ("Jan de Vries", "jan@example.org", "0570 123456", world.noise.tracking_digest):
        assert secret not in html
    assert 'name="_save"' not in html
    assert client.get(reverse("admin:reports_report_add")).status_code == 403
    assert (
        client.post(reverse("admin:reports_report_delete", args=[world.noise.pk]), {"post": "yes"}).status_code == 403
    )
    assert Report.objects.filter(pk=world.noise.pk).exists()


def test_the_admin_cannot_change_a_reports_status(client, administrator, world):
    # A report moves on the staff pages only, through the service that appends to its history.
    client.force_login(administrator)
    before = (world.noise.status, world.noise.history.count())
    response = client.post(reverse("admin:reports_report_change", args=[world.noise.pk]), {"status": "handled"})
    assert response.status_code == 403
    world.noise.refresh_from_db()
    assert (world.noise.status, world.noise.history.count()) == before


def test_admin_edits_a_municipalitys_routing(client, administrator, municipality_a):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:reports_categoryrouting_add"),
        {
            "municipality": municipality_a.pk,
            "category": Category.NOISE,
            "service_level_days": 2,
            "department": Department.SAFETY,
        },
    )
    assert response.status_code == 302
    assert services.routing_for(municipality_a.pk, Category.NOISE) == (2, Department.SAFETY)
