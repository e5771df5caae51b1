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
