"""`zicht.settings.production` refuses to start without real keys and starts with them (DEBUG off)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

GOOD_SECRET = "s" * 20 + "-a-long-random-secret-key-0123456789"
GOOD_PSEUDONYM_KEY = "p" * 16 + "-a-long-random-pseudonym-key-9876543210"
PRINT_SETTINGS = (
    "import json, zicht.settings.production as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'PSEUDONYM_KEY': s.PSEUDONYM_KEY, 'SECRET_KEY': s.SECRET_KEY, "
    "'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE}))"
)


def import_production(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ZICHT_", "DJANGO_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", ZICHT_VAR_DIR=str(tmp_path), **variables)
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def assert_refused(result: subprocess.CompletedProcess, variable: str) -> None:
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert variable in last_line


def test_no_secret_key(tmp_path):
    assert_refused(import_production(tmp_path, ZICHT_PSEUDONYM_KEY=GOOD_PSEUDONYM_KEY), "ZICHT_SECRET_KEY")


def test_empty_secret_key(tmp_path):
    result = import_production(tmp_path, ZICHT_SECRET_KEY="", ZICHT_PSEUDONYM_KEY=GOOD_PSEUDONYM_KEY)
    assert_refused(result, "ZICHT_SECRET_KEY")


def test_development_secret_key(tmp_path):
    from zicht.settings.base import INSECURE_SECRET_KEY

    result = import_production(tmp_path, ZICHT_SECRET_KEY=INSECURE_SECRET_KEY, ZICHT_PSEUDONYM_KEY=GOOD_PSEUDONYM_KEY)
    assert_refused(result, "ZICHT_SECRET_KEY")


def test_short_secret_key_is_refused_without_repeating_it(tmp_path):
    short = "short-secret-31-characters-xxxx"
    assert len(short) == 31
    result = import_production(tmp_path, ZICHT_SECRET_KEY=short, ZICHT_PSEUDONYM_KEY=GOOD_PSEUDONYM_KEY)
    assert_refused(result, "ZICHT_SECRET_KEY")
    assert short not in result.stderr


def test_no_pseudonym_key(tmp_path):
    assert_refused(import_production(tmp_path, ZICHT_SECRET_KEY=GOOD_SECRET), "ZICHT_PSEUDONYM_KEY")


def test_development_or_short_pseudonym_key(tmp_path):
    from zicht.settings.base import INSECURE_PSEUDONYM_KEY

    for key in (INSECURE_PSEUDONYM_KEY, "too-short-pseudonym-key"):
        result = import_production(tmp_path, ZICHT_SECRET_KEY=GOOD_SECRET, ZICHT_PSEUDONYM_KEY=key)
        assert_refused(result, "ZICHT_PSEUDONYM_KEY")
        assert key not in result.stderr


def test_unreadable_pseudonym_key_file(tmp_path):
    missing = tmp_path / "no-such-key"
    result = import_production(tmp_path, ZICHT_SECRET_KEY=GOOD_SECRET, ZICHT_PSEUDONYM_KEY_FILE=str(missing))
    assert_refused(result, "ZICHT_PSEUDONYM_KEY_FILE")


def test_short_key_in_the_key_file(tmp_path):
    key_file = tmp_path / "pseudonym.key"
    key_file.write_text("short\n", encoding="utf-8")
    result = import_production(tmp_path, ZICHT_SECRET_KEY=GOOD_SECRET, ZICHT_PSEUDONYM_KEY_FILE=str(key_file))
    assert_refused(result, "ZICHT_PSEUDONYM_KEY")


@pytest.mark.parametrize("source", ["variable", "file"])
def test_good_keys_start_without_debug(tmp_path, source):
    if source == "file":
        key_file = tmp_path / "pseudonym.key"
        key_file.write_text(f"{GOOD_PSEUDONYM_KEY}\n", encoding="utf-8")
        variables = {"ZICHT_PSEUDONYM_KEY_FILE": str(key_file)}
    else:
        variables = {"ZICHT_PSEUDONYM_KEY": GOOD_PSEUDONYM_KEY}
    result = import_production(tmp_path, ZICHT_SECRET_KEY=GOOD_SECRET, ZICHT_DEBUG="true", **variables)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded == {
        "DEBUG": False,  # even with ZICHT_DEBUG=true
        "PSEUDONYM_KEY": GOOD_PSEUDONYM_KEY,
        "SECRET_KEY": GOOD_SECRET,
        "SESSION_COOKIE_SECURE": True,
    }


def test_variable_wins_over_key_file(tmp_path):
    key_file = tmp_path / "pseudonym.key"
    key_file.write_text("f" * 40, encoding="utf-8")
    result = import_production(
        tmp_path,
        ZICHT_SECRET_KEY=GOOD_SECRET,
        ZICHT_PSEUDONYM_KEY=GOOD_PSEUDONYM_KEY,
        ZICHT_PSEUDONYM_KEY_FILE=str(key_file),
    )
    assert json.loads(result.stdout)["PSEUDONYM_KEY"] == GOOD_PSEUDONYM_KEY


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ZICHT_", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ZICHT_VAR_DIR=str(tmp_path),
        ZICHT_SECRET_KEY=GOOD_SECRET,
        ZICHT_PSEUDONYM_KEY=GOOD_PSEUDONYM_KEY,
        ZICHT_ALLOWED_HOSTS="zicht.example.org",
        DJANGO_SETTINGS_MODULE="zicht.settings.production",
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    # HSTS preloading binds the whole domain for years: the operator's decision, not a default (W021).
    issues = [line for line in output.splitlines() if line.startswith("?:") or ": (" in line]
    assert [issue for issue in issues if "security.W021" not in issue] == [], output
    assert "zicht.W001" not in output  # the development pseudonym key is not in use
