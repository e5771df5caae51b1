"""Areas as a user may see them: the scope check, the user's own area, the areas they may choose, and the area a
request asks for with `?gebied=`.

An area is shown whole or not at all: every one of its municipalities must lie in the user's scope, except the
user's own province, region or municipality, which is theirs even before any municipality is linked to it. A market
party sees no area figures at all (DOMAIN §1).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from zicht.core.roles import ScopeKind
from zicht.core.scopes import Scope, scope_of, visible_municipalities

from ..models import Municipality, Province, Region
from .base import COUNTRY_CODE, Area, AreaKind, UnknownArea, resolve_area

AREA_PARAMETER = "gebied"


def _is_own_area(scope: Scope, area: Area) -> bool:
    """The user's own province, region or municipality, or a district or neighbourhood of their municipality."""
    own = {
        AreaKind.PROVINCE: scope.province_id,
        AreaKind.REGION: scope.region_id,
        AreaKind.MUNICIPALITY: scope.municipality_id,
    }
    if area.within_municipality:
        return scope.municipality_id is not None and area.municipality_ids == (scope.municipality_id,)
    return own.get(area.kind) is not None and own[area.kind] == area.pk


def area_for_user(user, code: str | None) -> Area:
    """The area `code` names if every one of its municipalities lies in what `user` may see; Http404 otherwise (also
    for an unknown code, so nobody can probe which areas exist); PermissionDenied for a market party."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.ORGANISATION:
        raise PermissionDenied
    try:
        area = resolve_area(code)
    except UnknownArea:
        raise Http404(f"unknown area {code!r}") from None
    if scope.is_none:
        raise Http404
    if scope.kind != ScopeKind.INSTALLATION and not _is_own_area(scope, area):
        visible = set(visible_municipalities(user).values_list("pk", flat=True))
        # An area without municipalities says nothing about any scope: only the installation sees it.
        if not area.municipality_ids or not set(area.municipality_ids) <= visible:
            raise Http404
    return area


def _require_area_user(user) -> Scope:
    """The user's scope; PermissionDenied for a market party or a user without an area."""
    scope = scope_of(user)
    if scope.is_none or scope.kind == ScopeKind.ORGANISATION:
        raise PermissionDenied
    return scope


def default_area_code(user) -> str | None:
    """The user's own municipality, region (slug) or province; None for the installation, who choose."""
    scope = _require_area_user(user)
    if scope.kind == ScopeKind.MUNICIPALITY:
        return Municipality.objects.values_list("code", flat=True).get(pk=scope.municipality_id)
    if scope.kind == ScopeKind.REGION:
        return Region.objects.values_list("slug", flat=True).get(pk=scope.region_id)
    if scope.kind == ScopeKind.PROVINCE:
        return Province.objects.values_list("code", flat=True).get(pk=scope.province_id)
    return None


def default_area(user) -> Area | None:
    """The user's own area; None for the installation."""
    code = default_area_code(user)
    return area_for_user(user, code) if code is not None else None


def chosen_area(request, *, parameter: str = AREA_PARAMETER, fallback: str | None = None) -> Area | None:
    """The area of `?gebied=` (or the user's own, else `fallback`), scope-checked; None when an installation user
    has chosen none and there is no fallback."""
    code = request.GET.get(parameter) or default_area_code(request.user) or fallback
    return area_for_user(request.user, code) if code else None


def _wholly_visible(queryset: QuerySet, visible: QuerySet, own_pk: int | None) -> QuerySet:
    """Provinces or regions with at least one municipality, all of them in `visible`; and the user's own."""
    return (
        queryset.annotate(
            members=Count("municipalities", distinct=True),
            seen=Count("municipalities", filter=Q(municipalities__in=visible), distinct=True),
        )
        .filter(Q(members__gt=0, members=F("seen")) | Q(pk=own_pk))
        .order_by("name")
    )


def area_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The areas `user` may choose, grouped for the area picker: [(group label, [(code, label), ...]), ...]."""
    scope = _require_area_user(user)
    visible = visible_municipalities(user)
    groups = []
    if scope.kind == ScopeKind.INSTALLATION:
        groups.append((_("Alle gemeenten"), [(COUNTRY_CODE, _("Nederland"))]))
    provinces = [
        (p.code, p.name) for p in _wholly_visible(Province.objects.all(), visible.values("pk"), scope.province_id)
    ]
    regions = [(r.slug, r.name) for r in _wholly_visible(Region.objects.all(), visible.values("pk"), scope.region_id)]
    municipalities = [(m.code, m.name) for m in visible]
    for label, options in ((_("Provincies"), provinces), (_("Regio's"), regions), (_("Gemeenten"), municipalities)):
        if options:
            groups.append((label, options))
    return groups


def offers_a_choice(choices: list[tuple[str, list[tuple[str, str]]]]) -> bool:
    """True when the picker has more than one area to offer, so a page shows it."""
    return sum(len(options) for _label, options in choices) > 1
