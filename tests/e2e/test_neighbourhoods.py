"""Neighbourhood profiles as Deventer's policy officer: the list of Deventer's buurten, the Deltabuurt's profile
(locations and beds, reports per category in a table beside the chart, the neighbourhood plan) and the plan's
measures. Every page is checked with axe."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from zicht.geography.models import Neighbourhood
from zicht.housing.choices import LocationStatus
from zicht.housing.models import Location
from zicht.housing.selectors import in_neighbourhood_q
from zicht.neighbourhoods.choices import MeasureKind
from zicht.neighbourhoods.models import NeighbourhoodPlan
from zicht.reports.choices import Category

from .support import assert_accessible, heading, login

pytestmark = pytest.mark.e2e

PLAN = "Wijkplan Rivierenwijk"


def _number(text: str) -> int:
    return int(" ".join(text.split()).replace(".", ""))


def _figure(section, label: str) -> str:
    """The value of one key figure in a profile section, without the unit note."""
    figure = section.locator("dl.figures > div").filter(has=section.page.get_by_text(label, exact=True)).first
    return figure.locator("dd").inner_text().split("\n")[0].split(" met ")[0].strip()


def test_deltabuurt_profile_and_its_plan(page, base_url, page_events):
    deventer = Neighbourhood.objects.filter(municipality__code="GM0150")
    delta = deventer.get(name="Deltabuurt")
    in_use = Location.objects.filter(in_neighbourhood_q(delta), status=LocationStatus.IN_USE)
    assert in_use.exists(), "the demo should have locations in use in the Deltabuurt"
    plan = NeighbourhoodPlan.objects.get(name=PLAN)

    login(page, base_url, "gemeente")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijken").click()
    page.wait_for_url(f"{base_url}/wijken/")
    assert heading(page) == "Wijken en buurten"
    table = page.get_by_role("table", name="Buurten met kerncijfers")
    names = [" ".join(t.split()) for t in table.locator("tbody th").all_inner_texts()]
    assert sorted(names) == sorted(deventer.values_list("name", flat=True)), "exactly Deventer's neighbourhoods"
    row = table.locator("tbody tr").filter(has=page.get_by_role("link", name="Deltabuurt", exact=True))
    cells = [" ".join(t.split()) for t in row.locator("td").all_inner_texts()]
    assert cells[:2] == [delta.code, "Rivierenwijk"]
    assert _number(cells[2]) == in_use.count()
    assert _number(cells[3]) == in_use.aggregate(beds=Sum("capacity_beds"))["beds"]
    assert_accessible(page)

    row.get_by_role("link", name="Deltabuurt", exact=True).click()
    page.wait_for_url(f"{base_url}/wijken/buurten/{delta.code}/")
    assert heading(page) == "Wijkprofiel Deltabuurt"

    housing = page.locator("section[aria-labelledby='huisvesting']")
    assert _number(_figure(housing, "Locaties in gebruik")) == in_use.count()
    assert _number(_figure(housing, "Bedden in gebruik")) == in_use.aggregate(beds=Sum("capacity_beds"))["beds"]
    listed = {" ".join(t.split()) for t in housing.locator("tbody th").all_inner_texts()}
    assert set(in_use.values_list("name", flat=True)) <= listed

    # Reports per category: a chart with its numbers in a table beside it, adding up to the twelve months' figure.
    reports = page.locator("section[aria-labelledby='meldingen']")
    assert reports.locator("figure svg").first.is_visible()
    per_category = reports.get_by_role("table", name="Meldingen per categorie").locator("tbody tr")
    assert per_category.count() == len(Category.values)
    labels = [" ".join(t.split()) for t in per_category.locator("th").all_inner_texts()]
    assert set(labels) == {str(label) for label in Category.labels}
    counts = [_number(t) for t in per_category.locator("td").all_inner_texts()]
    twelve_months = _number(_figure(reports, "Meldingen afgelopen 12 maanden"))
    assert sum(counts) == twelve_months > 0

    plans = page.locator("section[aria-labelledby='wijkplannen']")
    card = plans.locator("li.card").filter(has=page.get_by_role("link", name=PLAN))
    assert f"{plan.measures.count()} maatregelen" in " ".join(card.inner_text().split())
    assert plans.get_by_role("link", name="Wijkplan Voorstad").count() == 0, "Voorstad's plan is not the Deltabuurt's"
    assert_accessible(page)

    card.get_by_role("link", name=PLAN).click()
    page.wait_for_url(f"{base_url}/wijken/plannen/{plan.pk}/")
    assert heading(page) == f"Wijkplan {PLAN}"
    main = page.locator("main")
    assert main.get_by_role("link", name="Deltabuurt", exact=True).is_visible()
    assert main.get_by_role("link", name="De Venen", exact=True).is_visible()
    measures = main.get_by_role("table", name="Maatregelen van het plan").locator("tbody tr")
    assert measures.count() == plan.measures.count() == 6
    vve = measures.filter(has_text="VvE's in de Deltabuurt informeren over hun rechten en plichten")
    assert [" ".join(t.split()) for t in vve.locator("td").all_inner_texts()][1] == "Team Wonen"
    kinds = {" ".join(t.split()) for t in measures.locator("td:nth-child(2)").all_inner_texts()}
    seed_examples = [
        MeasureKind.ROOM_RENTAL_STOP,
        MeasureKind.OWNERS_ASSOCIATIONS,
        MeasureKind.WASTE_APPROACH,
        MeasureKind.CAMERA_PILOT,
    ]
    assert {str(kind.label) for kind in seed_examples} <= kinds
    assert_accessible(page)
    page_events.assert_clean()
