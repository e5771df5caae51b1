from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zicht.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from . import checks, permissions, schema  # noqa: F401  (registers checks, rules, OpenAPI extensions)
