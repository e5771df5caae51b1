"""Reports as staff on the demo data: Deventer's work list with its filters, taking a report in progress, and the
Dashboard Meldingen Woonoverlast as the municipality (exact, with the map) and as the province (suppressed, no
points). Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from zicht.core.models import User
from zicht.reports import selectors, workflow
from zicht.reports.choices import Category, ReportStatus
from zicht.reports.models import ReportStatusChange

from .support import assert_accessible, heading, login

# Writes through the live server (a session, a form): also on PostgreSQL (conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.every_engine]

TILE_HOST = "https://service.pdok.nl/**"
COUNT_SENTENCE = re.compile(r"^([\d.]+) meldingen? gevonden\.$")
# The fill colour of an open report's point on the dashboard map (static/zicht/js/report_map.js).
OPEN_POINT_RGB = (0xB3, 0x26, 0x1E)


def _no_tiles(page) -> None:
    page.route(TILE_HOST, lambda route: route.fulfill(status=204, body=""))


def _number(text: str) -> int:
    """A count as the pages show it: "1.234" → 1234."""
    return int(text.strip().replace(".", ""))


def _found(page) -> int:
    sentence = page.locator("main p").filter(has_text=COUNT_SENTENCE).first.inner_text().strip()
    return _number(COUNT_SENTENCE.match(sentence).group(1))


def _column(page, index: int) -> list[str]:
    cells = page.locator(f"table.report-table tbody tr > :nth-child({index + 1})").all_inner_texts()
    return [" ".join(text.split()) for text in cells]


def _filter(page, **choices: str) -> None:
    """Clear the list's filters, choose the given options by label and apply them."""
    page.goto(page.url.split("?")[0])
    search = page.get_by_role("search")
    for label, option in choices.items():
        search.get_by_label(re.compile(rf"^{re.escape(label)}:?$")).select_option(label=option)
    search.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**/meldingen/?*")


def test_work_list_filters_and_taking_a_report_in_progress(page, base_url, page_events):
    officer = User.objects.get(username="gemeente")
    visible = selectors.report_list_visible_to(officer)
    total = visible.count()
    assert total > 25, "the demo should give Deventer a year of reports"

    login(page, base_url, "gemeente")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Meldingen", exact=True).click()
    page.wait_for_url(f"{base_url}/meldingen/")
    assert heading(page) == "Meldingen"
    assert _found(page) == total
    assert len(_column(page, 0)) == 25
    assert_accessible(page)

    # By category: the count and every row change to that category.
    overcrowding = visible.filter(category=Category.OVERCROWDING).count()
    assert 0 < overcrowding < total
    _filter(page, Categorie=str(Category.OVERCROWDING.label))
    assert _found(page) == overcrowding
    assert set(_column(page, 2)) == {str(Category.OVERCROWDING.label)}

    # Overdue ("te laat"): open reports past their due date, each flagged.
    today = timezone.localdate()
    overdue = visible.filter(status__in=workflow.OPEN_STATUSES, due_on__lt=today)
    assert overdue.exists(), "the demo should have overdue reports"
    _filter(page, **{"Te laat": "Ja"})
    assert _found(page) == overdue.count() < total
    rows = page.locator("table.report-table tbody tr")
    assert rows.count() == min(overdue.count(), 25)
    assert rows.count() == page.locator("table.report-table tbody tr.report-row--overdue").count()
    # Flagged in words, not only in colour: an open status followed by "Te laat".
    open_labels = {str(ReportStatus(status).label) for status in workflow.OPEN_STATUSES}
    statuses = _column(page, 4)
    assert all(status.endswith(" Te laat") for status in statuses), statuses
    assert {status.removesuffix(" Te laat") for status in statuses} <= open_labels
    assert_accessible(page)

    # Open a new report and take it in progress: a history row is added with who and why.
    _filter(page, Status=str(ReportStatus.REPORTED.label))
    link = page.locator("table.report-table tbody tr th a").first
    reference = link.inner_text().strip()
    link.click()
    page.wait_for_url(re.compile(r".*/meldingen/\d+/$"))
    pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert reference in heading(page)
    history = (
        page.locator("main table").filter(has=page.get_by_role("columnheader", name="Vastgelegd")).locator("tbody tr")
    )
    steps = history.count()
    assert steps == ReportStatusChange.objects.filter(report_id=pk).count() >= 1
    assert_accessible(page)

    form = page.locator("#status-form")
    form.get_by_label("Nieuwe status").select_option(label=str(ReportStatus.IN_PROGRESS.label))
    form.get_by_label("Toelichting").fill("Het wijkteam gaat vandaag langs.")
    with page.expect_navigation(url=f"{base_url}/meldingen/{pk}/"):
        form.get_by_role("button", name="Status wijzigen").click()
    assert page.get_by_text("De status van de melding is gewijzigd.").is_visible()
    assert history.count() == steps + 1
    newest = [" ".join(text.split()) for text in history.last.locator("th, td").all_inner_texts()]
    assert newest[1:3] == ["Gemeld", "In behandeling"]
    assert newest[4] == "Het wijkteam gaat vandaag langs."
    assert newest[5] == officer.get_full_name()
    change = ReportStatusChange.objects.filter(report_id=pk).order_by("-recorded_at", "-pk").first()
    assert (change.to_status, change.recorded_by) == (ReportStatus.IN_PROGRESS, officer)
    assert_accessible(page)
    page_events.assert_clean()


def _figure(page, name: str) -> str:
    return " ".join(page.locator(f"dd[data-figure='{name}']").inner_text().split())


