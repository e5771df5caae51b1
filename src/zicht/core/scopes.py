"""The one place that turns a user into what they may see.

Every list, detail, export and API endpoint filters its queryset through `scoped()` (or `scoped_person_data()` for
person-level data). A model says where its municipality and, where market parties may see it, its organisation
lives by passing lookup paths, e.g. `scoped(Address.objects.all(), user, municipality="municipality")`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .roles import MUNICIPAL_ROLES, PERSON_DATA_ROLES, Role, ScopeKind

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    kind: str
    province_id: int | None = None
    region_id: int | None = None
    municipality_id: int | None = None
    organisation_id: int | None = None

    @property
    def is_none(self) -> bool:
        return self.kind == "none"


NO_SCOPE = Scope(kind="none")


def scope_of(user) -> Scope:
    """The scope a user (or API client) works in; an anonymous or inactive user has none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    kind = user.scope_kind
    if kind == ScopeKind.INSTALLATION:
        return Scope(kind=kind)
    scope = Scope(
        kind=kind,
        province_id=user.scope_province_id if kind == ScopeKind.PROVINCE else None,
        region_id=user.scope_region_id if kind == ScopeKind.REGION else None,
        municipality_id=user.scope_municipality_id if kind == ScopeKind.MUNICIPALITY else None,
        organisation_id=user.organisation_id if kind == ScopeKind.ORGANISATION else None,
    )
    # A role without the area or organisation it needs sees nothing rather than everything.
    if not any((scope.province_id, scope.region_id, scope.municipality_id, scope.organisation_id)):
        return NO_SCOPE
    return scope


def municipality_q(scope: Scope, path: str | None) -> Q:
    """Rows whose municipality (at lookup `path`, or the Municipality row itself when None) lies in the area."""
    from zicht.geography.models import Region

    id_lookup = f"{path}_id" if path else "pk"
    if scope.kind == ScopeKind.INSTALLATION:
        return Q()
    if scope.kind == ScopeKind.MUNICIPALITY:
        return Q(**{id_lookup: scope.municipality_id})
    if scope.kind == ScopeKind.PROVINCE:
        return Q(**{f"{path}__province_id" if path else "province_id": scope.province_id})
    if scope.kind == ScopeKind.REGION:
        members = Region.municipalities.through.objects.filter(region_id=scope.region_id).values("municipality_id")
        return Q(**{f"{id_lookup}__in": members})
    return NOTHING


def scope_q(user, *, municipality: str | None = "municipality", organisation: str | None = None) -> Q:
    """The filter for `user` on a model whose municipality and organisation lie at the given lookup paths."""
    scope = scope_of(user)
    if scope.is_none:
        return NOTHING
    if scope.kind == ScopeKind.ORGANISATION:
        if not organisation:
            return NOTHING
        # "pk" scopes the Organisation model itself: a market party sees its own organisation.
        lookup = "pk" if organisation == "pk" else f"{organisation}_id"
        return Q(**{lookup: scope.organisation_id})
    if municipality is None:
        return Q() if scope.kind == ScopeKind.INSTALLATION else NOTHING
    return municipality_q(scope, municipality)


def scoped(
    queryset: QuerySet, user, *, municipality: str | None = "municipality", organisation: str | None = None
) -> QuerySet:
    """`queryset` narrowed to what `user` may see."""
    return queryset.filter(scope_q(user, municipality=municipality, organisation=organisation))


def visible_municipalities(user) -> QuerySet:
    """The municipalities whose data `user` may see (a market party: none by area)."""
    from zicht.geography.models import Municipality

    scope = scope_of(user)
    if scope.is_none or scope.kind == ScopeKind.ORGANISATION:
        return Municipality.objects.none()
    return Municipality.objects.filter(municipality_q(scope, None)).order_by("name")


def may_see_person_data(user, municipality_id: int | None) -> bool:
    """Person-level data of a municipality: only its registration and enforcement roles (DOMAIN §1, §5)."""
    scope = scope_of(user)
    return (
        not scope.is_none
        and user.role in PERSON_DATA_ROLES
        and scope.kind == ScopeKind.MUNICIPALITY
        and municipality_id is not None
        and scope.municipality_id == municipality_id
    )


def scoped_person_data(queryset: QuerySet, user, *, municipality: str = "municipality") -> QuerySet:
    """`queryset` of person-level rows narrowed to the user's own municipality, if their role may see them."""
    scope = scope_of(user)
    if scope.is_none or user.role not in PERSON_DATA_ROLES or scope.kind != ScopeKind.MUNICIPALITY:
        return queryset.none()
    return queryset.filter(**{f"{municipality}_id": scope.municipality_id})


def owns_aggregates_of(user, municipality_id: int | None) -> bool:
    """True when `user` is the owning municipality's registration role: small numbers need not be suppressed."""
    return may_see_person_data(user, municipality_id) and user.role == Role.REGISTRATION_OFFICER


def is_municipal(user) -> bool:
    return scope_of(user).kind == ScopeKind.MUNICIPALITY and user.role in MUNICIPAL_ROLES
