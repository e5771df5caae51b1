"""The real `zicht` console script in a subprocess, with an environment of its own (database and var directory)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ZICHT = Path(sys.executable).with_name("zicht")
DATABASE = "zicht.sqlite3"


def zicht_env(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ZICHT_", "DJANGO_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp / DATABASE}", ZICHT_VAR_DIR=str(tmp / "var"))
    return env


def zicht(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ZICHT), *args], env=env, capture_output=True, text=True, timeout=120, check=False)