def _open_point_centres(page) -> list[tuple[float, float]]:
    """Viewport coordinates inside open reports' points drawn on the map's canvas (Leaflet draws circle markers on
    a canvas, not as elements): pixels of the open fill colour whose neighbours three pixels away share it."""
    return page.evaluate(
        """([r, g, b]) => {
            const frame = document.querySelector("[data-report-map]").getBoundingClientRect();
            const found = [];
            for (const canvas of document.querySelectorAll("[data-report-map] canvas")) {
                const box = canvas.getBoundingClientRect();
                const { width, height } = canvas;
                const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
                const red = (x, y) => {
                    const i = (y * width + x) * 4;
                    return Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12
                        && Math.abs(data[i + 2] - b) < 12 && data[i + 3] > 150;
                };
                for (let y = 3; y < height - 3; y += 1) {
                    for (let x = 3; x < width - 3; x += 1) {
                        if (red(x, y) && red(x - 3, y) && red(x + 3, y) && red(x, y - 3) && red(x, y + 3)) {
                            const px = box.left + (x * box.width) / width;
                            const py = box.top + (y * box.height) / height;
                            if (px > frame.left + 10 && px < frame.right - 10 && py > frame.top + 10
                                && py < frame.bottom - 10) {
                                found.push([px, py]);
                            }
                        }
                    }
                }
            }
            return found;
        }""",
        list(OPEN_POINT_RGB),
    )


def test_dashboard_of_deventer_as_the_policy_officer(page, base_url, page_events):
    _no_tiles(page)
    login(page, base_url, "gemeente")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard meldingen").click()
    page.wait_for_url(f"{base_url}/meldingen/dashboard/")
    assert heading(page) == "Dashboard meldingen woonoverlast Gemeente Deventer"

    # The headline figures are the totals of the table per category.
    total = _number(_figure(page, "total"))
    assert total > 100
    table = page.get_by_role("table", name="Meldingen per categorie")
    rows = table.locator("tbody tr")
    assert rows.count() == len(Category.values)
    per_category = [_number(text) for text in rows.locator("td:nth-child(2)").all_inner_texts()]
    assert sum(per_category) == total
    open_now = [_number(text) for text in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert sum(open_now) == _number(_figure(page, "open"))
    overdue = [_number(text) for text in rows.locator("td:nth-child(4)").all_inner_texts()]
    assert sum(overdue) == _number(_figure(page, "overdue"))
    assert page.locator("#chart-report-categories-title").count() == 1, "the chart beside the table"

    # Neighbourhood by category: the Rivierenwijk's buurten with their counts, which add up to their total.
    neighbourhoods = page.get_by_role("table", name="Meldingen per buurt en categorie")
    delta = neighbourhoods.locator("tbody tr[data-neighbourhood='BU01500601']")
    assert delta.locator("th").inner_text().strip() == "Deltabuurt"
    cells = [" ".join(text.split()) for text in delta.locator("td").all_inner_texts()]
    assert cells[0] == "Rivierenwijk"
    counts = [_number(text) for text in cells[1:]]
    assert sum(counts[: len(Category.values)]) == counts[len(Category.values)] > 0
    venen = neighbourhoods.locator("tbody tr[data-neighbourhood='BU01500602']")
    assert venen.locator("td").first.inner_text().strip() == "Rivierenwijk"
    names = {" ".join(t.split()) for t in neighbourhoods.locator("tbody th").all_inner_texts()}
    assert {"Deltabuurt", "De Venen", "Voorstad-Oost"} <= names

    # The map draws a point per report with a place; a point opens a popup linking to the report.
    points = page.evaluate("JSON.parse(document.getElementById('report-map-points').textContent).length")
    assert points > 0
    assert page.get_by_text(f"{points} meldingen met een plek op de kaart").is_visible()
    page.locator("[data-report-map].leaflet-container canvas").first.wait_for()
    page.wait_for_function("document.querySelector('[data-report-map] .leaflet-marker-pane') !== null")
    page.locator("[data-report-map]").scroll_into_view_if_needed()
    centres = _open_point_centres(page)
    assert centres, "no open report drawn on the map"
    page.mouse.click(*centres[len(centres) // 2])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert re.search(r"/meldingen/\d+/$", popup.get_by_role("link").get_attribute("href"))
    open_labels = {str(ReportStatus(status).label) for status in workflow.OPEN_STATUSES}
    assert any(label in popup.inner_text() for label in open_labels), "a red point is an open report"
    assert_accessible(page)
    page_events.assert_clean()


def test_dashboard_as_the_province_suppresses_small_counts_and_shows_no_points(page, base_url, page_events):
    # Deventer is not in the demo region Rivierenland; it is in the province of Overijssel.
    login(page, base_url, "provincie")
    page.goto(f"{base_url}/meldingen/dashboard/?area=GM0150")
    assert heading(page) == "Dashboard meldingen woonoverlast Gemeente Deventer"
    total = _number(_figure(page, "total"))
    assert total > 100

    neighbourhoods = page.get_by_role("table", name="Meldingen per buurt en categorie")
    cells = [" ".join(text.split()) for text in neighbourhoods.locator("tbody td.num").all_inner_texts()]
    assert "< 5" in cells, "small counts should be suppressed outside the municipality"
    assert not any(text in {"1", "2", "3", "4"} for text in cells), "an exact small count is shown"
    assert page.locator("[data-report-map]").count() == 0
    assert page.locator("#report-map-points").count() == 0
    assert page.get_by_text("Afzonderlijke meldingen staan alleen op de kaart voor de gemeente zelf.").is_visible()
    # No link leads to a single report.
    assert page.locator("main a[href*='/meldingen/']").filter(has_text=re.compile(r"^M-\d+$")).count() == 0
    assert_accessible(page)
    page_events.assert_clean()
