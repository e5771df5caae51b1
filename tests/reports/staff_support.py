"""Fixtures of the staff report tests: photo files in a temporary folder, API clients.

A test module imports the `*_fixture` functions; pytest knows them by their `name` (media_root, api),
so the arguments of the tests do not shadow the imports.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from zicht.core.services import api_token_create


@pytest.fixture(name="media_root")
def media_root_fixture(settings, tmp_path):
    """Photo files go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(name="api")
def api_fixture():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            _row, plaintext = api_token_create(user=user, name="test")
            client.credentials(HTTP_AUTHORIZATION=f"Token {plaintext}")
        return client

    return client_for
