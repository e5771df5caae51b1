"""Who may raise and handle signals and keep a convenant's meetings and signatories, answered from scope and role."""

from __future__ import annotations

import rules

from zicht.core.permissions import is_administrator
from zicht.core.roles import Role, ScopeKind
from zicht.core.scopes import scope_of

# Municipal roles that raise and follow up signals; inspectors and lawyers read them.
SIGNAL_ROLES = frozenset({Role.POLICY_OFFICER, Role.REGISTRATION_OFFICER})


def is_member_municipality(region_id: int, municipality_id: int | None) -> bool:
    """True when the municipality belongs to the region."""
    from zicht.geography.models import Region

    return Region.municipalities.through.objects.filter(region_id=region_id, municipality_id=municipality_id).exists()


def _is_coordinator_of(user, region_id: int) -> bool:
    scope = scope_of(user)
    return scope.kind == ScopeKind.REGION and user.role == Role.REGIONAL_COORDINATOR and scope.region_id == region_id


@rules.predicate
def may_raise_signals(user) -> bool:
    """Municipal signal roles and regional coordinators raise signals (where, is asked per convenant)."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.MUNICIPALITY:
        return user.role in SIGNAL_ROLES
    return scope.kind == ScopeKind.REGION and user.role == Role.REGIONAL_COORDINATOR


@rules.predicate
def may_raise_signal(user, convenant) -> bool:
    """Staff of a member municipality, or the region's coordinator, raise a signal under the region's convenant."""
    if convenant is None or not may_raise_signals(user):
        return False
    scope = scope_of(user)
    if scope.kind == ScopeKind.MUNICIPALITY:
        return is_member_municipality(convenant.region_id, scope.municipality_id)
    return _is_coordinator_of(user, convenant.region_id)


@rules.predicate
def may_handle_signal(user, signal) -> bool:
    """The region's coordinator, or signal staff of the municipality that raised it, change its status."""
    if signal is None:
        return False
    if _is_coordinator_of(user, signal.convenant.region_id):
        return True
    scope = scope_of(user)
    return (
        scope.kind == ScopeKind.MUNICIPALITY
        and user.role in SIGNAL_ROLES
        and scope.municipality_id == signal.raised_by_municipality_id
    )


@rules.predicate
def may_manage_convenant(user, convenant) -> bool:
    """The region's coordinator and administrators plan meetings and record signatures."""
    if convenant is None:
        return False
    return bool(is_administrator(user)) or _is_coordinator_of(user, convenant.region_id)
