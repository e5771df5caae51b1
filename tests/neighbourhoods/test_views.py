"""Pages of the neighbourhoods app: the list with key figures and filters, the profile, the plans and their forms."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from zicht.core.roles import Role
from zicht.housing.choices import LocationForm
from zicht.neighbourhoods import services
from zicht.neighbourhoods.choices import MeasureKind
from zicht.neighbourhoods.models import NeighbourhoodPlan, PlanMeasure
from zicht.reports.choices import Category

from ..geography.downloads import read_csv, read_xlsx
from ..housing.factories import LocationFactory
from .support import DELTABUURT, HOVEN, RIVIERENWIJK, make_hoods, make_report

LIST_URL = "/wijken/"
DAY = datetime.timedelta(days=1)


def profile_url(code: str) -> str:
    return reverse("neighbourhoods:neighbourhood_profile", kwargs={"code": code})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def hoods(municipality_a, municipality_b, region):
    hoods = make_hoods(municipality_a, municipality_b)
    LocationFactory(
        municipality=municipality_a,
        neighbourhood=hoods.rivierenwijk,
        form=LocationForm.REGULAR_DWELLING,
        capacity_beds=7,
    )
    LocationFactory(municipality=municipality_a, neighbourhood=hoods.rivierenwijk, capacity_beds=40)
    today = timezone.localdate()
    for days in (2, 20, 30):
        make_report(hoods.rivierenwijk, category=Category.WASTE, on=today - days * DAY)
    for days in (5, 6, 7, 8, 9):
        make_report(hoods.rivierenwijk, category=Category.NOISE, on=today - days * DAY)
    return hoods


@pytest.fixture
def plan(hoods, municipality_a):
    plan = services.plan_create(
        municipality=municipality_a,
        name="Wijkplan Rivierenwijk",
        district=hoods.district,
        neighbourhoods=[hoods.rivierenwijk],
    )
    services.measure_save(plan=plan, kind=MeasureKind.WASTE_APPROACH, title="Aanpak bijplaatsingen", owner="Afval")
    return plan


def test_list_rows_carry_key_figures(client, officer_a, hoods, django_assert_max_num_queries):
    client.force_login(officer_a)
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    page = text(response)
    assert "Rivierenwijk-Noord" in page and "Deltabuurt" in page and "Binnenstad" not in page
    rows = {row.code: row for row in response.context["neighbourhoods"]}
    row = rows[RIVIERENWIJK]
    assert (row.locations_in_use, row.beds_in_use, row.reports_shown) == (2, 47, 8)
    assert (rows[DELTABUURT].locations_in_use, rows[DELTABUURT].reports_shown) == (0, 0)
    assert profile_url(RIVIERENWIJK) in page


def test_list_filters(client, officer_a, regional_coordinator, hoods):
    client.force_login(officer_a)
    codes = [row.code for row in client.get(LIST_URL, {"q": "delta"}).context["neighbourhoods"]]
    assert codes == [DELTABUURT]
    assert [row.code for row in client.get(LIST_URL, {"q": RIVIERENWIJK.lower()}).context["neighbourhoods"]] == [
        RIVIERENWIJK
    ]
    client.force_login(regional_coordinator)
    everything = {row.code for row in client.get(LIST_URL).context["neighbourhoods"]}
    assert everything == {RIVIERENWIJK, DELTABUURT, HOVEN}
    zwolle = client.get(LIST_URL, {"municipality": "GM0193"}).context["neighbourhoods"]
    assert [row.code for row in zwolle] == [HOVEN]
    district = client.get(LIST_URL, {"district": hoods.district.code}).context["neighbourhoods"]
    assert {row.code for row in district} == {RIVIERENWIJK, DELTABUURT}


def test_region_viewer_sees_small_report_counts_suppressed(client, regional_coordinator, hoods, municipality_a):
    make_report(hoods.deltabuurt, on=timezone.localdate())
    client.force_login(regional_coordinator)
    rows = {row.code: row for row in client.get(LIST_URL).context["neighbourhoods"]}
    assert rows[RIVIERENWIJK].reports_shown == 8
    assert str(rows[DELTABUURT].reports_shown) == "< 5"
    csv_rows = read_csv(client.get(LIST_URL, {"export": "csv"}))
    assert csv_rows[0][:2] == ["CBS-code", "Buurt"]
    by_code = {row[0]: row for row in csv_rows[1:]}
    assert by_code[DELTABUURT][-1] == "< 5" and by_code[RIVIERENWIJK][-3:] == ["2", "47", "8"]


def test_xlsx_export(client, officer_a, hoods):
    client.force_login(officer_a)
    rows = read_xlsx(client.get(LIST_URL, {"export": "xlsx", "q": "Rivierenwijk"}))
    assert rows[1][:2] == [RIVIERENWIJK, "Rivierenwijk-Noord"] and rows[1][-3:] == [2, 47, 8]


def test_profile_shows_the_figures(client, officer_a, hoods, plan):
    client.force_login(officer_a)
    response = client.get(profile_url(RIVIERENWIJK))
    assert response.status_code == 200
    page = text(response)
    profile = response.context["profile"]
    assert (profile.housing.room_rental_addresses, profile.housing.in_use, profile.housing.capacity_beds) == (1, 2, 47)
    assert profile.reports.last_twelve_months == 8
    assert "Kamerverhuuradressen in gebruik" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert 'id="tabel-meldingen-categorie"' in page and 'id="tabel-meldingen-kwartaal"' in page
    # The category table has the exact counts beside the chart.
    assert re.search(r"Geluidsoverlast</th><td class=\"num\">5</td>", page)
    assert re.search(r"Afval naast containers \(bijplaatsing\)</th><td class=\"num\">3</td>", page)
    assert "zodra toezicht en handhaving in Zicht worden vastgelegd" in page
    assert "Wijkplan Rivierenwijk" in page
    assert ' style="' not in page  # the CSP forbids inline styles


def test_profile_date_chooser(client, registration_officer_a, hoods):
    client.force_login(registration_officer_a)
    response = client.get(profile_url(RIVIERENWIJK), {"datum": "2025-05-01"})
    assert response.context["profile"].on == datetime.date(2025, 5, 1)
    assert 'value="2025-05-01"' in response.content.decode()
    assert client.get(profile_url(RIVIERENWIJK), {"datum": "geen datum"}).context["profile"].on == timezone.localdate()


def test_profile_for_a_region_viewer_suppresses(client, regional_coordinator, hoods):
    client.force_login(regional_coordinator)
    page = text(client.get(profile_url(RIVIERENWIJK)))
    assert re.search(r"Afval naast containers \(bijplaatsing\)</th><td class=\"num\">&lt; 5</td>", page)
    assert re.search(r"Geluidsoverlast</th><td class=\"num\">5</td>", page)


def test_other_municipality_gets_404(client, officer_b, hoods, plan):
    client.force_login(officer_b)
    assert client.get(profile_url(RIVIERENWIJK)).status_code == 404
    assert client.get(profile_url("BU99999999")).status_code == 404
    assert client.get(reverse("neighbourhoods:plan_detail", kwargs={"pk": plan.pk})).status_code == 404
    assert client.get(profile_url(HOVEN)).status_code == 200


def test_market_party_is_denied(client, market_party_user, hoods, plan):
    client.force_login(market_party_user)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(profile_url(RIVIERENWIJK)).status_code == 403
    assert client.get(reverse("neighbourhoods:plan_list")).status_code == 403
    assert client.get(reverse("neighbourhoods:plan_detail", kwargs={"pk": plan.pk})).status_code == 403


def test_anonymous_is_sent_to_login(client, hoods):
    response = client.get(LIST_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def plan_form(hoods, **overrides) -> dict:
    data = {
        "name": "Wijkplan Deltabuurt",
        "status": "draft",
        "district": hoods.district.pk,
        "neighbourhoods": [hoods.deltabuurt.pk],
        "summary": "VvE's informeren en de stop op kamerverhuur uitwerken.",
        "adopted_on": "",
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
    }
    data.update(overrides)
    return data


def test_plan_create_with_bad_input_keeps_the_values(client, officer_a, hoods):
    client.force_login(officer_a)
    url = reverse("neighbourhoods:plan_create")
    response = client.post(url, plan_form(hoods, starts_on="2025-06-01", ends_on="2025-01-01"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Het einde ligt vóór het begin." in page and "Controleer de invoer" in page
    assert 'value="Wijkplan Deltabuurt"' in page and 'value="2025-06-01"' in page
    assert re.search(rf'value="{hoods.deltabuurt.pk}"[^>]*checked', page)
    response = client.post(url, plan_form(hoods, name="", neighbourhoods=[hoods.hoven.pk]))
    errors = response.context["form"].errors
    assert "Dit veld is vereist." in errors["name"]
    assert "neighbourhoods" in errors  # Zwolle's neighbourhood is not a choice
    assert not NeighbourhoodPlan.objects.exists()


def test_plan_create_and_edit_by_the_policy_officer(client, officer_a, hoods, municipality_a):
    client.force_login(officer_a)
    response = client.post(reverse("neighbourhoods:plan_create"), plan_form(hoods), follow=True)
    plan = NeighbourhoodPlan.objects.get(name="Wijkplan Deltabuurt")
    assert plan.municipality == municipality_a and list(plan.neighbourhoods.all()) == [hoods.deltabuurt]
    assert "Het wijkplan is opgeslagen." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("neighbourhoods:plan_detail", kwargs={"pk": plan.pk})

    edit = reverse("neighbourhoods:plan_edit", kwargs={"pk": plan.pk})
    assert 'value="Wijkplan Deltabuurt"' in client.get(edit).content.decode()
    duplicate = services.plan_create(municipality=municipality_a, name="Ander plan")
    response = client.post(edit, plan_form(hoods, name=duplicate.name))
    assert "Deze gemeente heeft al een wijkplan met deze naam." in response.content.decode()
    response = client.post(
        edit, plan_form(hoods, status="adopted", neighbourhoods=[hoods.deltabuurt.pk, hoods.rivierenwijk.pk])
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "adopted" and plan.neighbourhoods.count() == 2


def test_measures_are_added_changed_and_deleted(client, officer_a, plan):
    client.force_login(officer_a)
    url = reverse("neighbourhoods:measure_create", kwargs={"pk": plan.pk})
    bad = {
        "kind": "",
        "title": "Camerapilot",
        "owner": "",
        "status": "planned",
        "starts_on": "2025-05-01",
        "ends_on": "",
    }
    response = client.post(url, bad)
    assert response.status_code == 200 and 'value="Camerapilot"' in response.content.decode()
    assert set(response.context["form"].errors) == {"kind", "owner"}
    good = {**bad, "kind": MeasureKind.CAMERA_PILOT, "owner": "Openbare orde en veiligheid"}
    response = client.post(url, good, follow=True)
    assert "De maatregel is toegevoegd." in response.content.decode()
    measure = PlanMeasure.objects.get(title="Camerapilot")
    assert measure.starts_on == datetime.date(2025, 5, 1)

    edit = reverse("neighbourhoods:measure_edit", kwargs={"pk": measure.pk})
    response = client.post(edit, {**good, "status": "running", "ends_on": "2025-04-01"})
    assert "Het einde ligt vóór het begin." in response.content.decode()
    client.post(edit, {**good, "status": "running", "ends_on": "2025-12-31"})
    measure.refresh_from_db()
    assert (measure.status, measure.ends_on) == ("running", datetime.date(2025, 12, 31))

    delete = reverse("neighbourhoods:measure_delete", kwargs={"pk": measure.pk})
    assert "Camerapilot" in client.get(delete).content.decode()
    assert PlanMeasure.objects.filter(pk=measure.pk).exists()  # a GET only asks
    response = client.post(delete, follow=True)
    assert not PlanMeasure.objects.filter(pk=measure.pk).exists()
    assert "is verwijderd" in response.content.decode()


@pytest.mark.parametrize("who", ["registration_officer_a", "regional_coordinator", "province_director"])
def test_only_the_policy_officer_may_edit(client, request, who, plan):
    user = request.getfixturevalue(who)
    client.force_login(user)
    detail = client.get(reverse("neighbourhoods:plan_detail", kwargs={"pk": plan.pk}))
    assert detail.status_code == 200 and reverse("neighbourhoods:plan_edit", kwargs={"pk": plan.pk}) not in text(detail)
    measure = plan.measures.get()
    for url in (
        reverse("neighbourhoods:plan_create"),
        reverse("neighbourhoods:plan_edit", kwargs={"pk": plan.pk}),
        reverse("neighbourhoods:measure_create", kwargs={"pk": plan.pk}),
        reverse("neighbourhoods:measure_edit", kwargs={"pk": measure.pk}),
        reverse("neighbourhoods:measure_delete", kwargs={"pk": measure.pk}),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert PlanMeasure.objects.filter(pk=measure.pk).exists()


def test_officer_of_another_municipality_cannot_reach_the_plan(client, officer_b, plan):
    client.force_login(officer_b)
    assert client.get(reverse("neighbourhoods:plan_edit", kwargs={"pk": plan.pk})).status_code == 404
    measure = plan.measures.get()
    assert client.post(reverse("neighbourhoods:measure_delete", kwargs={"pk": measure.pk})).status_code == 404


def test_administrator_creates_a_plan_for_a_chosen_municipality(client, make_user, hoods, municipality_a):
    admin = make_user(Role.ADMINISTRATOR, username="beheer")
    client.force_login(admin)
    url = reverse("neighbourhoods:plan_create")
    response = client.post(url, plan_form(hoods, municipality="", neighbourhoods=[hoods.hoven.pk]))
    assert "municipality" in response.context["form"].errors
    response = client.post(url, plan_form(hoods, municipality=municipality_a.pk, neighbourhoods=[hoods.hoven.pk]))
    assert "Een buurt ligt in een andere gemeente." in response.content.decode()
    response = client.post(url, plan_form(hoods, municipality=municipality_a.pk))
    assert response.status_code == 302
    assert NeighbourhoodPlan.objects.get().municipality == municipality_a


def test_plan_list_and_export(client, regional_coordinator, plan):
    client.force_login(regional_coordinator)
    response = client.get(reverse("neighbourhoods:plan_list"))
    assert [item.name for item in response.context["plans"]] == ["Wijkplan Rivierenwijk"]
    assert response.context["plans"][0].measure_count == 1
    rows = read_csv(client.get(reverse("neighbourhoods:plan_list"), {"export": "csv"}))
    assert rows[1][:4] == ["Wijkplan Rivierenwijk", "Deventer", "Rivierenwijk", "Rivierenwijk-Noord"]
