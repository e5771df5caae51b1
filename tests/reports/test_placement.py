"""Placing a report: by address, by a point near a known address, by the municipality named; the housing location
matched by address or by distance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import AddressFactory, MunicipalityFactory
from tests.housing.factories import LocationFactory
from zicht.reports.placement import PlacementError, distance_m, place_report

from .intake_support import BRINK, EAST_OF_BRINK, deventer_fixture  # noqa: F401 - registers "deventer"

pytestmark = pytest.mark.django_db


def north_of(point, metres: float) -> tuple[Decimal, Decimal]:
    return (point[0] + Decimal(str(round(metres / 111_195, 6))), point[1])


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_distance_is_in_metres():
    assert distance_m(52.0, 6.0, 52.0, 6.0) == 0
    assert 110_000 < distance_m(52.0, 6.0, 53.0, 6.0) < 112_000
    assert 290 < distance_m(*map(float, BRINK), *map(float, EAST_OF_BRINK)) < 310


def test_address_gives_municipality_neighbourhood_and_its_coordinates(deventer):
    placement = place_report(postcode="7411br", house_number="10")
    assert placement.address == deventer["brink"]
    assert placement.municipality == deventer["municipality"]
    assert placement.neighbourhood == deventer["neighbourhood"]
    assert (placement.lat, placement.lon) == BRINK
    assert placement.location is None


@pytest.mark.parametrize(("letter", "addition"), [("A", ""), ("", "a"), ("a", "")])
def test_house_letter_given_either_way(deventer, letter, addition):
    placement = place_report(postcode="7411 BR", house_number=12, house_letter=letter, addition=addition)
    assert placement.address == deventer["brink_a"]


def test_address_wins_over_a_point(deventer):
    placement = place_report(postcode="7411 BR", house_number=10, lat="52.3", lon="6.3")
    assert placement.address == deventer["brink"] and (placement.lat, placement.lon) == BRINK


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"postcode": "7411", "house_number": 10}, "postcode"),
        ({"postcode": "7411 SS", "house_number": 10}, "postcode"),
        ({"postcode": "", "house_number": 10}, "postcode"),
        ({"postcode": "7411 BR", "house_number": ""}, "house_number"),
        ({"postcode": "7411 BR", "house_number": "tien"}, "house_number"),
        ({"postcode": "7411 BR", "house_number": 0}, "house_number"),
    ],
)
def test_bad_address_input(deventer, kwargs, field):
    with pytest.raises(PlacementError) as excinfo:
        place_report(**kwargs)
    assert field in errors_of(excinfo)


def test_unknown_address_asks_for_another_way(deventer):
    with pytest.raises(PlacementError) as excinfo:
        place_report(postcode="7411 BR", house_number=99)
    assert "We kennen dit adres niet" in errors_of(excinfo)["postcode"][0]


def test_unknown_address_with_a_municipality_is_placed_there(deventer):
    placement = place_report(postcode="7411 BR", house_number=99, municipality_code="GM0150")
    assert placement.municipality == deventer["municipality"]
    assert placement.address is None and placement.neighbourhood is None


def test_point_near_an_address_takes_its_municipality_and_neighbourhood(deventer):
    lat, lon = north_of(BRINK, 100)
    placement = place_report(lat=lat, lon=lon)
    assert placement.municipality == deventer["municipality"]
    assert placement.neighbourhood == deventer["neighbourhood"]
    assert placement.address is None  # a point is not an address
    assert (placement.lat, placement.lon) == (lat, lon)


def test_point_takes_the_nearest_address_even_across_a_border(deventer, municipality_b):
    other = AddressFactory(
        municipality=municipality_b, postcode="8011 AA", house_number=1, lat=Decimal("52.265000"), lon=BRINK[1]
    )
    near_other = (Decimal("52.264000"), BRINK[1])  # 100 m from the other address, 990 m from the Brink
    assert place_report(lat=near_other[0], lon=near_other[1]).municipality == other.municipality


def test_point_a_kilometre_away_still_finds_the_address(deventer):
    lat, lon = north_of(BRINK, 1200)
    assert place_report(lat=str(lat), lon=str(lon)).neighbourhood == deventer["neighbourhood"]


@pytest.mark.parametrize(("lat", "lon"), [("48.8566", "2.3522"), ("52.37", "2.9"), ("54.0", "6.0"), ("51.5", "7.5")])
def test_point_outside_the_netherlands(deventer, lat, lon):
    with pytest.raises(PlacementError) as excinfo:
        place_report(lat=lat, lon=lon, municipality_code="GM0150")
    assert errors_of(excinfo) == {"lat": ["Het punt ligt niet in Nederland."]}


@pytest.mark.parametrize(("lat", "lon", "field"), [("52.2", None, "lon"), (None, "6.1", "lat"), ("abc", "6.1", "lat")])
def test_half_a_point_or_no_number(deventer, lat, lon, field):
    with pytest.raises(PlacementError) as excinfo:
        place_report(lat=lat, lon=lon)
    assert field in errors_of(excinfo)


def test_point_far_from_every_address_needs_the_municipality(deventer):
    far = north_of(BRINK, 2000)
    with pytest.raises(PlacementError) as excinfo:
        place_report(lat=far[0], lon=far[1])
    assert "municipality" in errors_of(excinfo)

    placement = place_report(lat=far[0], lon=far[1], municipality_code="150")
    assert placement.municipality == deventer["municipality"]
    assert placement.neighbourhood is None and placement.address is None


def test_unknown_municipality_code(deventer):
    far = north_of(BRINK, 2000)
    with pytest.raises(PlacementError) as excinfo:
        place_report(lat=far[0], lon=far[1], municipality_code="GM9999")
    assert "municipality" in errors_of(excinfo)


def test_neither_address_nor_point(deventer):
    with pytest.raises(PlacementError) as excinfo:
        place_report(municipality_code="GM0150")
    assert "location" in errors_of(excinfo)


def test_location_matched_by_its_address(deventer):
    location = LocationFactory(municipality=deventer["municipality"], address=deventer["brink"])
    assert place_report(postcode="7411 BR", house_number=10).location == location
    assert place_report(postcode="7411 BR", house_number=12, house_letter="A").location is None


def test_location_matched_by_one_of_its_other_addresses(deventer):
    location = LocationFactory(municipality=deventer["municipality"])
    location.other_addresses.add(deventer["brink_a"])
    assert place_report(postcode="7411 BR", house_number=12, addition="A").location == location


def test_location_matched_by_distance_nearest_wins(deventer):
    municipality = deventer["municipality"]
    near = north_of(BRINK, 40)
    nearer = north_of(BRINK, 20)
    LocationFactory(municipality=municipality, lat=near[0], lon=near[1])
    closest = LocationFactory(municipality=municipality, lat=nearer[0], lon=nearer[1])
    assert place_report(lat=BRINK[0], lon=BRINK[1]).location == closest


def test_location_further_than_75_metres_is_not_matched(deventer):
    away = north_of(BRINK, 90)
    LocationFactory(municipality=deventer["municipality"], lat=away[0], lon=away[1])
    assert place_report(lat=BRINK[0], lon=BRINK[1]).location is None


def test_location_without_own_coordinates_uses_its_address(deventer):
    location = LocationFactory(municipality=deventer["municipality"], address=deventer["brink"])
    point = north_of(BRINK, 50)
    assert place_report(lat=point[0], lon=point[1]).location == location


def test_only_locations_of_the_municipality_match(deventer):
    elsewhere = MunicipalityFactory(code="GM0193", name="Zwolle")
    LocationFactory(municipality=elsewhere, lat=BRINK[0], lon=BRINK[1])
    assert place_report(lat=BRINK[0], lon=BRINK[1]).location is None
