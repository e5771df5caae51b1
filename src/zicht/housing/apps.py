from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "zicht.housing"
    label = "housing"
    verbose_name = _("Huisvesting")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import importers, permissions  # noqa: F401  (registers `zicht import locations` and the rules)
        from .reference import restore_after_flush

        # After migrate the seed migration has run; after flush (zicht flush, transactional tests) it has not.
        post_migrate.connect(restore_after_flush, sender=self, dispatch_uid="housing-norm-sets")
