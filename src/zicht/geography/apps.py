from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeographyConfig(AppConfig):
    name = "zicht.geography"
    label = "geography"
    verbose_name = _("Geografie")

    def ready(self) -> None:
        from . import importers  # noqa: F401  (registers `zicht import municipalities`)
