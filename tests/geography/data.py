"""Addresses in Deventer, Zwolle (same province and region) and Tiel (another province), for scope tests."""

from __future__ import annotations

from dataclasses import dataclass

from tests.factories import AddressFactory, DistrictFactory, NeighbourhoodFactory


@dataclass
class Addresses:
    deventer: list
    zwolle: list
    tiel: list


def make_addresses(deventer, zwolle, tiel) -> Addresses:
    district = DistrictFactory(municipality=deventer, code="WK015001", name="Binnenstad")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU01500100", name="Centrum")
    return Addresses(
        deventer=[
            AddressFactory(
                municipality=deventer,
                neighbourhood=neighbourhood,
                street="Brink",
                house_number=1,
                postcode="7411 BR",
                city="Deventer",
                bag_id="0150200000000001",
            ),
            AddressFactory(
                municipality=deventer, street="Keizerstraat", house_number=12, postcode="7411 HE", city="Deventer"
            ),
        ],
        zwolle=[
            AddressFactory(
                municipality=zwolle, street="Grote Markt", house_number=3, postcode="8011 LW", city="Zwolle"
            ),
            AddressFactory(
                municipality=zwolle, street="Diezerstraat", house_number=8, postcode="8011 RE", city="Zwolle"
            ),
        ],
        tiel=[AddressFactory(municipality=tiel, street="Waterstraat", house_number=5, postcode="4001 BB", city="Tiel")],
    )
