"""Indicators per neighbourhood (buurt): counts from the municipality SQL grouped by the residence episode's
neighbourhood, suppression as the municipality's, the CLI, the API, the dashboard table and refresh after ingest.

Deventer on ON (1 March 2026), with the default policy (short <= 122 days, long > 730 days):

| neighbourhood | person | where                  | from..to              | BRP        | work      | due        |
|---------------|--------|------------------------|-----------------------|------------|-----------|------------|
| Noord         | n1     | LN                     | 2025-06-01..          | Deventer   | Deventer  | 2025-10-05 |
| Noord         | n2     | LN                     | 2025-06-01..          | -          | Zwolle    | 2025-10-05 |
| Noord         | n3     | LN                     | ON..                  | -          | -         | ON         |
| Noord         | n4     | LN                     | 2025-06-01..ON-1      | (gone)     |           |            |
| Noord         | n5     | LN                     | 2025-01-01..ON        | Deventer   | unknown   |            |
| Noord         | n6     | LN                     | ON+1..                | (not yet)  |           |            |
| Zuid          | s1     | address in Zuid        | 2023-01-01..          | RNI        | Deventer  |            |
| Zuid          | s2-s6  | LS (address in Zuid)   | 2026-02-01..          | Deventer   | Deventer  |            |
| (none)        | u1     | address without buurt  | 2025-01-01..          | -          | -         |            |

LN (20 beds, in use) and a closed location (6 beds) lie in Noord; LS (10 beds, in use) has no neighbourhood of its
own but its address lies in Zuid.
"""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from zicht.geography.areas import AreaKind, area_for_user, resolve_area
from zicht.housing.choices import LocationStatus
from zicht.occupancy import indicators, presentation
from zicht.occupancy.ingest.validation import load_lookups
from zicht.occupancy.models import IndicatorSnapshot

from ..factories import AddressFactory, DistrictFactory, NeighbourhoodFactory
from ..housing.factories import LocationFactory
from .episodes import ON, Episodes

D = datetime.date
DAY = datetime.timedelta(days=1)
NOORD, ZUID = "BU01500100", "BU01500101"
SUPPRESSED = {"value": None, "suppressed": True, "display": "< 5"}


@pytest.fixture
def world(municipality_a, municipality_b, region):
    deventer, zwolle = municipality_a, municipality_b
    district = DistrictFactory(municipality=deventer, code="WK015001", name="Centrum")
    noord = NeighbourhoodFactory(district=district, code=NOORD, name="Noord")
    zuid = NeighbourhoodFactory(district=district, code=ZUID, name="Zuid")
    ln = LocationFactory(municipality=deventer, neighbourhood=noord, capacity_beds=20, ref="LN")
    LocationFactory(municipality=deventer, neighbourhood=noord, capacity_beds=6, status=LocationStatus.CLOSED)
    ls_address = AddressFactory(municipality=deventer, neighbourhood=zuid)
    ls = LocationFactory(municipality=deventer, neighbourhood=None, address=ls_address, capacity_beds=10, ref="LS")
    e = Episodes()

    def live(person, hood, start, end=None, **where):
        e.live(person, deventer, start, end, **where)
        e.residences[-1].neighbourhood = hood

    n1, n2, n3, n4, n5, n6 = (e.person(due=due) for due in (D(2025, 10, 5), D(2025, 10, 5), ON, None, None, None))
    live(n1, noord, D(2025, 6, 1), location=ln)
    e.register(n1, deventer, D(2025, 7, 1)).work(n1, deventer, D(2025, 6, 1))
    live(n2, noord, D(2025, 6, 1), location=ln)
    e.work(n2, zwolle, D(2025, 6, 1))
    live(n3, noord, ON, location=ln)
    live(n4, noord, D(2025, 6, 1), ON - DAY, location=ln)
    e.register(n4, deventer, D(2025, 7, 1))
    live(n5, noord, D(2025, 1, 1), ON, location=ln)
    e.register(n5, deventer, D(2025, 2, 1)).work(n5, None, D(2025, 1, 1))
    live(n6, noord, ON + DAY, location=ln)
    e.register(n6, deventer, ON + DAY)
    s1 = e.person()
    live(s1, zuid, D(2023, 1, 1), address=AddressFactory(municipality=deventer, neighbourhood=zuid))
    e.register(s1, None, D(2023, 1, 1), rni=True).work(s1, deventer, D(2023, 1, 1))
    for _ in range(5):
        person = e.person()
        live(person, zuid, D(2026, 2, 1), location=ls)
        e.register(person, deventer, D(2026, 2, 1)).work(person, deventer, D(2026, 2, 1))
    u1 = e.person()
    live(u1, None, D(2025, 1, 1), address=AddressFactory(municipality=deventer))
    e.save()
    return {"deventer": deventer, "zwolle": zwolle, "noord": noord, "zuid": zuid, "ln": ln, "ls": ls}


