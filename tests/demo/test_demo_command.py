"""`zicht demo` is idempotent, prints the logins, and refuses the production settings without --force."""

from __future__ import annotations

import io

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

from .test_demo_data import EXPECTED_USERS

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, stdout: io.StringIO | None = None, population: bool = False) -> str:
    """`zicht demo`; the population (seconds to load) only where a test is about it."""
    out = stdout or io.StringIO()
    call_command("demo", *args, *(() if population else ("--without-population",)), stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def test_a_second_run_changes_no_row_in_any_table():
    run(population=True)
    before = row_counts()
    hashes = dict(User.objects.values_list("username", "password"))
    output = run(population=True)
    assert row_counts() == before
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert "nothing changed" in output


def test_the_first_run_logs_one_demo_import_and_a_rerun_logs_nothing():
    run()
    events = list(AuditEvent.objects.filter(object_type="demo"))
    assert len(events) == 1 and events[0].action == AuditAction.IMPORT
    count = AuditEvent.objects.count()
    run("--quiet")
    assert AuditEvent.objects.count() == count


def test_a_rerun_restores_a_changed_password_and_role():
    run("--quiet")
    user = User.objects.get(username="gemeente")
    user.set_password("someone-changed-it-2026")
    user.role = Role.INSPECTOR
    user.save()
    output = run()
    assert "1 updated" in output
    user.refresh_from_db()
    assert user.role == Role.POLICY_OFFICER
    assert authenticate(RequestFactory().post("/login/"), username="gemeente", password=DEMO_PASSWORD) == user


def test_the_output_lists_every_login_and_the_url_as_plain_text():
    output = run()
    for username in [*EXPECTED_USERS, "api-huisvester"]:
        assert f"\n{username} " in output or f"API client {username} " in output, username
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/" in output
    assert "┃" not in output and "\x1b[" not in output


def test_on_a_terminal_the_logins_are_a_rich_table():
    output = run(stdout=Terminal())
    assert "┃" in output
    for username in EXPECTED_USERS:
        assert username in output
    assert "http://127.0.0.1:8000/" in output


def test_quiet_prints_nothing_but_still_loads():
    assert run("--quiet") == ""
    assert Municipality.objects.count() == 70


def test_refuses_the_production_settings_and_writes_nothing(settings):
    settings.SETTINGS_MODULE = "zicht.settings.production"
    with pytest.raises(CommandError, match="--force"):
        run()
    assert not Municipality.objects.exists()
    assert not User.objects.exists()


def test_refuses_when_the_environment_names_the_production_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "zicht.settings.production")
    with pytest.raises(CommandError):
        run("--quiet")
    assert not Municipality.objects.exists()


def test_force_loads_under_the_production_settings(settings):
    settings.SETTINGS_MODULE = "zicht.settings.production"
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
