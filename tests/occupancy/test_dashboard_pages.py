"""The occupancy dashboard (municipality), the region/province overview with its municipality table, and the
location occupancy tab: figures, suppression for non-owners, sorting, downloads and scope."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from zicht.core.roles import Role
from zicht.occupancy.location_occupancy import location_occupancy_context

from .world import (
    DEVENTER_GAP,
    DEVENTER_LIVING,
    DEVENTER_REGISTERED,
    ON,
    ZWOLLE_LIVING,
    build_world,
)

URL = "occupancy:dashboard"
DAY = ON.isoformat()
DASH = "\u2013"


@pytest.fixture
def world(municipality_a, municipality_b, region):
    return build_world(municipality_a, municipality_b, region)


FIGURE = re.compile(r"<dt>(?P<label>[^<]*)</dt>\s*<dd>\s*(?P<value>[^<]*?)\s*(?:<span|</dd>)", re.DOTALL)


def _figures(response) -> dict[str, str]:
    """The key figures of the page as {label: shown value}, the value without its note."""
    html = response.content.decode()
    block = html[html.index('<dl class="figures">') : html.index("</dl>", html.index('<dl class="figures">'))]
    return {" ".join(m["label"].split()): unescape(" ".join(m["value"].split())) for m in FIGURE.finditer(block)}


def test_municipality_dashboard_shows_the_counted_figures(client, world, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse(URL), {"datum": DAY})
    assert response.status_code == 200
    figures = _figures(response)
    assert figures["Wonend"] == str(DEVENTER_LIVING)
    assert figures["Ingeschreven in de BRP"] == str(DEVENTER_REGISTERED)
    assert figures["Moet ingeschreven zijn, is het niet"] == str(DEVENTER_GAP)
    assert figures["Registratiegraad"] == "30,0 %"  # 6 of 20
    # D-1, D-2 and D-3 are all in locations: occupancy equals living; capacity is the beds of the three (20+10+6).
    assert figures["In huisvestingslocaties (bezetting)"] == str(DEVENTER_LIVING)
    assert "van 36 bedden" in response.content.decode()
    assert response.context["area"].code == "GM0150"
    # A municipality has no per-municipality table, and the policy officer gets no work list link.
    assert response.context.get("municipality_rows") is None
    assert reverse("occupancy:registration_gap") not in response.content.decode()
    assert reverse("occupancy:commuting") in response.content.decode()


def test_the_stay_mix_chart_has_its_numbers_in_a_table(client, world, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse(URL), {"datum": DAY})
    html = response.content.decode()
    assert 'id="chart-stay-mix-title"' in html
    rows = dict((str(label), value) for label, value in response.context["stay_rows"])
    assert rows == {"Short stay": 5, "Mid stay": 15, "Long stay": 0}


def test_small_counts_are_suppressed_for_the_policy_officer_but_not_the_registration_officer(
    client, world, make_user, municipality_b
):
    policy = make_user(Role.POLICY_OFFICER, scope_municipality=municipality_b)
    registrar = make_user(Role.REGISTRATION_OFFICER, scope_municipality=municipality_b)

    client.force_login(policy)
    figures = _figures(client.get(reverse(URL), {"datum": DAY}))
    assert figures["Wonend"] == str(ZWOLLE_LIVING)
    assert figures["Ingeschreven in de BRP"] == "< 5"
    assert figures["Moet ingeschreven zijn, is het niet"] == "< 5"
    assert figures["Registratiegraad"] == DASH, "a rate built on a suppressed count is withheld"

    client.force_login(registrar)
    response = client.get(reverse(URL), {"datum": DAY})
    figures = _figures(response)
    assert figures["Ingeschreven in de BRP"] == "4"
    assert figures["Moet ingeschreven zijn, is het niet"] == "4"
    assert figures["Registratiegraad"] == "36,4 %"
    assert reverse("occupancy:registration_gap") in response.content.decode()


def test_region_overview_lists_each_municipality_with_both_shares_labelled(client, world, regional_coordinator):
    client.force_login(regional_coordinator)
    response = client.get(reverse(URL), {"datum": DAY})
    assert response.status_code == 200
    html = response.content.decode()
    assert [row["area"]["code"] for row in response.context["municipality_rows"]] == ["GM0150", "GM0193"]
    assert "Gewogen (alle personen)" in html
    assert "Ongewogen gemiddelde van de gemeenten" in html
    zwolle = response.context["municipality_rows"][1]
    assert str(zwolle["brp_registered"]) == "< 5", "nobody owns a region's cells"
    assert figures_total(response) == DEVENTER_LIVING + ZWOLLE_LIVING


def figures_total(response) -> int:
    return int(_figures(response)["Wonend"])


def test_region_table_sorts_on_the_server(client, world, regional_coordinator):
    client.force_login(regional_coordinator)
    ascending = client.get(reverse(URL), {"datum": DAY, "sorteer": "living"})
    descending = client.get(reverse(URL), {"datum": DAY, "sorteer": "-living"})
    assert [r["area"]["name"] for r in ascending.context["municipality_rows"]] == ["Zwolle", "Deventer"]
    assert [r["area"]["name"] for r in descending.context["municipality_rows"]] == ["Deventer", "Zwolle"]
    header = next(c for c in descending.context["sort_columns"] if c["key"] == "living")
    assert header["aria_sort"] == "descending" and "sorteer=living" in header["url"]


def test_region_table_downloads_as_csv_with_suppressed_cells(client, world, regional_coordinator):
    client.force_login(regional_coordinator)
    response = client.get(reverse(URL), {"datum": DAY, "export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["CBS-code"] for row in rows] == ["GM0150", "GM0193"]
    assert rows[0]["Wonend"] == str(DEVENTER_LIVING)
    assert rows[1]["Ingeschreven in de BRP"] == "< 5"
    assert rows[1]["Registratiegraad (%)"] == ""


def test_province_director_sees_the_province(client, world, province_director):
    client.force_login(province_director)
    response = client.get(reverse(URL), {"datum": DAY})
    assert response.status_code == 200
    assert response.context["area"].code == "PV23"
    assert {row["area"]["code"] for row in response.context["municipality_rows"]} == {"GM0150", "GM0193"}


def test_published_estimates_are_shown_beside_the_counts(client, world, officer_a):
    from decimal import Decimal

    from zicht.occupancy.models import Estimate

    Estimate.objects.create(
        area_kind="municipality",
        area_code="GM0150",
        measure="living",
        year=2021,
        low=Decimal(1500),
        high=Decimal(2500),
        source="Decisio tabel 1",
    )
    client.force_login(officer_a)
    html = client.get(reverse(URL), {"datum": DAY}).content.decode()
    assert f"1.500{DASH}2.500" in html
    assert "Decisio tabel 1" in html


@pytest.mark.parametrize("code", ["GM0193", "west-overijssel", "PV23", "NL"])
def test_a_municipality_user_cannot_open_another_area(client, world, officer_a, code):
    client.force_login(officer_a)
    assert client.get(reverse(URL), {"gebied": code, "datum": DAY}).status_code == 404


def test_market_party_gets_no_area_figures(client, world, market_party_user):
    client.force_login(market_party_user)
    assert client.get(reverse(URL)).status_code == 403


def test_installation_user_chooses_an_area_first(client, world, administrator):
    client.force_login(administrator)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert response.context["area"] is None
    assert "Kies een gebied" in response.content.decode()
    response = client.get(reverse(URL), {"gebied": "NL", "datum": DAY})
    assert response.status_code == 200
    assert int(_figures(response)["Wonend"]) == DEVENTER_LIVING + ZWOLLE_LIVING


def test_anonymous_users_are_sent_to_the_login(client, world):
    response = client.get(reverse(URL))
    assert response.status_code == 302


def _tab(user, location, on=ON) -> tuple[dict, str]:
    request = RequestFactory().get("/")
    request.user = user
    context = location_occupancy_context(request, location, on)
    return context, render_to_string("occupancy/_location_occupancy.html", context, request=request)


def test_location_tab_shows_a_compliant_distribution(world, registration_officer_a):
    context, html = _tab(registration_officer_a, world.locations["D-1"])
    assert context["distribution_verdict"] == "compliant"
    assert context["occupancy"] == 12
    assert "Voldoet aan 80-10-10" in html
    assert 'id="chart-location-distribution-title"' in html
    shares = {row["key"]: row["share"] for row in context["distribution_rows"]}
    assert shares["same_municipality"] == pytest.approx(10 / 11)
    assert shares["elsewhere_in_region"] == pytest.approx(1 / 11)
    assert shares["unknown"] == pytest.approx(1 / 12)


def test_location_tab_suppresses_small_cells_for_the_policy_officer(world, officer_a):
    context, _html = _tab(officer_a, world.locations["D-1"])
    assert context["distribution_verdict"] == "compliant", "the verdict always shows"
    rows = {row["key"]: row for row in context["distribution_rows"]}
    assert rows["same_municipality"]["count"] == 10
    assert str(rows["elsewhere_in_region"]["count"]) == "< 5"
    assert all(row["share"] is None for row in rows.values()), "no share beside a hidden cell"
    assert context["distribution_chart"] == ""


def test_location_tab_names_the_broken_limits(world, registration_officer_a):
    context, html = _tab(registration_officer_a, world.locations["D-2"])
    assert context["distribution_verdict"] == "not_compliant"
    assert "minder dan 80 % werkt in de gemeente van de locatie" in html
    assert "meer dan 10 % werkt buiten de regio" in html
    assert "elders in de regio" not in " ".join(str(b) for b in context["distribution_broken"])


def test_location_tab_explains_insufficient_data_and_suppresses_small_counts(world, officer_a, registration_officer_a):
    context, html = _tab(officer_a, world.locations["D-3"])
    assert context["distribution_verdict"] == "insufficient_data"
    assert "Er is geen oordeel mogelijk" in html
    assert str(context["occupancy"]) == "< 5"
    assert context["distribution_chart"] == "", "a chart would show what '< 5' hides"
    assert "&lt; 5" in html

    context, html = _tab(registration_officer_a, world.locations["D-3"])
    assert context["occupancy"] == 3
    assert context["distribution_chart"]
