"""Address pages are scoped: a user sees the addresses of their own area and nothing else, on every path out."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import AddressFactory
from zicht.core.models import AuditAction, AuditEvent

from .downloads import read_csv, read_xlsx

LIST_URL = reverse("geography:address_list")


def streets_in(response) -> list[str]:
    html = unescape(response.content.decode())
    return re.findall(r'<a href="/gebieden/adressen/\d+/">([^<]+?) \d+[^<]*</a>', html)


def detail_url(address) -> str:
    return reverse("geography:address_detail", kwargs={"pk": address.pk})


def test_paths_are_the_contract():
    assert LIST_URL == "/gebieden/adressen/"
    assert reverse("geography:address_detail", kwargs={"pk": 7}) == "/gebieden/adressen/7/"


def test_anonymous_is_sent_to_login(client, addresses):
    for url in (LIST_URL, detail_url(addresses.deventer[0]), f"{LIST_URL}?export=csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_officer_sees_own_municipality_only(client, officer_a, addresses):
    client.force_login(officer_a)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert streets_in(response) == ["Brink", "Keizerstraat"]
    html = response.content.decode()
    assert "Grote Markt" not in html and "Zwolle" not in html.split("<main", 1)[1].split("<select", 1)[0]
    assert "2 adressen gevonden" in html


def test_officer_cannot_choose_another_municipality(client, officer_a, addresses):
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"municipality": "GM0193"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="GM0193"' not in html  # not offered as a choice
    assert 'class="errorlist' in html
    assert "Grote Markt" not in html and "Diezerstraat" not in html


def test_detail_inside_scope(client, officer_a, addresses):
    client.force_login(officer_a)
    response = client.get(detail_url(addresses.deventer[0]))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Brink 1, 7411 BR Deventer" in html
    assert "Centrum (BU01500100)" in html and "Binnenstad (WK015001)" in html
    assert "0150200000000001" in html
    assert "Deventer</a> (GM0150), Overijssel" in html


def test_detail_outside_scope_is_404(client, officer_a, addresses):
    client.force_login(officer_a)
    for address in (*addresses.zwolle, *addresses.tiel):
        response = client.get(detail_url(address))
        assert response.status_code == 404
        assert address.street not in response.content.decode()


def test_csv_export_is_scoped_and_audited(client, officer_a, addresses):
    client.force_login(officer_a)
    response = client.get(LIST_URL, {"export": "csv"})
    rows = read_csv(response)
    assert rows[0][:6] == ["Straat", "Huisnummer", "Huisletter", "Toevoeging", "Postcode", "Woonplaats"]
    assert [row[0] for row in rows[1:]] == ["Brink", "Keizerstraat"]
    assert rows[1][6:10] == ["GM0150", "Deventer", "BU01500100", "0150200000000001"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == officer_a
    assert event.object_type == "geography.address"
    assert event.detail.startswith("csv, 2 rows")


def test_csv_export_cannot_be_widened_by_a_filter(client, officer_a, addresses):
    client.force_login(officer_a)
    rows = read_csv(client.get(LIST_URL, {"export": "csv", "municipality": "GM0193"}))
    assert {row[6] for row in rows[1:]} <= {"GM0150"}
    assert not any("Zwolle" in cell for row in rows for cell in row)


def test_xlsx_export_and_its_audit_entry_name_the_filter(client, officer_a, addresses):
    client.force_login(officer_a)
    rows = read_xlsx(client.get(LIST_URL, {"export": "xlsx", "postcode": "7411hE"}))
    assert len(rows) == 2
    assert rows[1][:6] == ["Keizerstraat", 12, None, None, "7411 HE", "Deventer"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail == "xlsx, 1 rows, postcode=7411hE"


def test_province_director_sees_both_overijssel_municipalities_not_tiel(client, province_director, addresses):
    client.force_login(province_director)
    assert sorted(streets_in(client.get(LIST_URL))) == ["Brink", "Diezerstraat", "Grote Markt", "Keizerstraat"]
    assert client.get(detail_url(addresses.zwolle[0])).status_code == 200
    assert client.get(detail_url(addresses.tiel[0])).status_code == 404
    rows = read_csv(client.get(LIST_URL, {"export": "csv"}))
    assert {row[6] for row in rows[1:]} == {"GM0150", "GM0193"}


def test_director_can_narrow_to_one_municipality(client, province_director, addresses):
    client.force_login(province_director)
    assert streets_in(client.get(LIST_URL, {"municipality": "GM0193"})) == ["Grote Markt", "Diezerstraat"]
    assert streets_in(client.get(LIST_URL, {"municipality": "GM0281"})) != ["Waterstraat"]


def test_regional_coordinator_sees_the_region(client, regional_coordinator, addresses):
    client.force_login(regional_coordinator)
    assert len(streets_in(client.get(LIST_URL))) == 4


def test_market_party_sees_no_addresses_and_a_notice(client, market_party_user, addresses):
    client.force_login(market_party_user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "notice" in html and "alleen zichtbaar" in html
    assert streets_in(response) == []
    assert client.get(detail_url(addresses.deventer[0])).status_code == 404
    assert read_csv(client.get(LIST_URL, {"export": "csv"}))[1:] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "keizer"}, ["Keizerstraat"]),
        ({"q": "7411br"}, ["Brink"]),
        ({"q": "7411"}, ["Brink", "Keizerstraat"]),
        ({"q": "deventer"}, ["Brink", "Keizerstraat"]),
        ({"postcode": "7411 BR"}, ["Brink"]),
        ({"postcode": "7411he"}, ["Keizerstraat"]),
        ({"postcode": "7411"}, ["Brink", "Keizerstraat"]),
        ({"postcode": "8011 LW"}, []),
        ({"municipality": "GM0150", "q": "brink"}, ["Brink"]),
    ],
)
def test_filters_narrow_the_list(client, officer_a, addresses, query, expected):
    client.force_login(officer_a)
    assert streets_in(client.get(LIST_URL, query)) == expected


def test_list_query_count_does_not_grow_with_rows(
    client, province_director, addresses, municipality_b, django_assert_max_num_queries
):
    AddressFactory.create_batch(40, municipality=municipality_b, postcode="8011 AA", city="Zwolle")
    client.force_login(province_director)
    with django_assert_max_num_queries(10):
        response = client.get(LIST_URL)
    assert len(streets_in(response)) == 25
    with django_assert_max_num_queries(12):
        rows = read_csv(client.get(LIST_URL, {"export": "csv"}))
    assert len(rows) == 45
