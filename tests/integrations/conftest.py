from __future__ import annotations

import pytest

from .fake_brp import API_KEY, FakeBrpServer


@pytest.fixture
def fake_brp():
    with FakeBrpServer() as server:
        yield server


@pytest.fixture
def brp_settings(settings, fake_brp):
    """Settings that point both adapters at the fake server."""
    settings.BRP_BEVRAGEN_URL = fake_brp.bevragen_url
    settings.BRP_BEWONING_URL = fake_brp.bewoning_url
    settings.BRP_API_KEY = API_KEY
    settings.BRP_TIMEOUT_SECONDS = 5
    return settings
