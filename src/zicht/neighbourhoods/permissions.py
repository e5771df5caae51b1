"""Who may read neighbourhood profiles and plans and who may write plans, answered from scope and role.

Municipal staff (and administrators) read the profiles and plans of their municipality; region and province staff
read those of their area, with small report counts suppressed. Market parties see neither. Plans and their measures
are written by the municipality's policy officers and by administrators.
"""

from __future__ import annotations

import rules

from zicht.core.permissions import is_administrator
from zicht.core.roles import MUNICIPAL_ROLES, Role, ScopeKind
from zicht.core.scopes import scope_of, visible_municipalities

READING_SCOPES = frozenset({ScopeKind.MUNICIPALITY, ScopeKind.REGION, ScopeKind.PROVINCE, ScopeKind.INSTALLATION})


@rules.predicate
def may_read_neighbourhoods(user) -> bool:
    """Government staff with an area (and administrators) read profiles and plans; market parties do not."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.MUNICIPALITY:
        return user.role in MUNICIPAL_ROLES
    return scope.kind in READING_SCOPES


def _may_read_municipality(user, municipality_id: int | None) -> bool:
    return (
        municipality_id is not None
        and may_read_neighbourhoods(user)
        and visible_municipalities(user).filter(pk=municipality_id).exists()
    )


@rules.predicate
def may_read_profile(user, neighbourhood) -> bool:
    return neighbourhood is not None and _may_read_municipality(user, neighbourhood.municipality_id)


@rules.predicate
def may_read_plan(user, plan) -> bool:
    return plan is not None and _may_read_municipality(user, plan.municipality_id)


@rules.predicate
def may_write_plans(user) -> bool:
    """Policy officers of a municipality and administrators write plans (which municipality: see may_edit_plans_of)."""
    scope = scope_of(user)
    if scope.is_none:
        return False
    return bool(is_administrator(user)) or (scope.kind == ScopeKind.MUNICIPALITY and user.role == Role.POLICY_OFFICER)


def may_edit_plans_of(user, municipality_id: int | None) -> bool:
    """Plans of this municipality: its policy officers and administrators."""
    if municipality_id is None or not may_write_plans(user):
        return False
    if is_administrator(user):
        return True
    return scope_of(user).municipality_id == municipality_id


@rules.predicate
def may_edit_plan(user, plan) -> bool:
    return plan is not None and may_edit_plans_of(user, plan.municipality_id)


rules.add_perm("neighbourhoods.view_profile", may_read_profile)
rules.add_perm("neighbourhoods.view_neighbourhoodplan", may_read_plan)
rules.add_perm("neighbourhoods.add_neighbourhoodplan", may_write_plans)
rules.add_perm("neighbourhoods.change_neighbourhoodplan", may_edit_plan)
