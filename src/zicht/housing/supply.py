"""The supply of places (aanbod) per municipality, region, province or the whole installation (DOMAIN §3.1, §3.4).

Definitions, all on the locations' current status and stored norm verdict:
- existing capacity: the beds (`capacity_beds`) of locations in use;
- planned capacity: the beds of locations with a planned status (initiative, permit requested, permitted), by the
  year of their expected delivery; a planned location without that date counts under "year unknown";
- capacity below norm (replacement demand): the beds of locations in use whose norm verdict is "fail";
- unknown norm: the beds of locations in use that have not been assessed; shown apart, never counted as fine.
Closed locations count nowhere. Everything is summed by the database. The forecasting app (need vs supply) reads
`supply_by_stay_type` and `planned_by_year` for an `Area` it builds with `area_from_code`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils.translation import gettext as _

from zicht.core.roles import ScopeKind
from zicht.core.scopes import Scope, municipality_q, scope_of, visible_municipalities
from zicht.geography.models import Municipality, Province, Region

from .choices import PLANNED_STATUSES, LocationStatus, NormVerdict, StayType
from .models import Location

ALL = "alle"  # the code of the whole installation in `?gebied=`


class AreaKind:
    INSTALLATION = "installation"
    PROVINCE = "province"
    REGION = "region"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Area:
    """A municipality (by CBS code), a region (by slug), a province (by PV code) or the whole installation."""

    kind: str
    code: str
    name: str
    pk: int | None = None

    @property
    def label(self) -> str:
        formats = {
            AreaKind.MUNICIPALITY: _("Gemeente %(name)s"),
            AreaKind.REGION: _("Regio %(name)s"),
            AreaKind.PROVINCE: _("Provincie %(name)s"),
        }
        if self.kind == AreaKind.INSTALLATION:
            return _("Alle gemeenten")
        return formats[self.kind] % {"name": self.name}

    @property
    def has_members(self) -> bool:
        """True for an area of several municipalities, which gets a table per municipality."""
        return self.kind != AreaKind.MUNICIPALITY

    def municipality_q(self, path: str | None = None) -> Q:
        """Rows whose municipality (at lookup `path`, or the Municipality itself when None) lies in the area."""
        # An area is shaped like a scope of the same kind, so the one area filter of zicht.core.scopes serves.
        scope = Scope(
            kind=self.kind,
            province_id=self.pk if self.kind == AreaKind.PROVINCE else None,
            region_id=self.pk if self.kind == AreaKind.REGION else None,
            municipality_id=self.pk if self.kind == AreaKind.MUNICIPALITY else None,
        )
        return municipality_q(scope, path)

    def municipalities(self) -> QuerySet[Municipality]:
        """The member municipalities, by name."""
        return Municipality.objects.filter(self.municipality_q()).order_by("name", "code")


@dataclass(frozen=True)
class SupplyRow:
    """Beds per stay type (or in total, `stay_type` None): in use, planned, in use below norm, in use unassessed."""

    stay_type: str | None
    existing: int = 0
    planned_total: int = 0
    below_norm: int = 0
    unknown_norm: int = 0

    @property
    def label(self) -> str:
        return str(StayType(self.stay_type).label) if self.stay_type else _("Totaal")


# The lookups (on Location) that pick each figure's locations; the sums are of their capacity_beds.
FIGURES: dict[str, dict[str, object]] = {
    "existing": {"status": LocationStatus.IN_USE},
    "planned_total": {"status__in": PLANNED_STATUSES},
    "below_norm": {"status": LocationStatus.IN_USE, "norm_verdict": NormVerdict.FAIL},
    "unknown_norm": {"status": LocationStatus.IN_USE, "norm_verdict": NormVerdict.UNKNOWN},
}


def _figures(prefix: str = "") -> dict[str, Coalesce]:
    """One Sum per figure, over Location itself or over the locations at lookup `prefix` (e.g. "locations__")."""
    return {
        name: Coalesce(
            Sum(f"{prefix}capacity_beds", filter=Q(**{f"{prefix}{key}": value for key, value in lookups.items()})), 0
        )
        for name, lookups in FIGURES.items()
    }


def area_from_code(code: str) -> Area | None:
    """The area a `?gebied=` code names (GM…, PV…, a region slug or "alle"), unscoped; None when unknown."""
    if code == ALL:
        return Area(kind=AreaKind.INSTALLATION, code=ALL, name="")
    if code.startswith("GM"):
        found = Municipality.objects.filter(code=code).values_list("pk", "name").first()
        kind = AreaKind.MUNICIPALITY
    elif code.startswith("PV"):
        found = Province.objects.filter(code=code).values_list("pk", "name").first()
        kind = AreaKind.PROVINCE
    else:
        found = Region.objects.filter(slug=code).values_list("pk", "name").first()
        kind = AreaKind.REGION
    return Area(kind=kind, code=code, name=found[1], pk=found[0]) if found else None


def _require_area_user(user) -> None:
    scope = scope_of(user)
    if scope.is_none or scope.kind == ScopeKind.ORGANISATION:
        # Supply figures are the government's planning picture, not a market party's (DOMAIN §1).
        raise PermissionDenied


def default_area_code(user) -> str:
    """The user's own area: municipality, region or province; the whole installation for installation users."""
    _require_area_user(user)
    scope = scope_of(user)
    if scope.kind == ScopeKind.MUNICIPALITY:
        return Municipality.objects.values_list("code", flat=True).get(pk=scope.municipality_id)
    if scope.kind == ScopeKind.REGION:
        return Region.objects.values_list("slug", flat=True).get(pk=scope.region_id)
    if scope.kind == ScopeKind.PROVINCE:
        return Province.objects.values_list("code", flat=True).get(pk=scope.province_id)
    return ALL


