"""`zicht demo` is idempotent, prints the logins, and refuses the production settings without --force."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from zicht.core.models import AuditAction, AuditEvent, User
from zicht.core.roles import Role
from zicht.demo.rules import is_production_settings
from zicht.demo.services import DEMO_PASSWORD
from zicht.geography.models import Municipality

from .module_data import loaded_for_the_module
from .test_demo_data import EXPECTED_USERS

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, stdout: io.StringIO | None = None) -> str:
    """`zicht demo` without its population (tests/demo/test_demo_population.py loads that, twice)."""
    out = stdout or io.StringIO()
    call_command("demo", *args, "--without-population", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The output of `zicht demo` on an empty database, and its data, kept for the module (module_data.py)."""

    def first() -> str:
        assert not Municipality.objects.exists() and not User.objects.exists()
        return run()

    with loaded_for_the_module(django_db_blocker, first) as output:
        yield output


def test_the_output_lists_every_login_and_the_url_as_plain_text(first_run):
    for username in [*EXPECTED_USERS, "api-huisvester"]:
        assert f"\n{username} " in first_run or f"API client {username} " in first_run, username
    assert DEMO_PASSWORD in first_run
    assert "http://127.0.0.1:8000/" in first_run
    assert "┃" not in first_run and "\x1b[" not in first_run
    assert Municipality.objects.count() == 70


def test_the_first_run_logs_one_demo_import_and_a_rerun_changes_no_row_and_logs_nothing(first_run):
    events = list(AuditEvent.objects.filter(object_type="demo"))
    assert len(events) == 1 and events[0].action == AuditAction.IMPORT
    before = row_counts()
    hashes = dict(User.objects.values_list("username", "password"))
    output = run(stdout=Terminal())
    assert row_counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert "nothing changed" in output
    # On a terminal the logins are a rich table.
    assert "┃" in output
    for username in EXPECTED_USERS:
        assert username in output
    assert "http://127.0.0.1:8000/" in output


def test_a_quiet_rerun_prints_nothing_and_restores_a_changed_password_and_role(first_run):
    user = User.objects.get(username="gemeente")
    user.set_password("someone-changed-it-2026")
    user.save()
    assert run("--quiet") == ""
    assert authenticate(RequestFactory().post("/login/"), username="gemeente", password=DEMO_PASSWORD) == user
    user.role = Role.INSPECTOR
    user.save()
    assert "1 updated" in run()
    user.refresh_from_db()
    assert user.role == Role.POLICY_OFFICER


def test_refuses_the_production_settings_and_writes_nothing(settings):
    settings.SETTINGS_MODULE = "zicht.settings.production"
    before = row_counts()
    with pytest.raises(CommandError, match="--force"):
        run()
    assert row_counts() == before


def test_refuses_when_the_environment_names_the_production_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "zicht.settings.production")
    before = row_counts()
    with pytest.raises(CommandError):
        run("--quiet")
    assert row_counts() == before


def test_force_loads_under_the_production_settings(first_run, settings):
    settings.SETTINGS_MODULE = "zicht.settings.production"
    User.objects.filter(username="beheer").delete()
    run("--force", "--quiet")
    assert User.objects.filter(username="beheer", is_superuser=True).exists()


@pytest.mark.parametrize(
    ("modules", "expected"),
    [
        (("zicht.settings.production",), True),
        (("zicht.settings.dev", "zicht.settings.production"), True),
        (("mysite.settings.production",), True),
        (("zicht.settings.dev",), False),
        (("zicht.settings.test", None), False),
        (("zicht.settings.productionlike",), False),
        ((None,), False),
    ],
)
def test_is_production_settings(modules, expected):
    assert is_production_settings(*modules) is expected
