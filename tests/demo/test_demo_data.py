"""`zicht demo` loads the demo data set: areas, addresses, organisations and one user per role."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.test import RequestFactory

from zicht.core.models import ApiToken, User
from zicht.core.roles import Role, ScopeKind
from zicht.core.scopes import scope_of
from zicht.demo.services import DEMO_PASSWORD
from zicht.geography.models import Address, District, Municipality, Neighbourhood, Province, Region
from zicht.parties.choices import MARKET_KINDS, OrganisationKind
from zicht.parties.models import Certification, Organisation

pytestmark = pytest.mark.django_db

# username: role, scope kind, and how to name the scope (province code, region name, municipality code, organisation kind)
EXPECTED_USERS = {
    "provincie": (Role.PROVINCE_DIRECTOR, ScopeKind.PROVINCE, "PV23"),
    "regio": (Role.REGIONAL_COORDINATOR, ScopeKind.REGION, "Rivierenland"),
    "gemeente": (Role.POLICY_OFFICER, ScopeKind.MUNICIPALITY, "GM0150"),
    "adresonderzoek": (Role.REGISTRATION_OFFICER, ScopeKind.MUNICIPALITY, "GM0150"),
    "toezicht": (Role.INSPECTOR, ScopeKind.MUNICIPALITY, "GM0150"),
    "handhaving": (Role.ENFORCEMENT_LAWYER, ScopeKind.MUNICIPALITY, "GM0150"),
    "gemeente-zwolle": (Role.POLICY_OFFICER, ScopeKind.MUNICIPALITY, "GM0193"),
    "huisvester": (Role.MARKET_PARTY, ScopeKind.ORGANISATION, OrganisationKind.HOUSING_PROVIDER),
    "uitzendbureau": (Role.MARKET_PARTY, ScopeKind.ORGANISATION, OrganisationKind.EMPLOYMENT_AGENCY),
    "werkgever": (Role.MARKET_PARTY, ScopeKind.ORGANISATION, OrganisationKind.EMPLOYER),
    "beheer": (Role.ADMINISTRATOR, ScopeKind.INSTALLATION, None),
}
REFERENCE_DAY = datetime.date(2026, 11, 23)


def login(username: str, password: str):
    return authenticate(RequestFactory().post("/login/"), username=username, password=password)


def test_loads_the_70_municipalities_with_their_provinces_and_regions(demo):
    assert Municipality.objects.count() == 70
    deventer = Municipality.objects.get(code="GM0150")
    assert deventer.name == "Deventer"
    assert deventer.province.code == "PV23"
    assert Province.objects.get(code="PV23").name == "Overijssel"
    assert set(deventer.regions.values_list("name", flat=True)) == {"West-Overijssel", "Stedendriehoek"}
    rivierenland = Region.objects.get(name="Rivierenland")
    assert set(rivierenland.municipalities.values_list("name", flat=True)) >= {"Tiel", "Culemborg", "Zaltbommel"}
    assert Region.objects.get(name="West-Overijssel").municipalities.filter(code="GM0193").exists()


def test_loads_the_deventer_districts_and_neighbourhoods_of_the_seed(demo):
    districts = District.objects.filter(municipality__code="GM0150")
    assert set(districts.values_list("name", flat=True)) >= {"Rivierenwijk", "Voorstad", "Zandweerd", "Binnenstad"}
    rivierenwijk = districts.get(name="Rivierenwijk")
    assert rivierenwijk.neighbourhoods.filter(name="Deltabuurt").exists()
    assert Neighbourhood.objects.filter(name="Het Oostrik", municipality__code="GM0150").exists()
    assert Neighbourhood.objects.filter(municipality__code="GM0150").count() >= 10
    for district in districts:
        assert re.fullmatch(r"WK0150\d\d", district.code)
    for neighbourhood in Neighbourhood.objects.select_related("district"):
        assert neighbourhood.municipality_id == neighbourhood.district.municipality_id
        assert neighbourhood.code[2:8] == neighbourhood.district.code[2:], neighbourhood.code


def test_loads_addresses_in_the_demo_neighbourhoods_of_deventer_and_in_zwolle_and_tiel(demo):
    deventer = Address.objects.filter(municipality__code="GM0150")
    assert deventer.count() >= 24
    assert not deventer.filter(neighbourhood__isnull=True).exists()
    assert deventer.filter(neighbourhood__name="Deltabuurt").count() >= 3
    for address in deventer:
        assert address.neighbourhood.municipality_id == address.municipality_id
        assert re.fullmatch(r"74\d\d [A-Z]{2}", address.postcode)
        assert 52.2 < address.lat < 52.3 and 6.1 < address.lon < 6.25, address
    for code, prefix in (("GM0193", "80"), ("GM0281", "40")):
        others = Address.objects.filter(municipality__code=code)
        assert others.exists()
        assert all(address.postcode.startswith(prefix) for address in others)


def test_loads_organisations_with_certifications_some_expired_some_expiring(demo):
    kinds = list(Organisation.objects.values_list("kind", flat=True))
    assert kinds.count(OrganisationKind.PROVINCE) == 1
    assert kinds.count(OrganisationKind.MUNICIPALITY) == 3
    assert kinds.count(OrganisationKind.HOUSING_PROVIDER) == 7
    assert kinds.count(OrganisationKind.EMPLOYMENT_AGENCY) == 3
    assert kinds.count(OrganisationKind.EMPLOYER) == 3
    municipal = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    assert set(municipal.values_list("municipality__name", flat=True)) == {"Deventer", "Zwolle", "Tiel"}
    market = Organisation.objects.filter(kind__in=MARKET_KINDS)
    for party in market:
        assert re.fullmatch(r"\d{8}", party.kvk_number)
        assert party.certifications.exists(), party
    certifications = list(Certification.objects.all())
    assert any(c.valid_until < REFERENCE_DAY for c in certifications)
    assert any(c.expires_within(REFERENCE_DAY, 60) for c in certifications)
    assert any(c.is_valid_on(REFERENCE_DAY) and not c.expires_within(REFERENCE_DAY, 90) for c in certifications)


@pytest.mark.parametrize("username", sorted(EXPECTED_USERS))
def test_every_demo_user_has_its_role_scope_and_the_demo_password(demo, username):
    role, kind, where = EXPECTED_USERS[username]
    user = login(username, DEMO_PASSWORD)
    assert user is not None and user.username == username
    assert user.role == role
    assert user.email == f"{username}@example.org"
    assert user.first_name and user.last_name
    scope = scope_of(user)
    assert scope.kind == kind
    if kind == ScopeKind.PROVINCE:
        assert user.scope_province.code == where
    elif kind == ScopeKind.REGION:
        assert user.scope_region.name == where
    elif kind == ScopeKind.MUNICIPALITY:
        assert user.scope_municipality.code == where
    elif kind == ScopeKind.ORGANISATION:
        assert user.organisation.kind == where
    assert user.is_staff == user.is_superuser == (username == "beheer")
    assert not user.is_api_client
    validate_password(DEMO_PASSWORD, user)


def test_the_api_client_has_no_password_and_no_token(demo):
    client = User.objects.get(username="api-huisvester")
    assert client.is_api_client
    assert client.role == Role.MARKET_PARTY
    assert client.organisation == User.objects.get(username="huisvester").organisation
    assert not client.has_usable_password()
    assert login("api-huisvester", DEMO_PASSWORD) is None
    assert not ApiToken.objects.exists()


def test_a_wrong_password_is_refused(demo):
    assert login("gemeente", "not-the-demo-password") is None