def resolve_area(user, code: str | None) -> Area:
    """The area `code` names if `user` may see all of it (404 otherwise); no code: the user's own area."""
    _require_area_user(user)
    area = area_from_code(code or default_area_code(user))
    if area is None:
        raise Http404
    if scope_of(user).kind == ScopeKind.INSTALLATION:
        return area
    if area.kind == AreaKind.INSTALLATION:
        raise Http404
    if area.pk is not None and area.pk == _own_area_pk(user, area.kind):
        return area  # the user's own area, even before any municipality is linked to it
    # Any other area is shown whole or not at all: every member municipality must lie in the user's scope.
    members = area.municipalities()
    if not members.exists() or members.exclude(pk__in=visible_municipalities(user).values("pk")).exists():
        raise Http404
    return area


def _own_area_pk(user, kind: str) -> int | None:
    """The pk of the user's own province, region or municipality when `kind` is that kind of area."""
    scope = scope_of(user)
    own = {
        AreaKind.MUNICIPALITY: scope.municipality_id,
        AreaKind.REGION: scope.region_id,
        AreaKind.PROVINCE: scope.province_id,
    }
    return own.get(kind)


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


def areas_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The areas `user` may choose, grouped for a select: [(group label, [(code, label), ...]), ...]."""
    _require_area_user(user)
    visible = visible_municipalities(user).values("pk")
    groups = []
    if scope_of(user).kind == ScopeKind.INSTALLATION:
        groups.append((_("Installatie"), [(ALL, _("Alle gemeenten"))]))
    own_province, own_region = _own_area_pk(user, AreaKind.PROVINCE), _own_area_pk(user, AreaKind.REGION)
    provinces = [(p.code, p.name) for p in _wholly_visible(Province.objects.all(), visible, own_province)]
    regions = [(r.slug, r.name) for r in _wholly_visible(Region.objects.all(), visible, own_region)]
    municipalities = [(m.code, m.name) for m in visible_municipalities(user)]
    for label, choices in ((_("Provincies"), provinces), (_("Regio's"), regions), (_("Gemeenten"), municipalities)):
        if choices:
            groups.append((label, choices))
    return groups


def supply_by_stay_type(area: Area) -> list[SupplyRow]:
    """Beds per stay type in `area` (every stay type, zeros included), with a total row last."""
    sums = {
        row.pop("stay_type"): row
        for row in Location.objects.filter(area.municipality_q("municipality"))
        .values("stay_type")
        .annotate(**_figures())
        .order_by()
    }
    rows = [SupplyRow(stay_type=value, **sums.get(value, {})) for value in StayType.values]
    total = SupplyRow(None, **{field: sum(getattr(row, field) for row in rows) for field in FIGURES})
    return [*rows, total]


def planned_by_year(area: Area) -> dict[int | None, dict[str, int]]:
    """Planned beds in `area` by year of expected delivery (None: no date yet, last), then by stay type."""
    sums = (
        Location.objects.filter(area.municipality_q("municipality"), status__in=PLANNED_STATUSES)
        .annotate(year=ExtractYear("expected_delivery"))
        .values("year", "stay_type")
        .annotate(beds=Coalesce(Sum("capacity_beds"), 0))
        .order_by()
    )
    years: dict[int | None, dict[str, int]] = {}
    for row in sums:
        years.setdefault(row["year"], dict.fromkeys(StayType.values, 0))[row["stay_type"]] = row["beds"]
    return dict(sorted(years.items(), key=lambda item: (item[0] is None, item[0] or 0)))


MUNICIPALITY_SORTS = ("name", "code", "existing", "planned_total", "below_norm", "unknown_norm")


def supply_by_municipality(area: Area, sort: str = "name") -> QuerySet[Municipality]:
    """Each member municipality of `area` with existing, planned, below-norm and unknown-norm beds, sorted by `sort`."""
    field = sort.removeprefix("-")
    if field not in MUNICIPALITY_SORTS:
        field, sort = "name", "name"
    order = F(field).desc() if sort.startswith("-") else F(field).asc()
    return area.municipalities().annotate(**_figures("locations__")).order_by(order, "name", "code")
