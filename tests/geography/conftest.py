from __future__ import annotations

import pytest

from .data import make_addresses


@pytest.fixture(autouse=True)
def _production_like(settings):
    # The friendly 404/403 pages are what users see, so test with DEBUG off.
    settings.DEBUG = False


@pytest.fixture
def addresses(municipality_a, municipality_b, municipality_elsewhere, region):
    return make_addresses(municipality_a, municipality_b, municipality_elsewhere)
