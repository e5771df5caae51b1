"""`rules` predicates: the object-level questions pages and API ask, answered from the user's scope."""

from __future__ import annotations

import rules

from .roles import MUNICIPAL_ROLES, Role
from .scopes import may_see_person_data, scope_of, visible_municipalities


@rules.predicate
def is_administrator(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMINISTRATOR))


@rules.predicate
def has_scope(user) -> bool:
    return not scope_of(user).is_none


@rules.predicate
def in_municipal_role(user) -> bool:
    return bool(user.is_authenticated and user.role in MUNICIPAL_ROLES)


@rules.predicate
def can_see_municipality(user, municipality) -> bool:
    if municipality is None:
        return False
    return visible_municipalities(user).filter(pk=municipality.pk).exists()


@rules.predicate
def can_see_person_data_of(user, municipality) -> bool:
    return municipality is not None and may_see_person_data(user, municipality.pk)


rules.add_perm("geography.view_municipality_data", has_scope & can_see_municipality)
rules.add_perm("core.view_person_data", can_see_person_data_of)
rules.add_perm("core.view_auditlog", is_administrator)
rules.add_perm("core.manage_api_tokens", is_administrator)
