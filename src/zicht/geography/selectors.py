"""Reads of the geography app. Reference data (provinces … neighbourhoods) is public; addresses are scoped."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of, scoped, visible_municipalities

from .models import Address, District, Municipality, Neighbourhood, Province, Region


def province_list() -> QuerySet[Province]:
    """All provinces, by name."""
    return Province.objects.order_by("name")


def region_list() -> QuerySet[Region]:
    """All regions with their member municipalities (by code) prefetched."""
    members = Municipality.objects.only("id", "code").order_by("code")
    return Region.objects.prefetch_related(Prefetch("municipalities", queryset=members)).order_by("name")


def municipality_list() -> QuerySet[Municipality]:
    """All municipalities with province and regions, by name: the public CBS reference list."""
    return (
        Municipality.objects.select_related("province")
        .prefetch_related(Prefetch("regions", queryset=Region.objects.order_by("name")))
        .order_by("name", "code")
    )


def municipality_detail(code: str) -> Municipality:
    """One municipality with its regions, districts and their neighbourhoods (by code); 404 when unknown."""
    neighbourhoods = Neighbourhood.objects.order_by("code")
    districts = (
        District.objects.order_by("code")
        .prefetch_related(Prefetch("neighbourhoods", queryset=neighbourhoods))
        .annotate(neighbourhood_count=Count("neighbourhoods"))
    )
    queryset = municipality_list().prefetch_related(Prefetch("districts", queryset=districts))
    return get_object_or_404(queryset, code=code)


def neighbourhood_list() -> QuerySet[Neighbourhood]:
    """All neighbourhoods with district and municipality, by code."""
    return Neighbourhood.objects.select_related("district", "municipality").order_by("code")


def address_list_visible_to(user) -> QuerySet[Address]:
    """The addresses in `user`'s area (none for a market party), by postcode and number."""
    queryset = Address.objects.select_related("municipality", "neighbourhood__district")
    return scoped(queryset, user, municipality="municipality").order_by(
        "postcode", "house_number", "house_letter", "addition", "pk"
    )


def address_detail_visible_to(user, pk: int) -> Address:
    """One address in `user`'s area; 404 outside it, as if it did not exist."""
    return get_object_or_404(address_list_visible_to(user).select_related("municipality__province"), pk=pk)


def address_count_visible_to(user, municipality: Municipality) -> int | None:
    """How many addresses of `municipality` `user` may see; None when the municipality lies outside their area."""
    if not visible_municipalities(user).filter(pk=municipality.pk).exists():
        return None
    return address_list_visible_to(user).filter(municipality=municipality).count()


def sees_addresses(user) -> bool:
    """Whether `user`'s scope is an area at all (a market party's is its own organisation, not an area)."""
    scope = scope_of(user)
    return not scope.is_none and scope.kind != ScopeKind.ORGANISATION
