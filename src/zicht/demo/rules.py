"""Pure rules of the demo loader."""

from __future__ import annotations

PRODUCTION_SETTINGS = "zicht.settings.production"


def is_production_settings(*modules: str | None) -> bool:
    """True when any of the given settings module names is the production settings (or a `….production` module)."""
    return any(module and (module == PRODUCTION_SETTINGS or module.endswith(".production")) for module in modules)
