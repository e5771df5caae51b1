"""The one area concept: resolving every code form, the scope check per role, a user's default area, the areas
they may choose, and the area a request asks for."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.test import RequestFactory

from zicht.core.roles import Role
from zicht.geography.areas import (
    COUNTRY_CODE,
    AreaKind,
    UnknownArea,
    area_choices,
    area_for_user,
    chosen_area,
    default_area,
    default_area_code,
    offers_a_choice,
    resolve_area,
)
from zicht.geography.models import Municipality
from zicht.occupancy.models import Estimate, IndicatorSnapshot

from ..factories import DistrictFactory, MunicipalityFactory, NeighbourhoodFactory, RegionFactory


@pytest.fixture
def areas(region, municipality_a, municipality_b, municipality_elsewhere):
    rivierenland = RegionFactory(name="Rivierenland", slug="rivierenland")
    rivierenland.municipalities.add(municipality_elsewhere)
    return rivierenland


@pytest.fixture
def kampen(province):
    """A municipality of the province outside the region, so region and province differ."""
    return MunicipalityFactory(code="GM0166", name="Kampen", province=province)


@pytest.fixture
def noord(municipality_a):
    district = DistrictFactory(municipality=municipality_a, code="WK015001", name="Binnenstad")
    return NeighbourhoodFactory(district=district, code="BU01500101", name="Noord")


@pytest.fixture
def zuid_of_zwolle(municipality_b):
    district = DistrictFactory(municipality=municipality_b, code="WK019301", name="Centrum")
    return NeighbourhoodFactory(district=district, code="BU01930101", name="Zuid")


# ---- resolving ---------------------------------------------------------------------------------------------------


def test_a_municipality_by_its_code(areas, municipality_a):
    deventer = resolve_area("GM0150")
    assert (deventer.kind, deventer.code, deventer.name) == (AreaKind.MUNICIPALITY, "GM0150", "Deventer")
    assert deventer.municipality_ids == (municipality_a.pk,) and deventer.pk == municipality_a.pk
    assert deventer.label == "Gemeente Deventer"
    assert deventer.single_municipality and deventer.is_municipality
    assert resolve_area(" gm0150 ").code == "GM0150"


def test_a_neighbourhood_by_its_code(areas, noord, municipality_a):
    area = resolve_area("bu01500101")
    assert (area.kind, area.code, area.name, area.pk) == (AreaKind.NEIGHBOURHOOD, "BU01500101", "Noord", noord.pk)
    assert area.municipality_ids == (municipality_a.pk,)
    assert area.single_municipality and area.is_neighbourhood and area.label == "Buurt Noord"


def test_a_district_by_its_code_is_made_of_its_neighbourhoods(areas, noord, municipality_a):
    other_hood = NeighbourhoodFactory(district=noord.district, code="BU01500102", name="Oost")
    elsewhere = NeighbourhoodFactory(code="BU01500201", name="Elders")  # another district
    area = resolve_area("wk015001")
    assert (area.kind, area.code, area.name, area.pk) == (
        AreaKind.DISTRICT,
        "WK015001",
        "Binnenstad",
        noord.district.pk,
    )
    assert area.municipality_ids == (municipality_a.pk,)
    assert set(area.neighbourhood_ids) == {noord.pk, other_hood.pk} and elsewhere.pk not in area.neighbourhood_ids
    assert area.single_municipality and area.within_municipality and area.is_district and not area.is_neighbourhood
    assert area.label == "Wijk Binnenstad"
    assert resolve_area("BU01500101").neighbourhood_ids == (noord.pk,)
    assert resolve_area("GM0150").neighbourhood_ids == ()


def test_a_province_by_its_code(areas, province, municipality_a, municipality_b):
    area = resolve_area("PV23")
    assert (area.kind, area.code, area.pk) == (AreaKind.PROVINCE, "PV23", province.pk)
    assert set(area.municipality_ids) == {municipality_a.pk, municipality_b.pk}
    assert area.label == "Provincie Overijssel" and not area.single_municipality


def test_a_region_by_name_or_slug_in_any_case(areas, municipality_elsewhere):
    for text in ("Rivierenland", "rivierenland", "RIVIERENLAND"):
        region = resolve_area(text)
        assert (region.kind, region.code, region.municipality_ids) == (
            AreaKind.REGION,
            "rivierenland",
            (municipality_elsewhere.pk,),
        )
    assert resolve_area("West-Overijssel").code == "west-overijssel"
    assert resolve_area("west-overijssel").label == "Regio West-Overijssel"


@pytest.mark.parametrize("code", ["NL", "nl", "alle", "ALLE"])
def test_the_country_and_its_old_alias(areas, code):
    country = resolve_area(code)
    assert (country.kind, country.code, country.name, country.label) == (
        AreaKind.COUNTRY,
        COUNTRY_CODE,
        "Nederland",
        "Nederland",
    )
    assert len(country.municipality_ids) == 3 and country.pk is None


@pytest.mark.parametrize(
    "code", ["GM9999", "PV99", "BU99999999", "WK999999", "Atlantis", "", "  ", None, "WK01500", "GM015", "PV2"]
)
def test_unknown_codes(areas, noord, code):
    with pytest.raises(UnknownArea):
        resolve_area(code)


def test_the_municipality_filter_and_members(areas, municipality_a, municipality_b, municipality_elsewhere):
    province = resolve_area("PV23")
    assert list(province.municipalities()) == [municipality_a, municipality_b]
    assert set(Municipality.objects.filter(province.municipality_q())) == {municipality_a, municipality_b}
    assert list(Municipality.objects.filter(resolve_area("NL").municipality_q())).__len__() == 3
    assert resolve_area("NL").municipality_q("municipality") == Q()
    assert resolve_area("GM0281").municipality_q("municipality") == Q(municipality_id__in=[municipality_elsewhere.pk])


def test_as_dict_is_the_api_shape(areas):
    assert resolve_area("rivierenland").as_dict() == {"kind": "region", "code": "rivierenland", "name": "Rivierenland"}


def test_stored_kinds_keep_their_values():
    # Snapshots and estimates store these values; the fields' choices must not move either.
    assert [(kind.value, str(kind.label)) for kind in AreaKind] == [
        ("municipality", "Gemeente"),
        ("neighbourhood", "Buurt"),
        ("region", "Regio"),
        ("province", "Provincie"),
        ("country", "Nederland"),
        ("district", "Wijk"),
    ]
    assert IndicatorSnapshot._meta.get_field("area_kind").choices == AreaKind.choices
    assert Estimate._meta.get_field("area_kind").choices == AreaKind.choices


# ---- scope -------------------------------------------------------------------------------------------------------


def test_policy_officer_own_and_other_municipality(areas, officer_a, noord, zuid_of_zwolle):
    assert area_for_user(officer_a, "GM0150").code == "GM0150"
    assert area_for_user(officer_a, "BU01500101").code == "BU01500101"
    assert area_for_user(officer_a, "WK015001").code == "WK015001"
    for code in (
        "GM0193",
        "BU01930101",
        "WK019301",
        "PV23",
        "West-Overijssel",
        "NL",
        "alle",
        "Rivierenland",
        "GM9999",
        "",
    ):
        with pytest.raises(Http404):
            area_for_user(officer_a, code)


def test_regional_coordinator(areas, regional_coordinator, zuid_of_zwolle, kampen):
    assert area_for_user(regional_coordinator, "west-overijssel").kind == AreaKind.REGION
    assert area_for_user(regional_coordinator, "GM0193").code == "GM0193"
    assert area_for_user(regional_coordinator, "BU01930101").code == "BU01930101"
    assert area_for_user(regional_coordinator, "WK019301").code == "WK019301"
    for code in ("GM0281", "PV23", "Rivierenland", "NL"):
        with pytest.raises(Http404):
            area_for_user(regional_coordinator, code)


def test_a_province_wholly_inside_the_region_is_the_coordinators_too(areas, regional_coordinator):
    assert area_for_user(regional_coordinator, "PV23").code == "PV23"


def test_province_director(areas, province_director, region, municipality_elsewhere):
    assert area_for_user(province_director, "PV23").kind == AreaKind.PROVINCE
    assert area_for_user(province_director, "West-Overijssel").kind == AreaKind.REGION
    for code in ("Rivierenland", "GM0281", "PV25", "NL"):
        with pytest.raises(Http404):
            area_for_user(province_director, code)
    # A region reaching into another province is not wholly theirs.
    region.municipalities.add(municipality_elsewhere)
    with pytest.raises(Http404):
        area_for_user(province_director, "West-Overijssel")


def test_administrator_sees_every_area(areas, administrator, noord):
    for code in ("NL", "alle", "PV25", "Rivierenland", "GM0281", "BU01500101"):
        assert area_for_user(administrator, code).code
    with pytest.raises(Http404):
        area_for_user(administrator, "GM9999")


def test_market_party_is_refused_and_no_scope_finds_nothing(areas, market_party_user, make_user):
    with pytest.raises(PermissionDenied):
        area_for_user(market_party_user, "GM0150")
    with pytest.raises(PermissionDenied):
        area_for_user(market_party_user, "GM9999")  # refused before anything is looked up
    nobody = make_user(Role.POLICY_OFFICER, username="nobody")
    for user in (nobody, None):
        with pytest.raises(Http404):
            area_for_user(user, "GM0150")


def test_own_area_without_municipalities(make_user, other_province):
    director = make_user(Role.PROVINCE_DIRECTOR, scope_province=other_province, username="empty_director")
    area = area_for_user(director, "PV25")
    assert area.municipality_ids == () and list(area.municipalities()) == []


# ---- default area, choices and the request ----------------------------------------------------------------------


def test_default_area_per_role(areas, officer_a, regional_coordinator, province_director, administrator):
    assert default_area_code(officer_a) == "GM0150"
    assert default_area_code(regional_coordinator) == "west-overijssel"
    assert default_area_code(province_director) == "PV23"
    assert default_area_code(administrator) is None
    assert default_area(province_director).kind == AreaKind.PROVINCE
    assert default_area(administrator) is None


def test_no_default_area_for_market_parties_or_users_without_scope(areas, market_party_user, make_user):
    for user in (market_party_user, make_user(Role.POLICY_OFFICER, username="nobody")):
        with pytest.raises(PermissionDenied):
            default_area_code(user)
        with pytest.raises(PermissionDenied):
            area_choices(user)


def test_choices_per_role(areas, kampen, officer_a, regional_coordinator, province_director, administrator):
    assert area_choices(officer_a) == [("Gemeenten", [("GM0150", "Deventer")])]
    assert not offers_a_choice(area_choices(officer_a))
    assert dict(area_choices(regional_coordinator)) == {
        "Regio's": [("west-overijssel", "West-Overijssel")],
        "Gemeenten": [("GM0150", "Deventer"), ("GM0193", "Zwolle")],
    }
    assert dict(area_choices(province_director)) == {
        "Provincies": [("PV23", "Overijssel")],
        "Regio's": [("west-overijssel", "West-Overijssel")],
        "Gemeenten": [("GM0150", "Deventer"), ("GM0166", "Kampen"), ("GM0193", "Zwolle")],
    }
    groups = dict(area_choices(administrator))
    assert groups["Alle gemeenten"] == [("NL", "Nederland")]
    assert [code for code, _name in groups["Provincies"]] == ["PV25", "PV23"]  # by name: Gelderland, Overijssel
    assert offers_a_choice(area_choices(administrator))


def test_every_offered_area_resolves_for_its_user(
    areas, kampen, officer_a, regional_coordinator, province_director, administrator
):
    for user in (officer_a, regional_coordinator, province_director, administrator):
        for _group, options in area_choices(user):
            for code, _label in options:
                assert area_for_user(user, code).code == code


def test_chosen_area_of_a_request(areas, officer_a, administrator):
    factory = RequestFactory()

    def request(user, **query):
        made = factory.get("/", query)
        made.user = user
        return made

    assert chosen_area(request(officer_a)).code == "GM0150"
    assert chosen_area(request(administrator)) is None
    assert chosen_area(request(administrator), fallback=COUNTRY_CODE).code == "NL"
    assert chosen_area(request(administrator, gebied="alle")).code == "NL"
    assert chosen_area(request(administrator, area="GM0281"), parameter="area").code == "GM0281"
    with pytest.raises(Http404):
        chosen_area(request(officer_a, gebied="GM0193"))
