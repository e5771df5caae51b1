"""The national norm sets are reference data: the migrations seed them, and they come back after a flush."""

from __future__ import annotations

import importlib

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connections

SEED = importlib.import_module("zicht.housing.migrations.0002_norm_sets")
DATED = importlib.import_module("zicht.housing.migrations.0003_norm_rule_new_sites_from")


def national_norm_sets_ensure(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Recreate the national norm sets the migrations seed when they are missing; True when anything was added.

    `flush` (run by `zicht flush` and after every transactional test) empties every table, the migrations' data too.
    """
    NormSet = global_apps.get_model("housing", "NormSet")
    codes = [spec["code"] for spec in SEED.NORM_SETS]
    if NormSet.objects.using(using).filter(code__in=codes).count() == len(codes):
        return False
    SEED.add_norm_sets(global_apps, None)
    DATED.date_snf_new_site_rules(global_apps, None)
    return True


def restore_after_flush(sender, using: str = DEFAULT_DB_ALIAS, plan=None, **kwargs) -> None:
    """post_migrate handler: put the national norm sets back once the housing tables exist."""
    tables = connections[using].introspection.table_names()
    if "housing_normrule" not in tables:
        return
    columns = {
        column.name
        for column in connections[using].introspection.get_table_description(
            connections[using].cursor(), "housing_normrule"
        )
    }
    if "new_sites_from" in columns:  # the schema is at least at migration 0003
        national_norm_sets_ensure(using)
