from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccupancyConfig(AppConfig):
    name = "zicht.occupancy"
    label = "occupancy"
    verbose_name = _("Bewoning en registratie")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (the tasks, and the cleanup when a worker starts)
        from .ingest import cli  # noqa: F401  (registers `zicht import occupancy` and `zicht import brp`)
