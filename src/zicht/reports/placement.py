"""Where a report is: municipality, neighbourhood, address and matching housing location.

An address the register knows gives everything at once. A point on the map takes the municipality and neighbourhood
of the nearest known address within 1.5 km; further from every known address the reporter names the municipality.
A housing location is linked when the report's address is one of its addresses, or a point lies within 75 m of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zicht.geography.geometry import box_around, distance_m
from zicht.geography.models import Address, Municipality, Neighbourhood
from zicht.geography.services import address_find
from zicht.geography.validators import normalise_municipality_code, normalise_postcode
from zicht.housing.selectors import location_for_place

from . import rules

if TYPE_CHECKING:
    from zicht.housing.models import Location

NEAR_ADDRESS_M = 1500.0
LOCATION_RADIUS_M = 75.0
# Boxes searched one after the other: in a town the first small box already holds the nearest address.
SEARCH_RADII_M = (150.0, 500.0, NEAR_ADDRESS_M)
COORDINATE_PLACES = Decimal("0.000001")


@dataclass
class Placement:
    municipality: Municipality
    neighbourhood: Neighbourhood | None = None
    address: Address | None = None
    location: Location | None = None
    lat: Decimal | None = None
    lon: Decimal | None = None


class PlacementError(ValidationError):
    """The place of a report could not be determined; `message_dict` names the fields (postcode, lat, …)."""


def place_report(
    *,
    lat=None,
    lon=None,
    postcode: str = "",
    house_number=None,
    house_letter: str = "",
    addition: str = "",
    municipality_code: str = "",
) -> Placement:
    """Place a report by its address or its point; PlacementError (with field names) when that is not possible."""
    if (postcode or "").strip() or house_number not in (None, ""):
        return _place_at_address(postcode, house_number, house_letter, addition, municipality_code, lat, lon)
    if lat not in (None, "") or lon not in (None, ""):
        return _place_at_point(*_point(lat, lon), municipality_code)
    raise PlacementError({"location": [_("Geef een adres (postcode en huisnummer) of wijs een punt aan op de kaart.")]})


def _coordinate(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise PlacementError({field: [_("Vul een getal in, zoals 52.2551.")]}) from None
    if not number.is_finite():
        raise PlacementError({field: [_("Vul een getal in, zoals 52.2551.")]})
    return number.quantize(COORDINATE_PLACES)


def _point(lat, lon) -> tuple[Decimal, Decimal]:
    if lat in (None, ""):
        raise PlacementError({"lat": [_("Vul de breedtegraad ook in.")]})
    if lon in (None, ""):
        raise PlacementError({"lon": [_("Vul de lengtegraad ook in.")]})
    lat_d, lon_d = _coordinate(lat, "lat"), _coordinate(lon, "lon")
    if not rules.point_in_netherlands(float(lat_d), float(lon_d)):
        raise PlacementError({"lat": [_("Het punt ligt niet in Nederland.")]})
    return lat_d, lon_d


def _municipality(code: str) -> Municipality | None:
    if not (code or "").strip():
        return None
    normalised = normalise_municipality_code(code)
    found = Municipality.objects.filter(code=normalised).first() if normalised else None
    if found is None:
        raise PlacementError({"municipality": [_("Deze gemeente kennen we niet.")]})
    return found


def _find_address(postcode: str, house_number, house_letter: str, addition: str) -> Address | None:
    errors: dict[str, list[str]] = {}
    normalised = normalise_postcode(postcode)
    if not (postcode or "").strip():
        errors["postcode"] = [_("Vul ook de postcode in.")]
    elif normalised is None:
        errors["postcode"] = [_("Een postcode is 4 cijfers en 2 letters, zoals 7411 AB.")]
    number = None
    if house_number in (None, ""):
        errors["house_number"] = [_("Vul ook het huisnummer in.")]
    else:
        try:
            number = int(str(house_number).strip())
        except ValueError:
            number = None
        if number is None or not 1 <= number <= 99999:
            errors["house_number"] = [_("Een huisnummer is een getal, zoals 12.")]
    if errors:
        raise PlacementError(errors)
    letter, rest = (house_letter or "").strip().upper(), (addition or "").strip().upper()
    if letter and rest:
        # address_find reads one suffix as either letter or addition; both at once are looked up directly.
        return (
            Address.objects.select_related("municipality", "neighbourhood")
            .filter(postcode=normalised, house_number=number, house_letter=letter, addition=rest)
            .first()
        )
    return address_find(postcode=normalised, house_number=number, addition=letter or rest)


def _place_at_address(postcode, house_number, house_letter, addition, municipality_code, lat, lon) -> Placement:
    address = _find_address(postcode, house_number, house_letter, addition)
    if address is None:
        municipality = _municipality(municipality_code)
        if municipality is None:
            raise PlacementError(
                {
                    "postcode": [
                        _(
                            "We kennen dit adres niet. Controleer de postcode en het huisnummer, wijs de plek aan op "
                            "de kaart, of kies de gemeente en noem het adres in uw beschrijving."
                        )
                    ]
                }
            )
        return Placement(municipality=municipality)
    point_lat, point_lon = address.lat, address.lon
    if (point_lat is None or point_lon is None) and lat not in (None, "") and lon not in (None, ""):
        point_lat, point_lon = _point(lat, lon)  # an address without coordinates takes the reporter's point
    location = location_for_place(municipality_id=address.municipality_id, address_id=address.pk)
    return Placement(
        municipality=address.municipality,
        neighbourhood=address.neighbourhood,
        address=address,
        location=location,
        lat=point_lat,
        lon=point_lon,
    )


def nearest_address(lat: float, lon: float, within_m: float = NEAR_ADDRESS_M) -> Address | None:
    """The known address nearest to a point, if one lies within `within_m` metres."""
    radii = (*(r for r in SEARCH_RADII_M if r < within_m), within_m)
    for radius in radii:
        lat_range, lon_range = box_around(lat, lon, radius)
        candidates = Address.objects.filter(lat__range=lat_range, lon__range=lon_range).values_list("pk", "lat", "lon")
        best_pk, best_distance = None, math.inf
        for pk, a_lat, a_lon in candidates:
            distance = distance_m(lat, lon, float(a_lat), float(a_lon))
            if distance < best_distance:
                best_pk, best_distance = pk, distance
        # Within the box's radius nothing outside the box can be nearer; further out, try the next box.
        if best_pk is not None and best_distance <= radius:
            return Address.objects.select_related("municipality", "neighbourhood").get(pk=best_pk)
    return None


def _place_at_point(lat: Decimal, lon: Decimal, municipality_code: str) -> Placement:
    near = nearest_address(float(lat), float(lon))
    if near is not None:
        municipality, neighbourhood = near.municipality, near.neighbourhood
    else:
        municipality, neighbourhood = _municipality(municipality_code), None
        if municipality is None:
            raise PlacementError(
                {"municipality": [_("Er ligt geen bekend adres bij dit punt. Kies de gemeente waar het om gaat.")]}
            )
    location = location_for_place(
        municipality_id=municipality.pk, lat=float(lat), lon=float(lon), radius_m=LOCATION_RADIUS_M
    )
    return Placement(municipality=municipality, neighbourhood=neighbourhood, location=location, lat=lat, lon=lon)
