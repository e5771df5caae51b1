"""Writes of the geography app: addresses that other apps (imports, registers) refer to."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Address, Municipality
from .validators import normalise_postcode

# BAG: a house letter is one letter; anything else after the number is the addition (up to 4 letters or digits).
HOUSE_LETTER_RE = re.compile(r"^[A-Za-z]$")


def split_addition(addition: str) -> tuple[str, str]:
    """'a' → ('A', ''); '2' or 'bis' → ('', '2') / ('', 'BIS'): the house letter and the addition as BAG keeps them."""
    addition = (addition or "").strip().upper()
    if HOUSE_LETTER_RE.match(addition):
        return addition, ""
    return "", addition


def address_find(*, postcode: str, house_number: int, addition: str = "") -> Address | None:
    """The stored address with this postcode, number and letter/addition, if there is one."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    letter, rest = split_addition(addition)
    return (
        Address.objects.select_related("municipality", "neighbourhood")
        .filter(postcode=normalised, house_number=house_number, house_letter=letter, addition=rest)
        .first()
    )


def address_get_or_create(
    *,
    postcode: str,
    house_number: int,
    addition: str = "",
    municipality: Municipality,
    lat: Decimal | None = None,
    lon: Decimal | None = None,
) -> Address:
    """The address with this postcode and number, created in `municipality` when new; gaps in coordinates filled."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        raise ValidationError({"postcode": _("Een postcode is 4 cijfers en 2 letters, zoals 7411 AB.")})
    address = address_find(postcode=normalised, house_number=house_number, addition=addition)
    has_coordinates = lat is not None and lon is not None
    if address is None:
        letter, rest = split_addition(addition)
        address = Address(
            postcode=normalised,
            house_number=house_number,
            house_letter=letter,
            addition=rest,
            municipality=municipality,
            lat=lat if has_coordinates else None,
            lon=lon if has_coordinates else None,
        )
        address.full_clean()
        address.save()
    elif has_coordinates and address.lat is None and address.lon is None:
        # Only a gap is filled: coordinates someone already recorded (or BAG supplied) are never overwritten.
        address.lat, address.lon = lat, lon
        address.full_clean()
        address.save(update_fields=["lat", "lon"])
    return address
