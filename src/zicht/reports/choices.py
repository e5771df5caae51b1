"""Choices of the reports app (DOMAIN §3.5); the values are the API contract."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a report is about; at least the categories of DOMAIN §3.5."""

    WASTE = "waste", _("Afval naast containers (bijplaatsing)")
    NOISE = "noise", _("Geluidsoverlast")
    PARKING = "parking", _("Parkeeroverlast")
    OVERCROWDING = "overcrowding", _("Overbewoning / illegale kamerverhuur")
    UNSAFE_HOUSING = "unsafe_housing", _("Onveilige of slechte huisvesting")
    EXPLOITATION = "exploitation", _("Uitbuiting of misstand")
    ADDRESS_FRAUD = "address_fraud", _("Adresfraude")
    OTHER = "other", _("Overig")


class Department(models.TextChoices):
    """The department a category routes to by default."""

    WASTE = "waste", _("Afval en reiniging")
    NEIGHBOURHOOD = "neighbourhood", _("Wijkteam")
    PARKING = "parking", _("Parkeren en verkeer")
    HOUSING_INSPECTION = "housing_inspection", _("Toezicht kamerverhuur en huisvesting")
    SAFETY = "safety", _("Openbare orde en veiligheid")
    ADDRESS_INVESTIGATION = "address_investigation", _("Adresonderzoek BRP")


class ReportStatus(models.TextChoices):
    """The course of a report, modelled on Signalen; transitions in workflow.py."""

    REPORTED = "reported", _("Gemeld")
    IN_PROGRESS = "in_progress", _("In behandeling")
    PLANNED = "planned", _("Ingepland")
    FORWARDED = "forwarded", _("Doorgezet")
    HANDLED = "handled", _("Afgehandeld")
    CANCELLED = "cancelled", _("Geannuleerd")
    REOPENED = "reopened", _("Heropend")


class ReporterKind(models.TextChoices):
    RESIDENT = "resident", _("Bewoner")
    MIGRANT = "migrant", _("Arbeidsmigrant")
    OWNERS_ASSOCIATION = "owners_association", _("Vereniging van eigenaren (VvE)")
    INSPECTOR = "inspector", _("Toezichthouder")
    POLICE = "police", _("Politie")
    PARTNER = "partner", _("Partner")
    UNKNOWN = "unknown", _("Onbekend")


class Channel(models.TextChoices):
    WEB = "web", _("Webformulier")
    API = "api", _("API")
    PORTAL = "portal", _("Portaal arbeidsmigranten")
    STAFF = "staff", _("Medewerker (telefoon, balie, buitendienst)")


class Period(models.TextChoices):
    """How the dashboard groups counts over time."""

    WEEK = "week", _("Week")
    MONTH = "month", _("Maand")
    QUARTER = "quarter", _("Kwartaal")
