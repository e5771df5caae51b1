"""The one area type: a neighbourhood (BU…), a district (WK…), a municipality (GM…), a region (by name or slug), a
province (PV…) or the whole country (NL), each carrying the municipalities it is made of (a neighbourhood or a
district: the one it lies in) and, below a municipality, its neighbourhoods."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import District, Municipality, Neighbourhood, Province, Region

COUNTRY_CODE = "NL"
# "alle" named the whole installation on the supply page before it became NL; links and bookmarks still carry it.
COUNTRY_ALIASES = ("alle",)
MUNICIPALITY_RE = re.compile(r"^GM\d{4}$", re.IGNORECASE)
PROVINCE_RE = re.compile(r"^PV\d{2}$", re.IGNORECASE)
NEIGHBOURHOOD_RE = re.compile(r"^BU\d{8}$", re.IGNORECASE)
DISTRICT_RE = re.compile(r"^WK\d{6}$", re.IGNORECASE)
ACCEPTED_FORMS = (
    "BU01500100 (neighbourhood), WK015001 (district), GM0150 (municipality), PV23 (province), a region's name or "
    "slug (e.g. Rivierenland), or NL (country)"
)


class AreaKind(models.TextChoices):
    """The kinds of area; the values are stored with snapshots and estimates, so they never change."""

    # The order and labels are those of the stored fields' choices: changing them would need a migration.
    MUNICIPALITY = "municipality", _("Gemeente")
    NEIGHBOURHOOD = "neighbourhood", _("Buurt")
    REGION = "region", _("Regio")
    PROVINCE = "province", _("Provincie")
    COUNTRY = "country", _("Nederland")
    DISTRICT = "district", _("Wijk")


LABELS = {
    AreaKind.MUNICIPALITY: _("Gemeente %(name)s"),
    AreaKind.NEIGHBOURHOOD: _("Buurt %(name)s"),
    AreaKind.DISTRICT: _("Wijk %(name)s"),
    AreaKind.REGION: _("Regio %(name)s"),
    AreaKind.PROVINCE: _("Provincie %(name)s"),
}


class UnknownArea(LookupError):
    """No neighbourhood, district, municipality, province or region answers to the code."""


@dataclass(frozen=True)
class Area:
    """An area by kind and code (regions by slug), its name, the ids of its municipalities and its own row's id;
    below a municipality (a neighbourhood or a district) also the ids of its neighbourhoods."""

    kind: str
    code: str
    name: str
    municipality_ids: tuple[int, ...]
    pk: int | None = None  # the Neighbourhood, District, Municipality, Region or Province; None for the country
    # Only for an area inside one municipality: the neighbourhoods it is made of (a neighbourhood: itself).
    neighbourhood_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """The area as a heading names it: "Gemeente Deventer", "Regio Twente", "Nederland"."""
        label = LABELS.get(self.kind)
        return str(label) % {"name": self.name} if label is not None else str(self.name)

    @property
    def is_municipality(self) -> bool:
        """True for a municipality."""
        return self.kind == AreaKind.MUNICIPALITY

    @property
    def is_neighbourhood(self) -> bool:
        """True for a neighbourhood."""
        return self.kind == AreaKind.NEIGHBOURHOOD

    @property
    def is_district(self) -> bool:
        """True for a district (wijk)."""
        return self.kind == AreaKind.DISTRICT

    @property
    def within_municipality(self) -> bool:
        """A neighbourhood or a district: part of one municipality, made of neighbourhoods."""
        return self.kind in (AreaKind.NEIGHBOURHOOD, AreaKind.DISTRICT)

    @property
    def is_country(self) -> bool:
        """True for the whole country."""
        return self.kind == AreaKind.COUNTRY

    @property
    def single_municipality(self) -> bool:
        """A municipality, district or neighbourhood: its figures belong to exactly one municipality (§4.8 ownership)."""
        return self.is_municipality or self.within_municipality

    def municipality_q(self, path: str | None = None) -> Q:
        """Rows whose municipality (at lookup `path`, or the Municipality itself when None) is one of the area's."""
        if self.is_country:
            return Q()
        return Q(**{f"{path}_id__in" if path else "pk__in": list(self.municipality_ids)})

    def municipalities(self) -> QuerySet[Municipality]:
        """The area's municipalities, by name."""
        return Municipality.objects.filter(self.municipality_q()).order_by("name", "code")

    def as_dict(self) -> dict:
        """The area in the CLI and API JSON."""
        return {"kind": self.kind, "code": self.code, "name": self.name}


