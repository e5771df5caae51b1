"""The row checkers of the two kinds of file: an occupancy row gives a residence and an employment episode, a BRP
row a BRP episode. Each returns the staging record for a good row, or None after adding the row's errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _

from zicht.geography.models import Address
from zicht.geography.validators import normalise_postcode

from ..choices import BrpRegistration
from .validation import ErrorLog, Lookups, RowChecker, shown


class OccupancyChecker(RowChecker):
    def check(self, number: int, values: dict[str, str], addresses: dict) -> tuple | None:
        if not self.structure(number, values):
            return None
        before = self.errors.count
        pseudonym = self.pseudonym(number, values)
        location = self.location(number, values)
        start, end = self.period(number, values)
        work = self.municipality(number, values, "work_municipality")
        employer = self.organisation(number, values, "employer_kvk")
        agency = self.organisation(number, values, "agency_kvk")
        if self.errors.count > before:
            return None
        location_id, municipality_id, neighbourhood_id = location
        emp_key = "|".join(part[0] if part else "-" for part in (work, employer, agency))
        return (
            number,
            pseudonym,
            location_id,
            municipality_id,
            neighbourhood_id,
            f"L{location_id}",
            start,
            end,
            employer[1] if employer else None,
            agency[1] if agency else None,
            work[1] if work else None,
            emp_key,
        )

    def location(self, number: int, values: dict[str, str]) -> tuple[int, int, int | None] | None:
        ref = self.cell(values, "location_ref")
        if not ref:
            self.errors.add(number, "location_ref", _("De locatiereferentie ontbreekt."))
            return None
        found = self.lookups.locations.get(ref)
        if found is None:
            self.errors.add(number, "location_ref", _("Onbekende locatie %(ref)s.") % {"ref": shown(ref)})
            return None
        location_id, municipality_id, neighbourhood_id, own = found
        if self.lookups.organisation_id is not None and not own:
            self.errors.add(
                number,
                "location_ref",
                _(
                    "Uw organisatie exploiteert deze locatie niet, is er geen eigenaar van en heeft haar niet aangemeld."
                ),
            )
            return None
        if not self.in_scope(number, "location_ref", municipality_id):
            return None
        return location_id, municipality_id, neighbourhood_id


class BrpChecker(RowChecker):
    def address_key(self, values: dict[str, str]) -> tuple[str, int] | None:
        postcode = normalise_postcode(self.cell(values, "postcode"))
        number = self.cell(values, "house_number")
        return (postcode, int(number)) if postcode and number.isdigit() else None

    def check(self, number: int, values: dict[str, str], addresses: dict) -> tuple | None:
        if not self.structure(number, values):
            return None
        before = self.errors.count
        pseudonym = self.pseudonym(number, values)
        start, end = self.period(number, values)
        registration = self.cell(values, "registration").lower()
        municipality, address_id = None, None
        if registration == BrpRegistration.RNI:
            if any(self.cell(values, name) for name in ("municipality", "postcode", "house_number")):
                self.errors.add(number, "registration", _("Bij rni blijven gemeente, postcode en huisnummer leeg."))
        elif registration == BrpRegistration.RESIDENT:
            municipality = self.municipality(number, values, "municipality")
            if municipality is None:
                self.errors.add(number, "municipality", _("Bij resident is de CBS-gemeentecode verplicht."))
            elif municipality and self.in_scope(number, "municipality", municipality[1]):
                address_id = self.address(number, values, addresses, municipality)
        else:
            self.errors.add(number, "registration", _("De inschrijving is resident of rni."))
        if self.errors.count > before:
            return None
        if registration == BrpRegistration.RNI:
            return (number, pseudonym, registration, None, None, "RNI", start, end)
        place_key = f"A{address_id}" if address_id else f"M{municipality[1]}"
        return (number, pseudonym, registration, municipality[1], address_id, place_key, start, end)

    def address(self, number: int, values: dict[str, str], addresses: dict, municipality) -> int | None:
        postcode, house_number = self.cell(values, "postcode"), self.cell(values, "house_number")
        if not postcode and not house_number:
            return None
        if not postcode or not house_number:
            column = "house_number" if postcode else "postcode"
            self.errors.add(number, column, _("Postcode en huisnummer horen samen."))
            return None
        if normalise_postcode(postcode) is None:
            self.errors.add(number, "postcode", _("Geen geldige postcode: %(value)s") % {"value": shown(postcode)})
            return None
        if not house_number.isdigit():
            self.errors.add(
                number, "house_number", _("Geen geldig huisnummer: %(value)s") % {"value": shown(house_number)}
            )
            return None
        found = addresses.get(self.address_key(values))
        if found is None:
            self.errors.add(
                number,
                "postcode",
                _("Onbekend adres %(postcode)s %(number)s.")
                % {"postcode": normalise_postcode(postcode), "number": shown(house_number)},
            )
            return None
        address_id, address_municipality_id = found
        if address_municipality_id != municipality[1]:
            self.errors.add(
                number, "postcode", _("Dit adres ligt niet in gemeente %(code)s.") % {"code": municipality[0]}
            )
            return None
        return address_id


def addresses_for(checker: RowChecker, chunk: Sequence[tuple[int, dict[str, str]]]) -> dict:
    """(postcode, house number) -> (address id, municipality id) for the addresses a chunk of BRP rows names.

    Where several addresses share postcode and number (letters, additions), the one without either wins, else the
    oldest.
    """
    if not isinstance(checker, BrpChecker):
        return {}
    keys = {key for _number, values in chunk if (key := checker.address_key(values))}
    if not keys:
        return {}
    found: dict[tuple[str, int], tuple[int, int]] = {}
    rows = (
        Address.objects.filter(postcode__in={postcode for postcode, _n in keys})
        .order_by("pk")
        .values_list("postcode", "house_number", "house_letter", "addition", "pk", "municipality_id")
    )
    for postcode, house_number, letter, addition, pk, municipality_id in rows:
        key, plain = (postcode, house_number), not (letter or addition)
        if key in keys and (key not in found or (plain and not found[key][2])):
            found[key] = (pk, municipality_id, plain)
    return {key: (pk, municipality_id) for key, (pk, municipality_id, _plain) in found.items()}


def checker_for(kind: str) -> Callable[[Lookups, ErrorLog, Sequence[str]], RowChecker]:
    return {"occupancy": OccupancyChecker, "brp": BrpChecker}[kind]
