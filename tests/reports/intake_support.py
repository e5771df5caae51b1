"""Fixtures of the public intake tests: photo files in a temporary folder, a clean rate limit and a small piece of
Deventer with known addresses."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from PIL import Image

from tests.factories import AddressFactory, DistrictFactory, NeighbourhoodFactory

# Deventer's Brink and a spot 300 m east of it.
BRINK = (Decimal("52.255100"), Decimal("6.163900"))
EAST_OF_BRINK = (Decimal("52.255100"), Decimal("6.168300"))


@pytest.fixture(name="media_root")
def media_root_fixture(settings, tmp_path):
    """Photo files go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(name="clean_rate_limit", autouse=True)
def clean_rate_limit_fixture(settings):
    """Each test starts with an empty limiter and a limit high enough not to get in the way."""
    settings.REPORTS_PUBLIC_RATE = "1000/minute"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(name="deventer")
def deventer_fixture(municipality_a):
    """Deventer with one neighbourhood and two known addresses at the Brink."""
    district = DistrictFactory(municipality=municipality_a, code="WK015001", name="Binnenstad")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU01500101", name="Binnenstad-Centrum")
    brink = AddressFactory(
        municipality=municipality_a,
        neighbourhood=neighbourhood,
        street="Brink",
        postcode="7411 BR",
        house_number=10,
        city="Deventer",
        lat=BRINK[0],
        lon=BRINK[1],
    )
    brink_a = AddressFactory(
        municipality=municipality_a,
        neighbourhood=neighbourhood,
        street="Brink",
        postcode="7411 BR",
        house_number=12,
        house_letter="A",
        city="Deventer",
        lat=Decimal("52.255200"),
        lon=Decimal("6.164000"),
    )
    return {"municipality": municipality_a, "neighbourhood": neighbourhood, "brink": brink, "brink_a": brink_a}


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(200, 30, 30), **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and save_kwargs.pop("alpha", False) else "RGB"
    Image.new(mode, size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()