def area_of_municipality(municipality: Municipality) -> Area:
    """A municipality as an area."""
    return Area(AreaKind.MUNICIPALITY, municipality.code, municipality.name, (municipality.pk,), municipality.pk)


def area_of_neighbourhood(neighbourhood: Neighbourhood) -> Area:
    """A neighbourhood as an area of its one municipality."""
    return Area(
        AreaKind.NEIGHBOURHOOD,
        neighbourhood.code,
        neighbourhood.name,
        (neighbourhood.municipality_id,),
        neighbourhood.pk,
        (neighbourhood.pk,),
    )


def area_of_district(district: District) -> Area:
    """A district (wijk) as an area of its one municipality, made of its neighbourhoods."""
    hoods = tuple(sorted(district.neighbourhoods.values_list("pk", flat=True)))
    return Area(AreaKind.DISTRICT, district.code, district.name, (district.municipality_id,), district.pk, hoods)


def area_of_region(region: Region) -> Area:
    """A region as an area; its code (and the key of its snapshots) is the slug."""
    ids = tuple(sorted(region.municipalities.values_list("pk", flat=True)))
    return Area(AreaKind.REGION, region.slug, region.name, ids, region.pk)


def area_of_province(province: Province) -> Area:
    """A province as an area."""
    ids = tuple(sorted(Municipality.objects.filter(province=province).values_list("pk", flat=True)))
    return Area(AreaKind.PROVINCE, province.code, province.name, ids, province.pk)


def country() -> Area:
    """The whole country: every municipality of the installation."""
    ids = tuple(sorted(Municipality.objects.values_list("pk", flat=True)))
    return Area(AreaKind.COUNTRY, COUNTRY_CODE, gettext("Nederland"), ids)


def resolve_area(code: str | None) -> Area:
    """The area `code` names (BU01500100, WK015001, GM0150, PV23, a region's name or slug, NL or its alias "alle"), not
    checked against any user; UnknownArea when nothing answers to it."""
    text = (code or "").strip()
    if not text:
        raise UnknownArea(code)
    if text.upper() == COUNTRY_CODE or text.lower() in COUNTRY_ALIASES:
        return country()
    if MUNICIPALITY_RE.match(text):
        municipality = Municipality.objects.filter(code=text.upper()).first()
        found = municipality and area_of_municipality(municipality)
    elif NEIGHBOURHOOD_RE.match(text):
        neighbourhood = Neighbourhood.objects.filter(code=text.upper()).first()
        found = neighbourhood and area_of_neighbourhood(neighbourhood)
    elif DISTRICT_RE.match(text):
        district = District.objects.filter(code=text.upper()).first()
        found = district and area_of_district(district)
    elif PROVINCE_RE.match(text):
        province = Province.objects.filter(code=text.upper()).first()
        found = province and area_of_province(province)
    else:
        region = Region.objects.filter(name__iexact=text).first() or Region.objects.filter(slug__iexact=text).first()
        found = region and area_of_region(region)
    if not found:
        raise UnknownArea(code)
    return found


def containing_areas(municipality_ids) -> list[Area]:
    """The regions and provinces that contain any of the municipalities (for refreshing after an ingest)."""
    ids = set(municipality_ids)
    regions = Region.objects.filter(municipalities__in=ids).distinct().order_by("name")
    provinces = Province.objects.filter(municipalities__in=ids).distinct().order_by("code")
    return [area_of_region(region) for region in regions] + [area_of_province(p) for p in provinces]
