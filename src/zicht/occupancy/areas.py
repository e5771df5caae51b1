"""Areas the indicators are asked for: a neighbourhood (BU…), a municipality (GM…), a province (PV…), a region (by
name or slug) or the whole country ("NL"), each reduced to the municipalities it is made of (a neighbourhood: the one
it lies in)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of, visible_municipalities
from zicht.geography.models import Municipality, Neighbourhood, Province, Region

from .choices import AreaKind

COUNTRY_CODE = "NL"
MUNICIPALITY_RE = re.compile(r"^GM\d{4}$", re.IGNORECASE)
PROVINCE_RE = re.compile(r"^PV\d{2}$", re.IGNORECASE)
NEIGHBOURHOOD_RE = re.compile(r"^BU\d{8}$", re.IGNORECASE)
ACCEPTED_FORMS = (
    "BU01500100 (neighbourhood), GM0150 (municipality), PV23 (province), a region's name or slug "
    "(e.g. Rivierenland), or NL (country)"
)


class UnknownArea(LookupError):
    """No municipality, province or region answers to the code."""


@dataclass(frozen=True)
class Area:
    kind: str
    code: str
    name: str
    municipality_ids: tuple[int, ...]

    @property
    def is_municipality(self) -> bool:
        return self.kind == AreaKind.MUNICIPALITY

    @property
    def is_neighbourhood(self) -> bool:
        return self.kind == AreaKind.NEIGHBOURHOOD

    @property
    def single_municipality(self) -> bool:
        """A municipality or a neighbourhood: its figures belong to exactly one municipality (§4.8 ownership)."""
        return self.kind in (AreaKind.MUNICIPALITY, AreaKind.NEIGHBOURHOOD)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "code": self.code, "name": self.name}


def _municipality_area(municipality: Municipality) -> Area:
    return Area(AreaKind.MUNICIPALITY, municipality.code, municipality.name, (municipality.pk,))


def area_of_neighbourhood(neighbourhood: Neighbourhood) -> Area:
    """A buurt as an area of its one municipality."""
    return Area(AreaKind.NEIGHBOURHOOD, neighbourhood.code, neighbourhood.name, (neighbourhood.municipality_id,))


def area_of_municipality(municipality_id: int) -> Area:
    """The area of one municipality by its id."""
    return _municipality_area(Municipality.objects.get(pk=municipality_id))


def area_of_region(region: Region) -> Area:
    """A region as an area; its snapshots are stored under the slug."""
    ids = tuple(sorted(region.municipalities.values_list("pk", flat=True)))
    return Area(AreaKind.REGION, region.slug, region.name, ids)


def area_of_province(province: Province) -> Area:
    ids = tuple(sorted(Municipality.objects.filter(province=province).values_list("pk", flat=True)))
    return Area(AreaKind.PROVINCE, province.code, province.name, ids)


def country() -> Area:
    ids = tuple(sorted(Municipality.objects.values_list("pk", flat=True)))
    return Area(AreaKind.COUNTRY, COUNTRY_CODE, str(_("Nederland")), ids)


def resolve_area(code: str) -> Area:
    """The area named by `code` (BU01500100, GM0150, PV23, a region's name or slug, NL); UnknownArea when none
    matches."""
    text = (code or "").strip()
    if not text:
        raise UnknownArea(code)
    if text.upper() == COUNTRY_CODE:
        return country()
    if MUNICIPALITY_RE.match(text):
        municipality = Municipality.objects.filter(code=text.upper()).first()
        if municipality is None:
            raise UnknownArea(code)
        return _municipality_area(municipality)
    if NEIGHBOURHOOD_RE.match(text):
        neighbourhood = Neighbourhood.objects.filter(code=text.upper()).first()
        if neighbourhood is None:
            raise UnknownArea(code)
        return area_of_neighbourhood(neighbourhood)
    if PROVINCE_RE.match(text):
        province = Province.objects.filter(code=text.upper()).first()
        if province is None:
            raise UnknownArea(code)
        return area_of_province(province)
    region = Region.objects.filter(name__iexact=text).first() or Region.objects.filter(slug__iexact=text).first()
    if region is None:
        raise UnknownArea(code)
    return area_of_region(region)


def area_for_user(user, code: str) -> Area:
    """The area if every one of its municipalities lies in what `user` may see; Http404 otherwise (also for an
    unknown code, so a user cannot probe which areas exist). A market party sees no area aggregates at all."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.ORGANISATION:
        raise PermissionDenied
    try:
        area = resolve_area(code)
    except UnknownArea:
        raise Http404(f"unknown area {code!r}") from None
    if scope.is_none:
        raise Http404
    if scope.kind != ScopeKind.INSTALLATION and not _is_own_area(scope, area):
        visible = set(visible_municipalities(user).values_list("pk", flat=True))
        # An area without municipalities is only the installation's to see: it says nothing about any scope.
        if not area.municipality_ids or not set(area.municipality_ids) <= visible:
            raise Http404
    return area


def _is_own_area(scope, area: Area) -> bool:
    """The user's own province, region or municipality, even before any municipality is linked to it."""
    if area.kind == AreaKind.PROVINCE and scope.province_id:
        return Province.objects.filter(pk=scope.province_id, code=area.code).exists()
    if area.kind == AreaKind.REGION and scope.region_id:
        region = Region.objects.filter(pk=scope.region_id).first()
        return region is not None and area.code in (region.slug, region.name)
    if area.kind == AreaKind.MUNICIPALITY and scope.municipality_id:
        return Municipality.objects.filter(pk=scope.municipality_id, code=area.code).exists()
    if area.kind == AreaKind.NEIGHBOURHOOD and scope.municipality_id:
        return area.municipality_ids == (scope.municipality_id,)
    return False


def containing_areas(municipality_ids) -> list[Area]:
    """The regions and provinces that contain any of the municipalities (for refreshing after an ingest)."""
    ids = set(municipality_ids)
    regions = Region.objects.filter(municipalities__in=ids).distinct().order_by("name")
    provinces = Province.objects.filter(municipalities__in=ids).distinct().order_by("code")
    return [area_of_region(region) for region in regions] + [area_of_province(p) for p in provinces]
