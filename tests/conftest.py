"""Shared fixtures: two municipalities in one province and region, and a user per role and scope."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from zicht.core.roles import Role
from zicht.parties.choices import OrganisationKind

from .factories import (
    MunicipalityFactory,
    OrganisationFactory,
    ProvinceFactory,
    RegionFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"
E2E = Path(__file__).resolve().parent / "e2e"


# The fixtures through which a test reaches the database (pytest-django's django_db marker asks for one of them).
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"})


def pytest_itemcollected(item):
    if item.path.is_relative_to(E2E):
        item.add_marker(pytest.mark.e2e)


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL only the tests whose outcome can depend on the engine run; the SQLite run checks the others.

    - A test that reaches no database: pytest-django refuses it any query, so what it checks (rules, parsing,
      settings, console scripts on their own SQLite file) cannot depend on the engine.
    - A browser test not marked every_engine. Those marked write through the live server, which on PostgreSQL gives
      every request thread its own connection, as a real installation does, so what a browser sends (a login, a
      form, a status change) meets PostgreSQL's transactions and locks; the SQLite live server answers one request
      at a time on one connection. What the other browser tests check (layout, widths, scripts, keyboard,
      accessibility) comes from templates and static files; on both engines tests/web opens every link of every
      role and the views' tests check what each page shows.
    """
    if connection.vendor == "sqlite":
        return
    for item in items:
        if item.path.is_relative_to(E2E):
            if not item.get_closest_marker("every_engine"):
                item.add_marker(
                    pytest.mark.skip(reason="a reading browser test: it runs on SQLite (tests/conftest.py)")
                )
        elif not (item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.skip(reason="reaches no database: it runs on SQLite (tests/conftest.py)"))


def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (`make test` with ZICHT_TEST_WORKERS), all browser tests go to one worker and each other
    module to one worker: the browser tests share one demo database and one Chromium per process
    (e2e/conftest.py), and tests/demo and tests/cli build theirs once per module. xdist's own --dist loadgroup
    cannot do this under pytest 9, whose test ids no longer take the group suffix it adds."""
    from xdist.scheduler import LoadScopeScheduling

    e2e = f"{E2E.relative_to(config.rootpath).as_posix()}/"  # test ids are relative to the root directory

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return e2e if nodeid.startswith(e2e) else super()._split_scope(nodeid)

    return BrowserTestsTogether(config, log)


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language. A request activates the language it asks for in its thread and
    leaves it active afterwards, so a test after one in English would otherwise see English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def _openapi_document(django_db_setup, django_db_blocker) -> dict:
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/schema?format=json")
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


@pytest.fixture
def openapi_document(_openapi_document) -> dict:
    """The OpenAPI document as /api/v1/schema serves it, built once per run (building it takes most of a second);
    tests/api/test_api_base.py tests the endpoint itself and validates the document."""
    return copy.deepcopy(_openapi_document)


@pytest.fixture
def province(db):
    return ProvinceFactory(code="PV23", name="Overijssel")


@pytest.fixture
def other_province(db):
    return ProvinceFactory(code="PV25", name="Gelderland")


@pytest.fixture
def municipality_a(province):
    return MunicipalityFactory(code="GM0150", name="Deventer", province=province)


@pytest.fixture
def municipality_b(province):
    return MunicipalityFactory(code="GM0193", name="Zwolle", province=province)


@pytest.fixture
def municipality_elsewhere(other_province):
    return MunicipalityFactory(code="GM0281", name="Tiel", province=other_province)


@pytest.fixture
def region(municipality_a, municipality_b):
    region = RegionFactory(name="West-Overijssel", slug="west-overijssel")
    region.municipalities.add(municipality_a, municipality_b)
    return region


@pytest.fixture
def make_user(db):
    def make(role: str = Role.POLICY_OFFICER, **kwargs):
        defaults = {"role": role, "scope_municipality": None}
        defaults.update(kwargs)
        return UserFactory(**defaults)

    return make


@pytest.fixture
def officer_a(make_user, municipality_a):
    return make_user(Role.POLICY_OFFICER, scope_municipality=municipality_a, username="officer_a")


@pytest.fixture
def officer_b(make_user, municipality_b):
    return make_user(Role.POLICY_OFFICER, scope_municipality=municipality_b, username="officer_b")


@pytest.fixture
def registration_officer_a(make_user, municipality_a):
    return make_user(Role.REGISTRATION_OFFICER, scope_municipality=municipality_a, username="registrar_a")


@pytest.fixture
def province_director(make_user, province):
    return make_user(Role.PROVINCE_DIRECTOR, scope_province=province, username="director")


@pytest.fixture
def regional_coordinator(make_user, region):
    return make_user(Role.REGIONAL_COORDINATOR, scope_region=region, username="coordinator")


@pytest.fixture
def housing_provider(db):
    return OrganisationFactory(name="Flexwonen BV", kind=OrganisationKind.HOUSING_PROVIDER, kvk_number="12345678")


@pytest.fixture
def market_party_user(make_user, housing_provider):
    return make_user(Role.MARKET_PARTY, organisation=housing_provider, username="provider")


@pytest.fixture
def administrator(make_user):
    return make_user(Role.ADMINISTRATOR, username="admin", is_staff=True)
