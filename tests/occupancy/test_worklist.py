"""The registration-gap work list: only the municipality's registration officer, only its own persons, and every
row shown or downloaded is written to the audit log with the filters used."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from zicht.core.models import AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.occupancy import worklist_views

from .world import DEVENTER_GAP, ON, ZWOLLE_GAP, build_world

URL = "occupancy:registration_gap"
DAY = ON.isoformat()


@pytest.fixture
def world(municipality_a, municipality_b, region):
    return build_world(municipality_a, municipality_b, region)


def _reads(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(actor=user, action=AuditAction.READ).order_by("pk"))


def test_registration_officer_sees_the_gap_of_their_municipality(client, world, registration_officer_a):
    client.force_login(registration_officer_a)
    response = client.get(reverse(URL), {"datum": DAY})
    assert response.status_code == 200
    rows = response.context["rows"]
    expected = {p.pk for p in world.gap_persons("D-1", "D-3")}
    assert {row.person_id for row in rows} == expected
    assert len(rows) == DEVENTER_GAP
    html = response.content.decode()
    for row in rows:
        assert row.pseudonym[:16] in html
        assert row.days_present >= 122
        assert row.obligation_date <= ON
    assert {row.location_ref for row in rows} == {"D-1", "D-3"}
    # Zwolle's unregistered persons and Deventer's newcomers (not yet due) are not on the list.
    others = {p.pk for ref in ("Z-1", "Z-2", "D-2") for p in world.persons[ref]}
    assert not others & {row.person_id for row in rows}


def test_every_row_shown_is_audited_with_the_filters(client, world, registration_officer_a):
    client.force_login(registration_officer_a)
    client.get(reverse(URL), {"datum": DAY})
    events = _reads(registration_officer_a)
    assert len(events) == DEVENTER_GAP
    assert {e.object_type for e in events} == {"occupancy.person"}
    assert {int(e.object_id) for e in events} == {p.pk for p in world.gap_persons("D-1", "D-3")}
    assert {e.municipality_id for e in events} == {world.deventer.pk}
    assert all("werklijst" in e.detail for e in events)

    location = world.locations["D-3"]
    client.get(reverse(URL), {"datum": DAY, "locatie": location.pk})
    filtered = _reads(registration_officer_a)[DEVENTER_GAP:]
    assert len(filtered) == 3
    assert {int(e.object_id) for e in filtered} == {p.pk for p in world.persons["D-3"]}
    assert all("locatie=D-3" in e.detail and f"datum={DAY}" in e.detail for e in filtered)


def test_paging_audits_only_the_rows_of_the_page(client, world, registration_officer_a, monkeypatch):
    monkeypatch.setattr(worklist_views, "PAGE_SIZE", 4)
    client.force_login(registration_officer_a)
    first = client.get(reverse(URL), {"datum": DAY})
    last = client.get(reverse(URL), {"datum": DAY, "page": 3})
    assert len(first.context["rows"]) == 4 and len(last.context["rows"]) == DEVENTER_GAP - 8
    assert first.context["row_count"] == DEVENTER_GAP
    events = _reads(registration_officer_a)
    assert len(events) == 4 + DEVENTER_GAP - 8
    assert "pagina 3" in events[-1].detail


def test_search_by_pseudonym_prefix_and_filter_by_neighbourhood(client, world, registration_officer_a):
    client.force_login(registration_officer_a)
    person = world.gap_persons("D-1")[0]
    response = client.get(reverse(URL), {"datum": DAY, "zoek": person.pseudonym[:12].upper()})
    assert [row.person_id for row in response.context["rows"]] == [person.pk]

    response = client.get(reverse(URL), {"datum": DAY, "buurt": world.bedrijven.pk})
    assert {row.person_id for row in response.context["rows"]} == {p.pk for p in world.persons["D-3"]}

    response = client.get(reverse(URL), {"datum": DAY, "zoek": "not-hex"})
    assert "zoek" in response.context["form"].errors


def test_a_location_of_another_municipality_cannot_be_chosen(client, world, registration_officer_a):
    client.force_login(registration_officer_a)
    response = client.get(reverse(URL), {"datum": DAY, "locatie": world.locations["Z-1"].pk})
    assert "locatie" in response.context["form"].errors


def test_export_is_audited_and_has_the_full_pseudonyms(client, world, registration_officer_a):
    client.force_login(registration_officer_a)
    response = client.get(reverse(URL), {"datum": DAY, "export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["Pseudoniem"] for row in rows} == {p.pseudonym for p in world.gap_persons("D-1", "D-3")}
    events = _reads(registration_officer_a)
    assert len(events) == DEVENTER_GAP
    assert all("download csv" in e.detail for e in events)


def test_other_municipalitys_officer_sees_only_their_own_persons(client, world, make_user, municipality_b):
    zwolle = make_user(Role.REGISTRATION_OFFICER, scope_municipality=municipality_b)
    client.force_login(zwolle)
    response = client.get(reverse(URL), {"datum": DAY})
    assert response.status_code == 200
    shown = {row.person_id for row in response.context["rows"]}
    assert len(shown) == ZWOLLE_GAP
    assert shown <= {p.pk for p in world.persons["Z-1"]}
    assert not shown & {p.pk for p in world.gap_persons("D-1", "D-3")}


@pytest.mark.parametrize(
    "who",
    ["officer_a", "inspector", "market_party_user", "regional_coordinator", "province_director", "administrator"],
)
def test_everyone_else_is_refused(client, world, request, make_user, municipality_a, who):
    if who == "inspector":
        user = make_user(Role.INSPECTOR, scope_municipality=municipality_a)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse(URL), {"datum": DAY}).status_code == 403
    assert client.get(reverse(URL), {"datum": DAY, "export": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(actor=user, action=AuditAction.READ).exists()


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(reverse(URL)).status_code == 302
