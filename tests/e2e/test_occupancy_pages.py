"""The occupancy pages in the browser on the demo data: the Deventer dashboard as the policy officer, the work list
as the registration officer (audited), and the 80-10-10 tab of a location, each checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from zicht.core.models import AuditAction, AuditEvent, User
from zicht.geography import areas
from zicht.housing.models import Location
from zicht.occupancy import indicators

from .support import assert_accessible, heading, login

pytestmark = pytest.mark.e2e


def _figure(page, label: str) -> str:
    """The shown value of one key figure (without its note)."""
    figure = page.locator("dl.figures > div").filter(has=page.get_by_text(label, exact=True)).first
    return " ".join(figure.locator("dd").inner_text().split("\n")[0].split())


def test_dashboard_of_deventer_as_the_policy_officer(page, base_url, page_events):
    login(page, base_url, "gemeente")
    page.goto(f"{base_url}/bewoning/gebied/")
    assert heading(page) == "Bewoning en registratie Gemeente Deventer"

    expected = indicators.indicators_for(areas.resolve_area("GM0150"), timezone.localdate())
    living = _figure(page, "Wonend")
    assert living == (
        f"{expected.living:,}".replace(",", ".") if expected.living >= 5 or not expected.living else "< 5"
    )
    # Each chart has its numbers beside it in a table.
    assert page.locator("#chart-stay-mix-title").count() == 1
    assert page.get_by_role("table", name="Wonend naar verblijfsduur").is_visible()
    assert page.get_by_role("table", name="Wonend, ingeschreven en werkend").is_visible()
    # The policy officer has no work list; the commuting matrix is one click away.
    assert page.get_by_role("link", name="Werklijst: niet ingeschreven terwijl dat wel moet").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Pendel: waar de bewoners werken").click()
    page.wait_for_url(f"{base_url}/bewoning/pendel/**")
    assert page.get_by_role("table", name="Personen naar woongemeente (rijen) en werkgemeente (kolommen)").is_visible()
    assert_accessible(page)
    page_events.assert_clean()


def test_work_list_as_the_registration_officer_is_audited(page, base_url, page_events):
    officer = User.objects.get(username="adresonderzoek")
    gap = indicators.registration_gap(officer.scope_municipality_id, timezone.localdate())
    expected = gap.count()

    login(page, base_url, "adresonderzoek")
    page.goto(f"{base_url}/bewoning/gebied/")
    page.get_by_role("link", name="Werklijst: niet ingeschreven terwijl dat wel moet").click()
    page.wait_for_url(f"{base_url}/bewoning/werklijst/**")
    assert heading(page) == "Adresonderzoek Werklijst inschrijfplicht"
    rows = page.locator("main table tbody tr")
    shown = min(expected, 25) if expected else 1  # an empty list shows one "nobody found" row
    assert rows.count() == shown
    reads = AuditEvent.objects.filter(actor=officer, action=AuditAction.READ)
    assert reads.count() == min(expected, 25)
    assert_accessible(page)

    if expected:
        first = rows.first.locator("code").inner_text().rstrip("…")
        search = page.get_by_role("search")
        search.get_by_label("Pseudoniem begint met").fill(first)
        search.get_by_role("button", name="Filteren").click()
        page.wait_for_url("**zoek=*")
        assert page.locator("main table tbody tr").count() == 1
        assert reads.filter(detail__contains=f"zoek={first}").count() == 1
        assert_accessible(page)
    page_events.assert_clean()


def test_work_list_is_refused_to_the_policy_officer(page, base_url):
    login(page, base_url, "gemeente")
    response = page.goto(f"{base_url}/bewoning/werklijst/")
    assert response.status == 403


def test_location_occupancy_tab_shows_the_80_10_10_breakdown(page, base_url, page_events):
    location = (
        Location.objects.filter(municipality__code="GM0150", residence_episodes__isnull=False)
        .distinct()
        .order_by("ref")
        .first()
        or Location.objects.filter(municipality__code="GM0150").order_by("ref").first()
    )
    login(page, base_url, "adresonderzoek")
    page.route("https://service.pdok.nl/**", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{base_url}/huisvesting/locaties/{location.pk}/")
    tab = page.locator("section.location-occupancy")
    if tab.count() == 0:
        pytest.skip("occupancy/_location_occupancy.html is not yet included in the housing location page")
    assert tab.get_by_role("heading", name="Werkgemeente van de bewoners (80-10-10)").is_visible()
    distribution = indicators.location_distribution(location, timezone.localdate())
    verdicts = {
        "compliant": "Voldoet aan 80-10-10",
        "not_compliant": "Voldoet niet aan 80-10-10",
        "insufficient_data": "Onvoldoende gegevens",
    }
    assert verdicts[distribution.verdict] in tab.locator(".badge").inner_text()
    assert tab.get_by_role("table", name="Bewoners naar werkgemeente").is_visible()
    assert_accessible(page)
    page_events.assert_clean()
