"""The real `zicht` console script in a subprocess: exit codes, messages and --help."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from zicht.cli import main

from .console import ZICHT, zicht, zicht_env


def municipality_names(tmp: Path) -> list[str]:
    with sqlite3.connect(tmp / "zicht.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT name FROM geography_municipality ORDER BY code")]


def test_console_script_is_installed():
    assert ZICHT.is_file() and os.access(ZICHT, os.X_OK)


def test_import_through_the_console_script(migrated):
    env, tmp = migrated
    good = tmp / "gemeenten.csv"
    good.write_text("code,name,province_code,province\nGM0150,Deventer,PV23,Overijssel\n", encoding="utf-8")
    result = zicht(env, "import", "municipalities", str(good))
    assert result.returncode == 0, result.stderr
    assert f"{good}: 1 created, 0 updated, 0 unchanged." in result.stdout
    assert municipality_names(tmp) == ["Deventer"]

    bad = tmp / "kapot.csv"
    bad.write_text(
        "code,name,province_code,province\nGM0193,Zwolle,PV23,Overijssel\nG150X,Kampen,PV23,Overijssel\n",
        encoding="utf-8",
    )
    result = zicht(env, "import", "municipalities", str(bad))
    assert result.returncode != 0
    assert f"{bad}: row 3, field 'code': 'G150X' is not a municipality code" in result.stderr
    assert f"{bad}: 1 error(s); nothing was imported." in result.stderr
    assert "Traceback" not in result.stderr
    assert municipality_names(tmp) == ["Deventer"]

    result = zicht(env, "import", "municipalities", str(tmp / "missing.csv"))
    assert result.returncode != 0
    assert f"{tmp / 'missing.csv'}: no such file" in result.stderr


def test_the_console_script_lists_the_commands(tmp_path):
    result = zicht(zicht_env(tmp_path), "--help")
    assert result.returncode == 0, result.stderr
    for command in ("import", "serve", "token", "demo", "worker"):
        assert command in result.stdout, command


# Each command's own help comes from the same entry point, called in this process: a subprocess per command would
# only measure Python's start again.
HELP = {
    ("import",): ["municipalities", "KIND"],
    ("import", "municipalities"): ["usage: zicht import municipalities", "FILE", "CSV or XLSX"],
    ("serve",): ["usage: zicht serve", "--port"],
    ("token",): ["usage: zicht token", "create", "list", "revoke"],
    ("demo",): ["usage: zicht demo"],
}


@pytest.mark.parametrize("command", list(HELP), ids=" ".join)
def test_help(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main(["zicht", *command, "--help"])
    assert exit_.value.code == 0
    shown = capsys.readouterr().out
    for text in HELP[command]:
        assert text in shown, text
