"""Factories for the housing register, shared by the housing tests."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from zicht.housing import services
from zicht.housing.choices import LocationForm, LocationStatus, StayType
from zicht.housing.models import Location

from ..factories import MunicipalityFactory


class LocationFactory(factory.django.DjangoModelFactory):
    """A location in use that passes the minimum norm; saved directly (no history, no stored verdict)."""

    class Meta:
        model = Location

    ref = factory.Sequence(lambda n: f"T-{n:05d}")
    name = factory.Sequence(lambda n: f"Locatie {n}")
    municipality = factory.SubFactory(MunicipalityFactory, code="GM0150", name="Deventer")
    form = LocationForm.BUSINESS_PARK
    stay_type = StayType.SHORT
    status = LocationStatus.IN_USE
    status_since = datetime.date(2024, 1, 1)
    capacity_beds = 10
    floor_area_m2 = 200
    bedrooms = 10
    bedroom_area_m2 = 60
    toilets = 2
    showers = 2


_counter = iter(range(1, 10**9))


def make_location(**kwargs: Any) -> Location:
    """Create a location through the service (check=False), so its history and stored verdict exist."""
    if "municipality" not in kwargs and "municipality_id" not in kwargs:
        kwargs["municipality"] = MunicipalityFactory(code="GM0150", name="Deventer")
    number = next(_counter)
    data: dict[str, Any] = {
        "ref": f"M-{number:05d}",
        "name": f"Locatie M{number}",
        "form": LocationForm.BUSINESS_PARK,
        "stay_type": StayType.SHORT,
        "status": LocationStatus.IN_USE,
        "status_since": datetime.date(2024, 1, 1),
        "capacity_beds": 10,
        "floor_area_m2": 200,
        "bedrooms": 10,
        "bedroom_area_m2": 60,
        "toilets": 2,
        "showers": 2,
    }
    data.update(kwargs)
    by = data.pop("by", None)
    on = data.pop("on", None)
    return services.location_create(by=by, data=data, on=on, check=False)
