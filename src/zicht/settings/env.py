"""Reading settings from the environment: the one place that knows the variable names and their defaults.

Every variable read here is documented in docs/operations.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in TRUE_WORDS


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from exc


def pseudonym_key_from_env() -> str:
    """The master pseudonymisation key: ZICHT_PSEUDONYM_KEY, else the file named by ZICHT_PSEUDONYM_KEY_FILE."""
    key = os.environ.get("ZICHT_PSEUDONYM_KEY", "")
    if key:
        return key
    path = os.environ.get("ZICHT_PSEUDONYM_KEY_FILE", "")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"ZICHT_PSEUDONYM_KEY_FILE {path!r} cannot be read: {exc}") from exc
    return ""


def env_secret(name: str) -> str:
    """A secret from NAME, else from the file named by NAME_FILE (whitespace stripped); empty when neither is set."""
    value = os.environ.get(name, "")
    if value:
        return value
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE {path!r} cannot be read: {exc}") from exc
    return ""
