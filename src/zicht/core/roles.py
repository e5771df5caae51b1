"""The roles of DOMAIN §1 and the kind of scope each role carries."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_DIRECTOR = "province_director", _("Provinciaal procesregisseur")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regionaal kwartiermaker")
    POLICY_OFFICER = "policy_officer", _("Gemeentelijk beleidsmedewerker")
    REGISTRATION_OFFICER = "registration_officer", _("Adresonderzoeker (registratie)")
    INSPECTOR = "inspector", _("Toezichthouder")
    ENFORCEMENT_LAWYER = "enforcement_lawyer", _("Handhavingsjurist")
    MARKET_PARTY = "market_party", _("Marktpartij")
    ADMINISTRATOR = "administrator", _("Beheerder")


class ScopeKind(models.TextChoices):
    INSTALLATION = "installation", _("Hele installatie")
    PROVINCE = "province", _("Provincie")
    REGION = "region", _("Regio")
    MUNICIPALITY = "municipality", _("Gemeente")
    ORGANISATION = "organisation", _("Eigen organisatie")


SCOPE_OF_ROLE: dict[str, str] = {
    Role.PROVINCE_DIRECTOR: ScopeKind.PROVINCE,
    Role.REGIONAL_COORDINATOR: ScopeKind.REGION,
    Role.POLICY_OFFICER: ScopeKind.MUNICIPALITY,
    Role.REGISTRATION_OFFICER: ScopeKind.MUNICIPALITY,
    Role.INSPECTOR: ScopeKind.MUNICIPALITY,
    Role.ENFORCEMENT_LAWYER: ScopeKind.MUNICIPALITY,
    Role.MARKET_PARTY: ScopeKind.ORGANISATION,
    Role.ADMINISTRATOR: ScopeKind.INSTALLATION,
}

# Person-level data of a municipality is for these roles of that municipality only (DOMAIN §1, §5).
PERSON_DATA_ROLES = frozenset({Role.REGISTRATION_OFFICER, Role.INSPECTOR, Role.ENFORCEMENT_LAWYER})
MUNICIPAL_ROLES = frozenset({Role.POLICY_OFFICER, Role.REGISTRATION_OFFICER, Role.INSPECTOR, Role.ENFORCEMENT_LAWYER})