def counts(code: str, on=ON) -> dict:
    return indicators.indicators_for(resolve_area(code), on).as_dict()


def test_resolve_a_neighbourhood(world):
    area = resolve_area(NOORD.lower())
    assert (area.kind, area.code, area.name) == (AreaKind.NEIGHBOURHOOD, NOORD, "Noord")
    assert area.municipality_ids == (world["deventer"].pk,)
    assert area.single_municipality and not area.is_municipality


def test_counts_per_neighbourhood_on_boundary_dates(world):
    noord = counts(NOORD)
    assert (noord["living"], noord["occupancy"], noord["capacity_beds"]) == (4, 4, 20)
    assert (noord["brp_registered"], noord["rni_only"], noord["should_register_not_registered"]) == (2, 0, 2)
    assert (noord["working"], noord["registered_work_known"], noord["registered_working_in_residence"]) == (3, 1, 1)
    assert noord["stay_mix"] == {"short": 1, "mid": 3, "long": 0}
    assert noord["working_in_residence_share"] == noord["working_in_residence_share_mean_of_municipalities"] == 1.0
    assert noord["registration_rate"] == pytest.approx(0.5)
    assert noord["registered_in_blocks"] is None
    zuid = counts(ZUID)
    assert (zuid["living"], zuid["occupancy"], zuid["capacity_beds"]) == (6, 5, 10)
    assert (zuid["brp_registered"], zuid["rni_only"], zuid["should_register_not_registered"]) == (5, 1, 0)
    assert (zuid["working"], zuid["registered_work_known"], zuid["registered_working_in_residence"]) == (6, 5, 5)
    assert zuid["stay_mix"] == {"short": 5, "mid": 0, "long": 1}
    # The day before ON: n4 (registered) still lives in Noord, n3 not yet; the day after: n5 (registered) has
    # left and n6 (registered) arrived.
    before, after = counts(NOORD, ON - DAY), counts(NOORD, ON + DAY)
    assert (before["living"], before["brp_registered"], before["should_register_not_registered"]) == (4, 3, 1)
    assert (after["living"], after["brp_registered"], after["should_register_not_registered"]) == (4, 2, 2)
    assert not IndicatorSnapshot.objects.filter(area_kind=AreaKind.NEIGHBOURHOOD).exists()  # reads do not store


def test_neighbourhoods_sum_to_at_most_their_municipality(world):
    municipality = counts("GM0150")
    parts = [counts(NOORD), counts(ZUID)]
    for name in ("living", "occupancy", "brp_registered", "working", "should_register_not_registered"):
        assert sum(part[name] for part in parts) <= municipality[name]
    assert municipality["living"] == 11  # u1 lives at an address without a neighbourhood
    assert sum(part["living"] for part in parts) == 10
    assert municipality["capacity_beds"] == sum(part["capacity_beds"] for part in parts)


def test_neighbourhood_table_of_a_municipality(world):
    rows = indicators.neighbourhood_table(resolve_area("GM0150"), ON)
    assert [(row.area.code, row.living) for row in rows] == [(NOORD, 4), (ZUID, 6)]
    assert indicators.neighbourhood_table(resolve_area("West-Overijssel"), ON) == []


def test_suppressed_for_the_policy_officer_exact_for_the_registration_officer(
    world, officer_a, registration_officer_a, officer_b
):
    figures = indicators.indicators_for(resolve_area(NOORD), ON)
    shown = presentation.suppressed(figures, officer_a)
    assert str(shown["living"]) == "< 5" and shown["registration_rate"] is None
    assert shown["suppression_applied"] is True
    exact = presentation.suppressed(figures, registration_officer_a)
    assert (exact["living"], exact["brp_registered"], exact["suppression_applied"]) == (4, 2, False)
    assert area_for_user(officer_a, NOORD).code == NOORD
    with pytest.raises(Http404):
        area_for_user(officer_b, NOORD)


