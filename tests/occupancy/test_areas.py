"""Resolving area codes and checking them against a user's scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zicht.occupancy.areas import UnknownArea, area_for_user, resolve_area
from zicht.occupancy.choices import AreaKind

from ..factories import RegionFactory


@pytest.fixture
def areas(region, municipality_a, municipality_b, municipality_elsewhere):
    rivierenland = RegionFactory(name="Rivierenland", slug="rivierenland")
    rivierenland.municipalities.add(municipality_elsewhere)
    return rivierenland


def test_resolve_each_form(areas, municipality_a, municipality_b, municipality_elsewhere):
    deventer = resolve_area("GM0150")
    assert (deventer.kind, deventer.code, deventer.name) == (AreaKind.MUNICIPALITY, "GM0150", "Deventer")
    assert deventer.municipality_ids == (municipality_a.pk,)
    assert resolve_area("gm0150").code == "GM0150"
    province = resolve_area("PV23")
    assert (province.kind, set(province.municipality_ids)) == (
        AreaKind.PROVINCE,
        {municipality_a.pk, municipality_b.pk},
    )
    for text in ("Rivierenland", "rivierenland", "RIVIERENLAND"):
        region = resolve_area(text)
        assert (region.kind, region.code, region.municipality_ids) == (
            AreaKind.REGION,
            "rivierenland",
            (municipality_elsewhere.pk,),
        )
    assert resolve_area("West-Overijssel").code == "west-overijssel"
    country = resolve_area("NL")
    assert country.kind == AreaKind.COUNTRY and len(country.municipality_ids) == 3


@pytest.mark.parametrize("code", ["GM9999", "PV99", "Atlantis", "", "  "])
def test_unknown_areas(areas, code):
    with pytest.raises(UnknownArea):
        resolve_area(code)


def test_area_for_user(areas, officer_a, province_director, regional_coordinator, administrator, market_party_user):
    assert area_for_user(officer_a, "GM0150").code == "GM0150"
    for code in ("GM0193", "PV23", "West-Overijssel", "NL", "Rivierenland", "GM9999"):
        with pytest.raises(Http404):
            area_for_user(officer_a, code)
    assert area_for_user(province_director, "West-Overijssel").kind == AreaKind.REGION
    with pytest.raises(Http404):
        area_for_user(province_director, "Rivierenland")
    assert area_for_user(regional_coordinator, "GM0193").code == "GM0193"
    with pytest.raises(Http404):
        area_for_user(regional_coordinator, "GM0281")
    assert area_for_user(administrator, "NL").kind == AreaKind.COUNTRY
    with pytest.raises(PermissionDenied):
        area_for_user(market_party_user, "GM0150")
    with pytest.raises(Http404):
        area_for_user(None, "GM0150")
