from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """Party types of DOMAIN §3.9."""

    MUNICIPALITY = "municipality", _("Gemeente")
    PROVINCE = "province", _("Provincie")
    REGION = "region", _("Regio (samenwerkingsverband)")
    HOUSING_PROVIDER = "housing_provider", _("Huisvester")
    EMPLOYMENT_AGENCY = "employment_agency", _("Uitzendbureau")
    EMPLOYER = "employer", _("Werkgever / inlener")
    UNION = "union", _("Vakbond")
    NGO = "ngo", _("Maatschappelijke organisatie")
    OTHER = "other", _("Overig")


MARKET_KINDS = frozenset(
    {OrganisationKind.HOUSING_PROVIDER, OrganisationKind.EMPLOYMENT_AGENCY, OrganisationKind.EMPLOYER}
)


class CertificationScheme(models.TextChoices):
    SNF = "snf", _("SNF (Stichting Normering Flexwonen)")
    AKF = "akf", _("AKF (Agrarisch Keurmerk Flexwonen)")
    NEN_4400_1 = "nen_4400_1", _("NEN 4400-1")
    AGENCY = "agency", _("Certificering uitzendbureaus")


class AgreementTopic(models.TextChoices):
    """The subjects a regional convenant makes agreements about (DOMAIN §3.9, seeds 001 and 004)."""

    REGISTRATION = "registration", _("Registratie in de BRP")
    HOUSING_QUALITY = "housing_quality", _("Kwaliteit van nieuwe huisvesting")
    MANAGEMENT = "management", _("Beheer van locaties")
    UNEMPLOYMENT_HOMELESSNESS = "unemployment_homelessness", _("Voorkomen van werkloosheid en dakloosheid")
    PLACES_VS_WORKERS = "places_vs_workers", _("Plaatsen naar werknemers in de regio")
    SELF_RELIANCE = "self_reliance", _("Zelfredzaamheid")
    RULE_80_10_10 = "rule_80_10_10", _("80-10-10-regel")
    OTHER = "other", _("Overig")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_AGENDA = "on_agenda", _("Geagendeerd")
    DISCUSSED = "discussed", _("Besproken")
    CLOSED = "closed", _("Afgehandeld")


OPEN_SIGNAL_STATUSES = (SignalStatus.OPEN, SignalStatus.ON_AGENDA)
