"""Choices of the housing register (DOMAIN §3.1, §4.3); the values are the import and API contract."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocationForm(models.TextChoices):
    BUSINESS_PARK = "business_park", _("Bedrijventerrein")
    EMPLOYER_PREMISES = "employer_premises", _("Terrein van de werkgever")
    CONVERTED_OFFICE = "converted_office", _("Getransformeerd kantoor")
    HOLIDAY_PARK = "holiday_park", _("Vakantiepark")
    LARGE_SCALE = "large_scale", _("Grootschalige locatie")
    REGULAR_DWELLING = "regular_dwelling", _("Reguliere woning / kamerverhuur")
    HOTEL = "hotel", _("Hotel / pension")


class StayType(models.TextChoices):
    SHORT = "short", _("Short stay")
    MID = "mid", _("Mid stay")
    LONG = "long", _("Long stay")


class LocationStatus(models.TextChoices):
    INITIATIVE = "initiative", _("Initiatief")
    PERMIT_REQUESTED = "permit_requested", _("Vergunning aangevraagd")
    PERMITTED = "permitted", _("Vergund")
    IN_USE = "in_use", _("In gebruik")
    CLOSED = "closed", _("Gesloten")


# Locations that add places in the future: the planned supply (DOMAIN §3.1, seed 002).
PLANNED_STATUSES = (LocationStatus.INITIATIVE, LocationStatus.PERMIT_REQUESTED, LocationStatus.PERMITTED)


class ReviewDecision(models.TextChoices):
    PENDING = "pending", _("Nog niet beoordeeld")
    ACCEPTED = "accepted", _("In behandeling genomen")
    DECLINED = "declined", _("Afgewezen")


class CertificateScheme(models.TextChoices):
    SNF = "snf", _("SNF")
    AKF = "akf", _("AKF")


class NormVerdict(models.TextChoices):
    PASS = "pass", _("Voldoet")
    FAIL = "fail", _("Voldoet niet")
    UNKNOWN = "unknown", _("Onbekend")


class NormRuleKind(models.TextChoices):
    """What a rule of a norm set limits; each kind is one pure function in rules.py."""

    AREA_PER_PERSON = "area_per_person", _("Woonoppervlak per persoon (m²)")
    PERSONS_PER_BEDROOM = "persons_per_bedroom", _("Personen per slaapkamer")
    BEDROOM_AREA_PER_PERSON = "bedroom_area_per_person", _("Slaapkameroppervlak per persoon (m²)")
    PERSONS_PER_TOILET = "persons_per_toilet", _("Personen per toilet")
    PERSONS_PER_SHOWER = "persons_per_shower", _("Personen per douche")
    PERSONS_PER_COOKING_POINT = "persons_per_cooking_point", _("Personen per kookpunt")
    FRIDGE_LITRES_PER_PERSON = "fridge_litres_per_person", _("Koelkastinhoud per persoon (liter)")


class NormRuleScope(models.TextChoices):
    """Which locations a rule applies to."""

    ALL = "all", _("Alle locaties")
    REGULAR_DWELLING = "regular_dwelling", _("Alleen reguliere woningen")
    NOT_REGULAR_DWELLING = "not_regular_dwelling", _("Alle behalve reguliere woningen")
    NEW_SITE_OR_HOTEL = "new_site_or_hotel", _("Nieuwe locaties en hotels/pensions")
    EXISTING_SITE = "existing_site", _("Bestaande locaties (geen hotel/pension)")
