from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "zicht.integrations"
    label = "integrations"
    verbose_name = _("Koppelingen")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the configuration checks)
