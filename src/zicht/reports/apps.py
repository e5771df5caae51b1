from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zicht.reports"
    label = "reports"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
