"""Organisation pages: government staff see every party, a market party only its own; certificate expiry flags."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CertificationFactory, OrganisationFactory
from tests.geography.downloads import read_csv, read_xlsx
from zicht.parties.choices import OrganisationKind

LIST_URL = reverse("parties:organisation_list")


def names_in(response) -> list[str]:
    html = unescape(response.content.decode())
    return re.findall(r'<a href="/partijen/organisaties/\d+/">([^<]+)</a>', html)


def detail_url(organisation) -> str:
    return reverse("parties:organisation_detail", kwargs={"pk": organisation.pk})


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def parties(housing_provider, municipality_a, today):
    agency = OrganisationFactory(
        name="Uitzendbureau Oost", kind=OrganisationKind.EMPLOYMENT_AGENCY, kvk_number="87654321"
    )
    city = OrganisationFactory(
        name="Gemeente Deventer", kind=OrganisationKind.MUNICIPALITY, kvk_number="", municipality=municipality_a
    )
    CertificationFactory(
        organisation=housing_provider,
        scheme="snf",
        number="SNF-001",
        valid_from=today - datetime.timedelta(days=300),
        valid_until=today + datetime.timedelta(days=30),
    )
    CertificationFactory(
        organisation=housing_provider,
        scheme="akf",
        number="AKF-9",
        valid_from=today - datetime.timedelta(days=700),
        valid_until=today - datetime.timedelta(days=1),
    )
    CertificationFactory(
        organisation=agency,
        scheme="nen_4400_1",
        number="NEN-77",
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=400),
    )
    return {"provider": housing_provider, "agency": agency, "city": city}


def test_paths_are_the_contract():
    assert LIST_URL == "/partijen/organisaties/"
    assert reverse("parties:organisation_detail", kwargs={"pk": 3}) == "/partijen/organisaties/3/"


def test_anonymous_is_sent_to_login(client, parties):
    for url in (LIST_URL, detail_url(parties["agency"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("user", ["officer_a", "province_director", "regional_coordinator", "administrator"])
def test_government_staff_see_all_organisations(client, parties, user, request):
    client.force_login(request.getfixturevalue(user))
    response = client.get(LIST_URL)
    assert names_in(response) == ["Flexwonen BV", "Gemeente Deventer", "Uitzendbureau Oost"]
    html = unescape(response.content.decode())
    assert "Huisvester" in html and "12345678" in html
    assert "Verloopt binnen 90 dagen" in html and "Verlopen" in html


def test_market_party_sees_only_its_own_organisation(client, market_party_user, parties):
    client.force_login(market_party_user)
    assert names_in(client.get(LIST_URL)) == ["Flexwonen BV"]
    assert client.get(detail_url(parties["provider"])).status_code == 200
    for other in (parties["agency"], parties["city"]):
        response = client.get(detail_url(other))
        assert response.status_code == 404
        assert other.name not in response.content.decode()
    rows = read_csv(client.get(LIST_URL, {"export": "csv"}))
    assert [row[0] for row in rows[1:]] == ["Flexwonen BV"]


def test_market_party_cannot_search_its_way_to_others(client, market_party_user, parties):
    client.force_login(market_party_user)
    assert names_in(client.get(LIST_URL, {"q": "87654321"})) == []
    assert names_in(client.get(LIST_URL, {"kind": "employment_agency"})) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "oost"}, ["Uitzendbureau Oost"]),
        ({"q": "87654321"}, ["Uitzendbureau Oost"]),
        ({"q": "1234 5678"}, ["Flexwonen BV"]),
        ({"kind": "municipality"}, ["Gemeente Deventer"]),
        ({"certification": "snf"}, ["Flexwonen BV"]),
        ({"certification": "nen_4400_1"}, ["Uitzendbureau Oost"]),
        ({"certification": "akf"}, []),  # only an expired AKF certificate exists
        ({"certification": "snf", "kind": "employment_agency"}, []),
    ],
)
def test_filters_narrow_the_list(client, officer_a, parties, query, expected):
    client.force_login(officer_a)
    assert names_in(client.get(LIST_URL, query)) == expected


def test_filter_bar_offers_search_kind_and_certification(client, officer_a, parties):
    client.force_login(officer_a)
    html = client.get(LIST_URL).content.decode()
    assert 'name="q"' in html and 'name="kind"' in html and 'name="certification"' in html
    assert 'name="kvk"' not in html  # an API filter; the page's search already finds KvK numbers


def test_detail_shows_certifications_and_flags_expiry(client, officer_a, parties, today):
    client.force_login(officer_a)
    response = client.get(detail_url(parties["provider"]))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "<h1>Flexwonen BV</h1>" in html
    assert "SNF-001" in html and "AKF-9" in html
    assert "badge--warning" in html and "badge--error" in html
    assert "verloopt over 30 dagen" in html
    assert "is verlopen op" in html
    assert (today + datetime.timedelta(days=30)).strftime("%d-%m-%Y") in html


def test_detail_of_valid_certificate_has_no_warning(client, officer_a, parties):
    client.force_login(officer_a)
    html = client.get(detail_url(parties["agency"])).content.decode()
    assert "NEN-77" in html and "badge--success" in html
    assert "notice--warning" not in html


def test_csv_and_xlsx_exports(client, officer_a, parties, today):
    client.force_login(officer_a)
    rows = read_csv(client.get(LIST_URL, {"export": "csv", "kind": "housing_provider"}))
    assert rows[0] == [
        "Naam",
        "Soort",
        "KvK-nummer",
        "Gemeente",
        "Provincie",
        "Regio",
        "Website",
        "Certificeringen",
    ]
    assert rows[1][:3] == ["Flexwonen BV", "Huisvester", "12345678"]
    expired = (today - datetime.timedelta(days=1)).isoformat()
    assert f"AKF (Agrarisch Keurmerk Flexwonen) AKF-9 geldig t/m {expired}" in rows[1][7]
    assert len(rows) == 2
    sheet = read_xlsx(client.get(LIST_URL, {"export": "xlsx"}))
    assert [row[0] for row in sheet[1:]] == ["Flexwonen BV", "Gemeente Deventer", "Uitzendbureau Oost"]
    assert sheet[2][3] == "Deventer"


def test_list_query_count_does_not_grow_with_rows(client, officer_a, parties, django_assert_max_num_queries):
    for _ in range(30):
        CertificationFactory(organisation=OrganisationFactory())
    client.force_login(officer_a)
    with django_assert_max_num_queries(10):
        response = client.get(LIST_URL)
    assert len(names_in(response)) == 25
    with django_assert_max_num_queries(10):
        rows = read_csv(client.get(LIST_URL, {"export": "csv"}))
    assert len(rows) == 34
