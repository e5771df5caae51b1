from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeighbourhoodsConfig(AppConfig):
    name = "zicht.neighbourhoods"
    label = "neighbourhoods"
    verbose_name = _("Wijkprofielen en wijkplannen")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
