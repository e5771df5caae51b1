"""Reads of the core app: what a user's landing page shows."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.geography.models import Municipality, Province, Region
from zicht.parties.models import Organisation
from zicht.parties.selectors import (
    EXPIRY_WARNING_DAYS,
    STATUS_EXPIRED,
    STATUS_EXPIRING,
    certifications_with_status,
)

from .key_figures import area_key_figures
from .models import ApiToken, AuditEvent, User
from .roles import Role, ScopeKind
from .scopes import scope_of, visible_municipalities

# What each role does in Zicht, shown under the heading of the landing page (DOMAIN §1).
ROLE_DESCRIPTIONS = {
    Role.PROVINCE_DIRECTOR: _(
        "U volgt de gemeenten en regio's van de provincie: wie er woont en in de BRP staat ingeschreven, en hoeveel "
        "bedden er in gebruik en gepland zijn."
    ),
    Role.REGIONAL_COORDINATOR: _(
        "U werkt aan het convenant met marktpartijen en volgt bewoning en aanbod van huisvesting in de regio."
    ),
    Role.POLICY_OFFICER: _(
        "U beheert het huisvestingsregister en volgt bewoning, aanbod, meldingen en wijkprofielen van uw gemeente."
    ),
    Role.REGISTRATION_OFFICER: _(
        "U onderzoekt adressen en registratie: wie er woont maar niet ingeschreven staat, en overbewoonde adressen."
    ),
    Role.INSPECTOR: _("U bekijkt de huisvestingslocaties, hun bewoning en de meldingen in uw gemeente."),
    Role.ENFORCEMENT_LAWYER: _("U bekijkt de huisvestingslocaties, hun bewoning en de meldingen in uw gemeente."),
    Role.MARKET_PARTY: _(
        "U registreert de locaties van uw organisatie, levert bewoningsgegevens aan en houdt uw keurmerken actueel."
    ),
    Role.ADMINISTRATOR: _("U beheert gebruikers, API-toegang en referentiegegevens van deze installatie."),
}


def dashboard_for(user: User) -> dict:
    """The figures of the landing page for `user`'s role and scope."""
    scope = scope_of(user)
    role = Role(Role.ADMINISTRATOR if user.is_superuser else user.role)
    context: dict = {
        "scope": scope,
        "role_label": role.label,
        "role_description": ROLE_DESCRIPTIONS.get(role, ""),
    }
    municipalities = visible_municipalities(user)
    # scope_of() gives a province, region or municipality scope only to a user who has that area.
    if scope.kind == ScopeKind.PROVINCE and user.scope_province is not None:
        context.update(_province_figures(user, user.scope_province))
        context["municipality_count"] = municipalities.count()
    elif scope.kind == ScopeKind.REGION:
        context["region"] = user.scope_region
        context["municipalities"] = municipalities.select_related("province")
    elif scope.kind == ScopeKind.MUNICIPALITY and user.scope_municipality is not None:
        context.update(_municipality_figures(user.scope_municipality))
    elif scope.kind == ScopeKind.ORGANISATION:
        context["organisation"] = user.organisation
        certifications = certifications_with_status(user.organisation) if user.organisation else []
        context["certifications"] = certifications
        statuses = Counter(certification.status for certification in certifications)
        context["certification_counts"] = {
            "total": len(certifications),
            "expiring": statuses[STATUS_EXPIRING],
            "expired": statuses[STATUS_EXPIRED],
        }
        context["expiry_warning_days"] = EXPIRY_WARNING_DAYS
    elif scope.kind == ScopeKind.INSTALLATION:
        context["counts"] = {
            "municipalities": Municipality.objects.count(),
            "organisations": Organisation.objects.count(),
            "regions": Region.objects.count(),
            "users": User.objects.filter(is_api_client=False).count(),
            "api_clients": User.objects.filter(is_api_client=True).count(),
            "active_tokens": ApiToken.objects.filter(revoked_at__isnull=True).count(),
        }
        context["recent_events"] = AuditEvent.objects.select_related("actor")[:10]
    return context


def _province_figures(user: User, province: Province) -> dict:
    regions = (
        Region.objects.filter(municipalities__province=province)
        .annotate(municipality_count=Count("municipalities", distinct=True))
        .distinct()
        .order_by("name")
    )
    return {
        "province": province,
        "today": timezone.localdate(),
        "key_figures": area_key_figures(user, province.code),
        "regions": [{"region": r, "figures": area_key_figures(user, r.slug)} for r in regions],
    }


def _municipality_figures(municipality: Municipality) -> dict:
    return {
        "municipality": municipality,
        "districts": municipality.districts.annotate(neighbourhood_count=Count("neighbourhoods")),
        "regions": municipality.regions.all(),
        "neighbourhood_count": municipality.neighbourhoods.count(),
        "address_count": municipality.addresses.count(),
    }
