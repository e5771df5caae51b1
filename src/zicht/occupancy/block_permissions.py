"""Who may request, plan, decline, complete and cancel block registrations: answered from scope and role."""

from __future__ import annotations

import rules

from zicht.core.roles import Role, ScopeKind
from zicht.core.scopes import scope_of
from zicht.parties.choices import OrganisationKind

# Market parties that bring groups of workers to the town hall (seed 003: certified agencies; housing providers
# that house an agency's workers do the same).
REQUESTING_KINDS = frozenset({OrganisationKind.EMPLOYMENT_AGENCY, OrganisationKind.HOUSING_PROVIDER})
# Municipal roles that plan sessions and record their outcome.
HANDLING_ROLES = frozenset({Role.POLICY_OFFICER, Role.REGISTRATION_OFFICER})
# Municipal roles that register persons on location during an inspection.
ON_LOCATION_ROLES = frozenset({Role.REGISTRATION_OFFICER, Role.INSPECTOR})


def requesting_organisation(user):
    """The market party's own organisation when it is one that may request sessions, else None."""
    scope = scope_of(user)
    if scope.kind != ScopeKind.ORGANISATION or user.organisation is None:
        return None
    return user.organisation if user.organisation.kind in REQUESTING_KINDS else None


@rules.predicate
def may_request_block_registration(user) -> bool:
    """An employment agency or housing provider requests a session for its own group."""
    return requesting_organisation(user) is not None


@rules.predicate
def may_record_on_location(user) -> bool:
    """Registration and inspection staff of a municipality record registrations made on location."""
    scope = scope_of(user)
    return scope.kind == ScopeKind.MUNICIPALITY and user.role in ON_LOCATION_ROLES


@rules.predicate
def may_handle_block_registration(user, block) -> bool:
    """Staff of the session's municipality plan, decline and complete it."""
    if block is None:
        return False
    scope = scope_of(user)
    return (
        scope.kind == ScopeKind.MUNICIPALITY
        and user.role in HANDLING_ROLES | ON_LOCATION_ROLES
        and scope.municipality_id == block.municipality_id
    )


@rules.predicate
def may_cancel_block_registration(user, block) -> bool:
    """The municipality, or the agency that asked for it, cancels a session (the workflow says until when)."""
    if block is None:
        return False
    if may_handle_block_registration(user, block):
        return True
    scope = scope_of(user)
    return scope.kind == ScopeKind.ORGANISATION and scope.organisation_id == block.agency_id


rules.add_perm("occupancy.add_blockregistration", may_request_block_registration | may_record_on_location)
rules.add_perm("occupancy.handle_blockregistration", may_handle_block_registration)
rules.add_perm("occupancy.cancel_blockregistration", may_cancel_block_registration)
