"""Reads of the core app: what a user's landing page shows."""

from __future__ import annotations

from django.db.models import Count

from zicht.geography.models import Municipality, Region

from .models import ApiToken, AuditEvent, User
from .roles import ScopeKind
from .scopes import scope_of, visible_municipalities


def dashboard_for(user: User) -> dict:
    """The figures of the landing page for `user`'s role and scope."""
    scope = scope_of(user)
    context: dict = {"scope": scope, "role_label": user.get_role_display()}
    municipalities = visible_municipalities(user)
    if scope.kind == ScopeKind.PROVINCE:
        context["province"] = user.scope_province
        context["municipalities"] = municipalities.annotate(region_count=Count("regions"))
        context["regions"] = (
            Region.objects.filter(municipalities__province_id=scope.province_id)
            .annotate(municipality_count=Count("municipalities", distinct=True))
            .distinct()
            .order_by("name")
        )
    elif scope.kind == ScopeKind.REGION:
        context["region"] = user.scope_region
        context["municipalities"] = municipalities.select_related("province")
    elif scope.kind == ScopeKind.MUNICIPALITY:
        municipality = user.scope_municipality
        context["municipality"] = municipality
        context["districts"] = municipality.districts.annotate(neighbourhood_count=Count("neighbourhoods"))
        context["regions"] = municipality.regions.all()
        context["address_count"] = municipality.addresses.count()
    elif scope.kind == ScopeKind.ORGANISATION:
        context["organisation"] = user.organisation
        context["certifications"] = user.organisation.certifications.all() if user.organisation else []
    elif scope.kind == ScopeKind.INSTALLATION:
        context["counts"] = {
            "municipalities": Municipality.objects.count(),
            "regions": Region.objects.count(),
            "users": User.objects.filter(is_api_client=False).count(),
            "api_clients": User.objects.filter(is_api_client=True).count(),
            "active_tokens": ApiToken.objects.filter(revoked_at__isnull=True).count(),
        }
        context["recent_events"] = AuditEvent.objects.select_related("actor")[:10]
    return context
