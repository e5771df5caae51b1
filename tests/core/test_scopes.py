"""`zicht.core.scopes`: each role sees exactly the rows of its own area or organisation, and nothing else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from zicht.core.roles import PERSON_DATA_ROLES, Role, ScopeKind
from zicht.core.scopes import (
    is_municipal,
    may_see_person_data,
    owns_aggregates_of,
    scope_of,
    scoped,
    scoped_person_data,
    visible_municipalities,
)
from zicht.geography.models import Address
from zicht.parties.models import Certification, Organisation

from ..factories import AddressFactory, CertificationFactory, MunicipalityFactory, OrganisationFactory, RegionFactory


@pytest.fixture
def enschede(province):
    """A third Overijssel municipality that is not in the region."""
    return MunicipalityFactory(code="GM0153", name="Enschede", province=province)


@pytest.fixture
def addresses(municipality_a, municipality_b, municipality_elsewhere, enschede):
    return {
        municipality.code: AddressFactory(municipality=municipality, city=municipality.name)
        for municipality in (municipality_a, municipality_b, municipality_elsewhere, enschede)
    }


@pytest.fixture
def certifications(housing_provider):
    other = OrganisationFactory(name="Ander Uitzendbureau", kvk_number="87654321")
    return {
        "own": CertificationFactory(organisation=housing_provider),
        "other": CertificationFactory(organisation=other),
    }


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def address_codes(user, **paths) -> set[str]:
    return set(scoped(Address.objects.all(), user, **paths).values_list("municipality__code", flat=True))


def test_municipal_officer_sees_own_municipality_only(officer_a, addresses, region):
    assert codes(visible_municipalities(officer_a)) == {"GM0150"}
    assert address_codes(officer_a) == {"GM0150"}
    assert scope_of(officer_a).kind == ScopeKind.MUNICIPALITY


def test_other_municipal_officer_sees_the_other_one(officer_b, addresses):
    assert codes(visible_municipalities(officer_b)) == {"GM0193"}
    assert address_codes(officer_b) == {"GM0193"}


def test_province_director_sees_the_province_not_elsewhere(province_director, addresses):
    assert codes(visible_municipalities(province_director)) == {"GM0150", "GM0193", "GM0153"}
    assert address_codes(province_director) == {"GM0150", "GM0193", "GM0153"}
    assert "GM0281" not in address_codes(province_director)  # Tiel, Gelderland


def test_regional_coordinator_sees_region_members(regional_coordinator, addresses):
    assert codes(visible_municipalities(regional_coordinator)) == {"GM0150", "GM0193"}
    assert address_codes(regional_coordinator) == {"GM0150", "GM0193"}


def test_region_membership_crosses_province_borders(make_user, addresses, municipality_elsewhere, municipality_a):
    rivers = RegionFactory(name="Grensregio", slug="grensregio")
    rivers.municipalities.add(municipality_elsewhere, municipality_a)
    coordinator = make_user(Role.REGIONAL_COORDINATOR, scope_region=rivers)
    assert address_codes(coordinator) == {"GM0281", "GM0150"}


def test_market_party_sees_no_area_but_its_own_organisation(market_party_user, addresses, certifications):
    assert not visible_municipalities(market_party_user).exists()
    assert address_codes(market_party_user) == set()
    own = scoped(Certification.objects.all(), market_party_user, organisation="organisation")
    assert list(own) == [certifications["own"]]
    # Without an organisation path, a model is not visible to market parties at all.
    assert not scoped(Certification.objects.all(), market_party_user).exists()


def test_market_party_without_organisation_sees_nothing(make_user, certifications):
    lost = make_user(Role.MARKET_PARTY, organisation=None)
    assert scope_of(lost).is_none
    assert not scoped(Certification.objects.all(), lost, organisation="organisation").exists()


def test_area_roles_do_not_see_organisation_rows_by_organisation(officer_a, certifications):
    # Certifications have no municipality path here: an area role sees them only through its area.
    assert not scoped(Certification.objects.all(), officer_a, municipality=None, organisation="organisation").exists()


def test_administrator_sees_everything(administrator, addresses, certifications):
    assert codes(visible_municipalities(administrator)) == {"GM0150", "GM0193", "GM0153", "GM0281"}
    assert address_codes(administrator) == {"GM0150", "GM0193", "GM0153", "GM0281"}
    assert scoped(Certification.objects.all(), administrator, municipality=None).count() == 2


def test_superuser_with_a_municipal_role_sees_the_installation(make_user, addresses):
    superuser = make_user(Role.POLICY_OFFICER, is_superuser=True)
    assert scope_of(superuser).kind == ScopeKind.INSTALLATION
    assert len(address_codes(superuser)) == 4


def test_anonymous_user_sees_nothing(addresses):
    anonymous = AnonymousUser()
    assert scope_of(anonymous).is_none
    assert scope_of(None).is_none
    assert not visible_municipalities(anonymous).exists()
    assert address_codes(anonymous) == set()


@pytest.mark.parametrize(
    "user_fixture", ["officer_a", "province_director", "regional_coordinator", "administrator", "market_party_user"]
)
def test_inactive_user_sees_nothing(request, user_fixture, addresses, certifications):
    user = request.getfixturevalue(user_fixture)
    user.is_active = False
    user.save()
    assert scope_of(user).is_none
    assert not visible_municipalities(user).exists()
    assert address_codes(user) == set()
    assert not scoped(Certification.objects.all(), user, organisation="organisation").exists()


@pytest.mark.parametrize(
    "role",
    [
        Role.POLICY_OFFICER,
        Role.REGISTRATION_OFFICER,
        Role.INSPECTOR,
        Role.ENFORCEMENT_LAWYER,
        Role.PROVINCE_DIRECTOR,
        Role.REGIONAL_COORDINATOR,
    ],
)
def test_role_without_its_scope_field_sees_nothing(make_user, role, addresses):
    user = make_user(role)  # no scope_municipality / province / region
    assert scope_of(user).is_none
    assert not visible_municipalities(user).exists()
    assert address_codes(user) == set()


def test_scope_field_of_another_kind_is_ignored(make_user, province, addresses):
    # A policy officer with only a province set must not get the province's view.
    user = make_user(Role.POLICY_OFFICER, scope_province=province)
    assert address_codes(user) == set()


@pytest.mark.parametrize("role", sorted(PERSON_DATA_ROLES))
def test_person_data_roles_of_the_same_municipality(make_user, role, municipality_a, municipality_b):
    user = make_user(role, scope_municipality=municipality_a)
    assert may_see_person_data(user, municipality_a.pk)
    assert not may_see_person_data(user, municipality_b.pk)
    assert not may_see_person_data(user, None)


def test_person_data_denied_to_other_roles(
    officer_a, province_director, regional_coordinator, administrator, market_party_user, municipality_a
):
    for user in (officer_a, province_director, regional_coordinator, administrator, market_party_user):
        assert not may_see_person_data(user, municipality_a.pk), user.role
    assert not may_see_person_data(AnonymousUser(), municipality_a.pk)


def test_person_data_denied_to_inactive_registration_officer(registration_officer_a, municipality_a):
    registration_officer_a.is_active = False
    assert not may_see_person_data(registration_officer_a, municipality_a.pk)


def test_scoped_person_data(registration_officer_a, officer_a, administrator, addresses):
    assert {a.municipality.code for a in scoped_person_data(Address.objects.all(), registration_officer_a)} == {
        "GM0150"
    }
    assert not scoped_person_data(Address.objects.all(), officer_a).exists()
    assert not scoped_person_data(Address.objects.all(), administrator).exists()


def test_owns_aggregates_only_for_own_registration_officer(
    make_user, registration_officer_a, officer_a, municipality_a, municipality_b
):
    assert owns_aggregates_of(registration_officer_a, municipality_a.pk)
    assert not owns_aggregates_of(registration_officer_a, municipality_b.pk)
    assert not owns_aggregates_of(officer_a, municipality_a.pk)
    inspector = make_user(Role.INSPECTOR, scope_municipality=municipality_a)
    assert not owns_aggregates_of(inspector, municipality_a.pk)


def test_is_municipal(officer_a, province_director, administrator):
    assert is_municipal(officer_a)
    assert not is_municipal(province_director)
    assert not is_municipal(administrator)


@pytest.mark.parametrize(
    ("role", "field"),
    [
        (Role.PROVINCE_DIRECTOR, "scope_province"),
        (Role.REGIONAL_COORDINATOR, "scope_region"),
        (Role.POLICY_OFFICER, "scope_municipality"),
        (Role.REGISTRATION_OFFICER, "scope_municipality"),
        (Role.INSPECTOR, "scope_municipality"),
        (Role.ENFORCEMENT_LAWYER, "scope_municipality"),
        (Role.MARKET_PARTY, "organisation"),
    ],
)
def test_user_clean_demands_the_scope_field_of_the_role(make_user, role, field):
    user = make_user(role)
    with pytest.raises(ValidationError) as info:
        user.clean()
    assert list(info.value.message_dict) == [field]


def test_user_clean_accepts_complete_users(
    officer_a, province_director, regional_coordinator, market_party_user, administrator
):
    for user in (officer_a, province_director, regional_coordinator, market_party_user, administrator):
        user.clean()  # no ValidationError


def test_market_party_sees_its_own_organisation_row(market_party_user, housing_provider, certifications):
    own = scoped(Organisation.objects.all(), market_party_user, municipality=None, organisation="pk")
    assert list(own) == [housing_provider]
