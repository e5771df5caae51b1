"""Who may create, edit and review locations: answered from scope and role, as `rules` predicates."""

from __future__ import annotations

import rules

from zicht.core.permissions import is_administrator
from zicht.core.roles import Role, ScopeKind
from zicht.core.scopes import scope_of

from .choices import LocationStatus

# Municipal roles that keep the register; inspectors and lawyers read it.
REGISTER_ROLES = frozenset({Role.POLICY_OFFICER, Role.REGISTRATION_OFFICER})


def is_market_party(user) -> bool:
    return scope_of(user).kind == ScopeKind.ORGANISATION


@rules.predicate
def may_create_location(user) -> bool:
    scope = scope_of(user)
    if scope.is_none:
        return False
    if scope.kind == ScopeKind.ORGANISATION:
        return True  # a market party registers its own initiatives
    return is_administrator(user) or (scope.kind == ScopeKind.MUNICIPALITY and user.role in REGISTER_ROLES)


@rules.predicate
def may_edit_location(user, location) -> bool:
    scope = scope_of(user)
    if location is None or scope.is_none:
        return False
    if scope.kind == ScopeKind.ORGANISATION:
        # A market party edits only its own initiative, and only while it is one.
        return location.registered_by_id == scope.organisation_id and location.status == LocationStatus.INITIATIVE
    if is_administrator(user):
        return True
    return (
        scope.kind == ScopeKind.MUNICIPALITY
        and user.role in REGISTER_ROLES
        and location.municipality_id == scope.municipality_id
    )


@rules.predicate
def may_review_location(user, location) -> bool:
    """The municipality reviews initiatives that market parties registered."""
    if location is None or location.registered_by_id is None or is_market_party(user):
        return False
    return may_edit_location(user, location)


@rules.predicate
def may_change_status(user, location) -> bool:
    return not is_market_party(user) and may_edit_location(user, location)


rules.add_perm("housing.add_location", may_create_location)
rules.add_perm("housing.change_location", may_edit_location)
rules.add_perm("housing.review_location", may_review_location)
rules.add_perm("housing.change_location_status", may_change_status)
