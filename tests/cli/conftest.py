"""A migrated SQLite file for the console-script tests, migrated once per run and copied for each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .console import DATABASE, zicht, zicht_env


@pytest.fixture(scope="session")
def _migrated_file(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("cli-migrated")
    result = zicht(zicht_env(tmp), "migrate", "-v", "0")
    assert result.returncode == 0, result.stderr
    return tmp / DATABASE


@pytest.fixture
def migrated(tmp_path, _migrated_file) -> tuple[dict[str, str], Path]:
    """The environment for `zicht` on a freshly migrated database in `tmp_path` (a copy: migrating takes seconds)."""
    shutil.copyfile(_migrated_file, tmp_path / DATABASE)
    return zicht_env(tmp_path), tmp_path
