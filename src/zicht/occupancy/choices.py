"""Choices of the occupancy app (DOMAIN §3.2, §4.1, §4.5); the values are the import and API contract."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResidenceSource(models.TextChoices):
    OCCUPANCY_LIST = "occupancy_list", _("Bewonerslijst van huisvester of uitzendbureau")
    BRP = "brp", _("BRP")
    INSPECTION = "inspection", _("Controle")
    OWN_STATEMENT = "own_statement", _("Eigen verklaring")


class BrpRegistration(models.TextChoices):
    RESIDENT = "resident", _("Ingeschreven in de BRP (ingezetene)")
    RNI = "rni", _("RNI (niet-ingezetene)")


class StayCategory(models.TextChoices):
    SHORT = "short", _("Short stay")
    MID = "mid", _("Mid stay")
    LONG = "long", _("Long stay")


class DistributionVerdict(models.TextChoices):
    COMPLIANT = "compliant", _("Voldoet aan 80-10-10")
    NOT_COMPLIANT = "not_compliant", _("Voldoet niet aan 80-10-10")
    INSUFFICIENT_DATA = "insufficient_data", _("Onvoldoende gegevens")


class UploadKind(models.TextChoices):
    OCCUPANCY = "occupancy", _("Bewonerslijst")
    BRP = "brp", _("BRP-uittreksel")


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    REJECTED = "rejected", _("Afgekeurd")
    DONE = "done", _("Verwerkt")
    # Not the file's fault: the processing stopped (a restart) or broke; the file may be sent again as it is.
    FAILED = "failed", _("Mislukt")


class UploadFailure(models.TextChoices):
    INTERRUPTED = "interrupted", _("Onderbroken")
    ERROR = "error", _("Onverwachte fout")


class UploadChannel(models.TextChoices):
    WEB = "web", _("Website")
    API = "api", _("API")
    CLI = "cli", _("Opdrachtregel")


class EstimateMeasure(models.TextChoices):
    LIVING = "living", _("Wonend")
    WORKING = "working", _("Werkend")
    BRP_REGISTERED = "brp_registered", _("Ingeschreven in de BRP")
    WORKING_IN_RESIDENCE_SHARE = "working_in_residence_share", _("Aandeel dat in de woongemeente werkt (%)")


class BlockRegistrationStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    PLANNED = "planned", _("Ingepland")
    DECLINED = "declined", _("Afgewezen")
    COMPLETED = "completed", _("Uitgevoerd")
    CANCELLED = "cancelled", _("Geannuleerd")
