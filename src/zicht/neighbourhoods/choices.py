"""Choices of neighbourhood plans (DOMAIN §3.6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("In voorbereiding")
    ADOPTED = "adopted", _("Vastgesteld")
    RUNNING = "running", _("In uitvoering")
    EVALUATED = "evaluated", _("Geëvalueerd")


class MeasureKind(models.TextChoices):
    """Kinds of measure; the first four are the examples of seed 003."""

    ROOM_RENTAL_STOP = "room_rental_stop", _("Stop op kamerverhuur")
    OWNERS_ASSOCIATIONS = "owners_associations", _("Verenigingen van eigenaren informeren")
    WASTE_APPROACH = "waste_approach", _("Aanpak afval en bijplaatsingen")
    CAMERA_PILOT = "camera_pilot", _("Pilot cameratoezicht")
    NEIGHBOURHOOD_MAKER = "neighbourhood_maker", _("Buurtmaker")
    ENFORCEMENT = "enforcement", _("Extra toezicht en handhaving")
    OTHER = "other", _("Overig")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    RUNNING = "running", _("Loopt")
    DONE = "done", _("Afgerond")
    STOPPED = "stopped", _("Gestopt")