def test_cli_json_for_a_neighbourhood(world):
    out = io.StringIO()
    call_command("indicators", NOORD, "--date", ON.isoformat(), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["area"] == {"kind": "neighbourhood", "code": NOORD, "name": "Noord"}
    assert {"living", "brp_registered", "registration_rate", "should_register_not_registered", "working"} <= set(data)
    assert {"working_in_residence_share", "working_in_residence_share_mean_of_municipalities"} <= set(data)
    assert {"stay_mix", "capacity_beds", "occupancy"} <= set(data)
    assert (data["living"], data["capacity_beds"], data["stay_mix"]["short"]) == (4, 20, 1)


def api_get(user, code: str):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/areas/{code}/indicators?date={ON}")


def test_api_for_a_neighbourhood(world, registration_officer_a, officer_a, officer_b):
    body = api_get(registration_officer_a, NOORD).json()
    assert body["area"]["kind"] == "neighbourhood"
    assert (body["living"], body["brp_registered"], body["should_register_not_registered"]) == (4, 2, 2)
    assert body["suppression_applied"] is False
    body = api_get(officer_a, NOORD).json()
    assert body["living"] == SUPPRESSED and body["registration_rate"] is None
    assert api_get(officer_a, ZUID).json()["living"] == 6
    assert api_get(officer_b, NOORD).status_code == 404


def test_refresh_after_ingest_recomputes_neighbourhoods(world):
    other_day = ON - 10 * DAY
    assert indicators.refresh(resolve_area(NOORD), ON).living == 4
    indicators.refresh(resolve_area(NOORD), other_day)
    e = Episodes()
    e.live(e.person(), world["deventer"], D(2026, 1, 1), location=world["ln"])
    e.residences[-1].neighbourhood = world["noord"]
    e.save()
    assert counts(NOORD)["living"] == 4  # still the stored snapshot
    indicators.refresh_after_ingest({world["deventer"].pk}, on=ON)
    stored = IndicatorSnapshot.objects.get(area_kind=AreaKind.NEIGHBOURHOOD, area_code=NOORD, date=ON)
    assert stored.living == 5
    assert IndicatorSnapshot.objects.get(area_kind=AreaKind.NEIGHBOURHOOD, area_code=ZUID, date=ON).living == 6
    assert not IndicatorSnapshot.objects.filter(area_kind=AreaKind.NEIGHBOURHOOD, date=other_day).exists()
    # Another municipality's ingest leaves Deventer's neighbourhoods alone.
    indicators.refresh_after_ingest({world["zwolle"].pk}, on=other_day)
    assert IndicatorSnapshot.objects.filter(area_kind=AreaKind.NEIGHBOURHOOD, area_code=NOORD, date=ON).exists()


def test_ingest_takes_the_neighbourhood_of_the_location_else_its_address(world):
    lookups = load_lookups("occupancy", organisation_id=None, allowed_municipality_ids=None)
    assert lookups.locations["LN"][2] == world["noord"].pk
    assert lookups.locations["LS"][2] == world["zuid"].pk


def test_dashboard_lists_neighbourhoods_with_suppression(client, world, officer_a, registration_officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("occupancy:dashboard"), {"gebied": "GM0150", "datum": ON.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="per-buurt"' in html
    rows = {row.area.code: row for row in response.context["neighbourhood_rows"]}
    assert str(rows[NOORD]["living"]) == "< 5" and rows[ZUID]["living"] == 6
    assert "&lt; 5" in html[html.index('id="per-buurt"') :]
    client.force_login(registration_officer_a)
    response = client.get(reverse("occupancy:dashboard"), {"gebied": "GM0150", "datum": ON.isoformat()})
    rows = {row.area.code: row for row in response.context["neighbourhood_rows"]}
    assert rows[NOORD]["living"] == 4


def test_dashboard_shows_a_neighbourhood(client, world, registration_officer_a, officer_b):
    client.force_login(registration_officer_a)
    response = client.get(reverse("occupancy:dashboard"), {"gebied": NOORD, "datum": ON.isoformat()})
    assert response.status_code == 200
    assert response.context["area"].code == NOORD
    assert response.context["figures"]["living"] == 4
    assert "neighbourhood_rows" not in response.context and "municipality_rows" not in response.context
    assert "Noord" in response.content.decode()
    client.force_login(officer_b)
    assert client.get(reverse("occupancy:dashboard"), {"gebied": NOORD}).status_code == 404


def test_a_district_is_the_sum_of_its_neighbourhoods(world, registration_officer_a, officer_b):
    # Noord and Zuid make up district WK015001; u1 lives at an address without a neighbourhood, so in no district.
    district = counts("WK015001")
    assert district["area"] == {"kind": "district", "code": "WK015001", "name": "Centrum"}
    parts = [counts(NOORD), counts(ZUID)]
    for name in ("living", "occupancy", "capacity_beds", "brp_registered", "rni_only", "working"):
        assert district[name] == sum(part[name] for part in parts), name
    assert (district["living"], district["capacity_beds"]) == (10, 30)
    assert district["stay_mix"] == {"short": 6, "mid": 3, "long": 1}
    assert district["registered_in_blocks"] is None
    assert not IndicatorSnapshot.objects.filter(area_kind=AreaKind.DISTRICT).exists()  # reads do not store
    assert api_get(registration_officer_a, "WK015001").json()["living"] == 10
    assert api_get(officer_b, "WK015001").status_code == 404
    out = io.StringIO()
    call_command("indicators", "WK015001", "--date", ON.isoformat(), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["living"] == 10
