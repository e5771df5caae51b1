"""Areas for every page, API and CLI that takes an area code: one `Area`, one resolver, a user's areas.

`base` holds the area and the resolver (no user involved), `access` what a user may see and choose.
"""

from .access import (
    AREA_PARAMETER,
    area_choices,
    area_for_user,
    chosen_area,
    default_area,
    default_area_code,
    offers_a_choice,
)
from .base import (
    ACCEPTED_FORMS,
    COUNTRY_ALIASES,
    COUNTRY_CODE,
    Area,
    AreaKind,
    UnknownArea,
    area_of_district,
    area_of_municipality,
    area_of_neighbourhood,
    area_of_province,
    area_of_region,
    containing_areas,
    country,
    resolve_area,
)

__all__ = [
    "ACCEPTED_FORMS",
    "AREA_PARAMETER",
    "COUNTRY_ALIASES",
    "COUNTRY_CODE",
    "Area",
    "AreaKind",
    "UnknownArea",
    "area_choices",
    "area_for_user",
    "area_of_district",
    "area_of_municipality",
    "area_of_neighbourhood",
    "area_of_province",
    "area_of_region",
    "chosen_area",
    "containing_areas",
    "country",
    "default_area",
    "default_area_code",
    "offers_a_choice",
    "resolve_area",
]
