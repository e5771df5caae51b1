from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "zicht.housing"
    label = "housing"
    verbose_name = _("Huisvesting")

    def ready(self) -> None:
        from . import importers, permissions  # noqa: F401  (registers `zicht import locations` and the rules)
