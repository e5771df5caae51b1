from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OccupancyConfig(AppConfig):
    name = "zicht.occupancy"
    label = "occupancy"
    verbose_name = _("Bewoning en registratie")
