from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False
