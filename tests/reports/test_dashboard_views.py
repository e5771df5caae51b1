"""The Dashboard Meldingen Woonoverlast page: figures and tables for Deventer's staff, scope, suppression for the
region, the map only for those who handle the reports, and the CSV downloads."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re

from django.urls import reverse
from django.utils import timezone

from tests.reports.stats_support import town_fixture  # noqa: F401 - registers the "town" fixture

PERIOD = {"date_from": "2025-01-01", "date_to": "2025-03-31"}


def page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports:dashboard"), params)


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert match, name
    return html_lib.unescape(match.group(1).strip())


def row_cells(html: str, attribute: str, value: str) -> list[str]:
    """The cell texts of the table row marked data-<attribute>="<value>"."""
    match = re.search(rf'<tr data-{attribute}="{re.escape(value)}">(.*?)</tr>', html, re.S)
    assert match, value
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def download(client, user, table: str, **params) -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"), {**PERIOD, "export": "csv", "table": table, **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_officer_sees_figures_tables_and_map(client, town, officer_a):
    response = page(client, officer_a, **PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gemeente Deventer" in html
    assert "table=neighbourhoods" in html  # its download is offered beside the other two
    assert '<option value="month" selected>' in html  # the form shows the bucket size the figures use
    assert figure(html, "total") == "7"
    assert figure(html, "open") == "4"
    assert figure(html, "overdue") == "4"  # today lies long after every due date of the fixture
    assert (figure(html, "median"), figure(html, "p90")) == ("2", "10")
    assert figure(html, "within") == "66,7 %"
    assert (figure(html, "linked"), figure(html, "migrant")) == ("1", "1")
    # Neighbourhoods by category: name, district, eight categories, total, open, overdue.
    assert row_cells(html, "neighbourhood", "BU01500101") == [
        "Voorstad-Oost", "Voorstad", "2", "0", "0", "0", "0", "0", "0", "0", "2", "0", "0"
    ]  # fmt: skip
    assert row_cells(html, "neighbourhood", "BU01500201")[2:] == ["0", "0", "0", "2", "0", "0", "0", "0", "2", "2", "2"]
    assert row_cells(html, "category", "waste") == ["Afval naast containers (bijplaatsing)", "3", "0", "0"]
    assert row_cells(html, "period", "2025-02-01")[1:] == ["2", "\u22121 (\u221233,3 %)", "1", "+1 (+100,0 %)"]
    assert row_cells(html, "period", "2025-01-01")[3:] == ["\u2013", "\u2013"]  # no data a year earlier
    # The map: points as a JSON data block (allowed by the CSP), the references also in the plain table.
    assert 'id="report-map-points" type="application/json"' in html
    assert town.reports["r4"].reference in html
    assert "report_map.js" in html and "leaflet/leaflet.js" in html
    assert 'role="img"' in html  # the charts
    # CSP: no inline style, no executable inline script.
    assert 'style="' not in html
    assert not re.search(r'<script(?![^>]*\b(src=|type="application/json"))[^>]*>', html)


def test_filters_narrow_the_figures(client, town, officer_a):
    html = page(client, officer_a, **PERIOD, category="overcrowding").content.decode()
    assert figure(html, "total") == "2"
    html = page(client, officer_a, **PERIOD, neighbourhood="BU01500102", period="quarter").content.decode()
    assert figure(html, "total") == "2"
    assert row_cells(html, "period", "2025-01-01")[0].startswith("K1 2025")
    html = page(client, officer_a, **PERIOD, migrant_housing="yes", status="open").content.decode()
    assert figure(html, "total") == "1"


def test_a_period_the_wrong_way_round_is_explained(client, town, officer_a):
    html = page(client, officer_a, date_from="2025-03-31", date_to="2025-01-01").content.decode()
    assert "De begindatum ligt na de einddatum." in html
    assert 'data-figure="total"' in html  # the default period is shown meanwhile


def test_officer_of_another_municipality_cannot_open_deventer(client, town, officer_b):
    assert page(client, officer_b, area="GM0150", **PERIOD).status_code == 404
    assert page(client, officer_b, area="BU01500101", **PERIOD).status_code == 404
    response = page(client, officer_b, **PERIOD)  # their own Zwolle
    assert response.status_code == 200 and "Gemeente Zwolle" in response.content.decode()


def test_market_party_is_refused(client, town, market_party_user):
    assert page(client, market_party_user).status_code == 403


def test_region_sees_small_counts_suppressed_and_no_points(client, town, regional_coordinator):
    response = page(client, regional_coordinator, area="GM0150", **PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert figure(html, "total") == "7"
    assert figure(html, "open") == "< 5"
    assert (figure(html, "median"), figure(html, "within")) == ("\u2013", "\u2013")
    assert row_cells(html, "category", "waste")[1] == "< 5"
    assert row_cells(html, "neighbourhood", "BU01500101")[2] == "< 5"
    assert "report-map-points" not in html and "M-0" not in html
    assert "Afzonderlijke meldingen staan alleen op de kaart voor de gemeente zelf." in html
    # Their own region is the default area.
    html = page(client, regional_coordinator, **PERIOD).content.decode()
    assert "Regio West-Overijssel" in html and figure(html, "total") == "8"


def test_without_dates_the_last_twelve_months_are_shown_and_filled_in(client, town, officer_a):
    html = page(client, officer_a).content.decode()
    assert figure(html, "total") == "0"  # the fixture's reports are from 2024 and 2025; today is later
    assert f'name="date_to" value="{timezone.localdate():%Y-%m-%d}"' in html


def test_administrator_chooses_an_area_first(client, town, administrator):
    response = page(client, administrator)
    assert response.status_code == 200
    assert "Kies hierboven een gemeente, regio of provincie." in response.content.decode()


def test_csv_of_neighbourhoods_by_category(client, town, officer_a):
    rows = download(client, officer_a, "neighbourhoods")
    header, body = rows[0], {row[4]: row for row in rows[1:]}
    assert header[:5] == ["Gemeente", "Wijk", "Wijkcode", "Buurt", "Buurtcode"]
    assert header[5] == "Afval naast containers (bijplaatsing)" and header[-3:] == [
        "Totaal",
        "Nu open",
        "Nu over de termijn",
    ]
    assert body["BU01500101"][:5] == ["Deventer", "Voorstad", "WK015001", "Voorstad-Oost", "BU01500101"]
    assert body["BU01500101"][5] == "2" and body["BU01500101"][-3] == "2"
    assert body["BU01500201"][5 + 3] == "2"  # overcrowding is the fourth category
    assert body[""][3] == "Buiten een bekende buurt" and body[""][-3] == "1"


def test_csv_of_periods_and_of_handling_time(client, town, officer_a):
    rows = download(client, officer_a, "periods")
    assert [row[1] for row in rows[1:]] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    total = rows[0].index("Totaal")
    assert [row[total] for row in rows[1:]] == ["3", "2", "2"]
    assert rows[2][rows[0].index("Een jaar eerder")] == "1"
    rows = download(client, officer_a, "handling")
    everything = rows[-1]
    assert everything[:3] == ["Alle categorieën", "3", "2"]
    assert everything[3:] == ["66.7", "2.0", "10.0"]


def test_csv_for_the_region_carries_the_suppression(client, town, regional_coordinator):
    rows = download(client, regional_coordinator, "neighbourhoods", area="GM0150")
    body = {row[4]: row for row in rows[1:]}
    assert body["BU01500101"][5] == "< 5"


def test_a_municipality_without_reports_offers_no_empty_neighbourhood_download(client, officer_b):
    """The neighbourhood table lists only neighbourhoods with reports; with none, there is no file to offer."""
    html = page(client, officer_b, **PERIOD).content.decode()
    assert "Geen meldingen." in html
    assert "table=neighbourhoods" not in html
    assert "table=periods" in html  # the periods still have their rows, each with zero


def test_unknown_export_is_a_bad_request(client, town, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("reports:dashboard"), {"export": "pdf"}).status_code == 400
    assert client.get(reverse("reports:dashboard"), {"export": "csv", "table": "persons"}).status_code == 400


def test_points_link_to_the_report_when_the_staff_pages_exist(monkeypatch):
    from zicht.reports import dashboard_views

    monkeypatch.setattr(dashboard_views, "reverse", lambda name, kwargs: f"/meldingen/{kwargs['pk']}/")
    points = dashboard_views._points_json([{"pk": 12, "status": "planned"}, {"pk": 987654321, "status": "x"}])
    assert points[0] == {"pk": 12, "status": "planned", "status_label": "Ingepland", "url": "/meldingen/12/"}
    assert points[1]["url"] == "/meldingen/987654321/" and points[1]["status_label"] == "x"


def test_the_page_runs_a_bounded_number_of_queries(client, town, officer_a, django_assert_max_num_queries):
    client.force_login(officer_a)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("reports:dashboard"), PERIOD).status_code == 200
