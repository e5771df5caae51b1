"""Web shell tests run as production would: DEBUG off, so the friendly error pages and headers are what is seen."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


@pytest.fixture
def page(client):
    """GET `url` as `user` (or anonymously) and return the response."""

    def get(url: str, user=None, **kwargs):
        if user is not None:
            client.force_login(user)
        return client.get(url, **kwargs)

    return get
