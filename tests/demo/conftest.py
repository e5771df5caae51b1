"""The demo data set without its population, loaded once per test module (module_data.py) instead of once per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command

from .module_data import loaded_for_the_module


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with loaded_for_the_module(django_db_blocker, lambda: call_command("demo", "--quiet", "--without-population")):
        yield
