"""Pages of the housing register that read: the list with its downloads (CSV, Excel, GeoJSON), the map, a location."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from zicht.core.exports import ExportableListView
from zicht.core.maps import map_context
from zicht.core.roles import ScopeKind
from zicht.core.scopes import is_municipal, scope_of
from zicht.parties import selectors as party_selectors

from . import rules, selectors
from .choices import LocationStatus, NormRuleKind, NormVerdict, ReviewDecision
from .filters import LocationFilterSet
from .forms import NormDateForm, ReviewForm, StatusForm
from .models import Location
from .permissions import REGISTER_ROLES, is_market_party

GEOJSON = "geojson"
GEOJSON_CONTENT_TYPE = "application/geo+json"
# The location's own coordinates, or else those of its address.
HAS_COORDINATES = Q(lat__isnull=False, lon__isnull=False) | Q(address__lat__isnull=False, address__lon__isnull=False)
PENDING_REVIEW = Q(review=ReviewDecision.PENDING, registered_by__isnull=False)
# A planned location whose operator has not signed the region's convenant gets a warning (seed 004).
INITIATIVE_STATUSES = (LocationStatus.INITIATIVE, LocationStatus.PERMIT_REQUESTED)


def coordinates_of(location: Location) -> tuple[Decimal, Decimal] | None:
    """(lat, lon) of the location, or else of its address; None when neither is known."""
    if location.lat is not None and location.lon is not None:
        return location.lat, location.lon
    address = location.address if location.address_id else None
    if address is not None and address.lat is not None and address.lon is not None:
        return address.lat, address.lon
    return None


def _address(location: Location) -> str:
    return str(location.address) if location.address_id else ""


EXPORT_COLUMNS = [
    (gettext_lazy("Referentie"), lambda loc: loc.ref),
    (gettext_lazy("Naam"), lambda loc: loc.name),
    (gettext_lazy("Gemeentecode"), lambda loc: loc.municipality.code),
    (gettext_lazy("Gemeente"), lambda loc: loc.municipality.name),
    (gettext_lazy("Buurtcode"), lambda loc: loc.neighbourhood.code if loc.neighbourhood_id else ""),
    (gettext_lazy("Buurt"), lambda loc: loc.neighbourhood.name if loc.neighbourhood_id else ""),
    (gettext_lazy("Adres"), _address),
    (gettext_lazy("Breedtegraad"), lambda loc: (coordinates_of(loc) or (None, None))[0]),
    (gettext_lazy("Lengtegraad"), lambda loc: (coordinates_of(loc) or (None, None))[1]),
    (gettext_lazy("Vorm"), lambda loc: loc.get_form_display()),
    (gettext_lazy("Verblijfsduur"), lambda loc: loc.get_stay_type_display()),
    (gettext_lazy("Status"), lambda loc: loc.get_status_display()),
    (gettext_lazy("Status sinds"), lambda loc: loc.status_since),
    (gettext_lazy("Verwachte oplevering"), lambda loc: loc.expected_delivery),
    (gettext_lazy("Exploitant"), lambda loc: loc.operator.name if loc.operator_id else ""),
    (gettext_lazy("Capaciteit (bedden)"), lambda loc: loc.capacity_beds),
    (gettext_lazy("Normcapaciteit"), lambda loc: loc.norm_capacity),
    (gettext_lazy("Normoordeel"), lambda loc: loc.get_norm_verdict_display()),
    (gettext_lazy("Toegepaste normenset"), lambda loc: loc.norm_set_applied.name if loc.norm_set_applied_id else ""),
    (gettext_lazy("Keurmerk"), lambda loc: loc.get_certificate_scheme_display()),
    (gettext_lazy("Certificaat geldig tot en met"), lambda loc: loc.certificate_valid_until),
    (gettext_lazy("Vergunningkenmerk"), lambda loc: loc.permit_reference),
]


def _feature(location: Location) -> dict[str, Any] | None:
    point = coordinates_of(location)
    if point is None:
        return None
    lat, lon = point
    return {
        "type": "Feature",
        "id": location.pk,
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": {
            "ref": location.ref,
            "name": location.name,
            "url": reverse("housing:location_detail", kwargs={"pk": location.pk}),
            "municipality": location.municipality.name,
            "status": location.status,
            "status_label": location.get_status_display(),
            "capacity_beds": location.capacity_beds,
            "norm_capacity": location.norm_capacity,
            "norm_verdict": location.norm_verdict,
            "norm_verdict_label": location.get_norm_verdict_display(),
        },
    }


def geojson_response(locations: Iterable[Location], filename: str) -> HttpResponse:
    """A GeoJSON FeatureCollection of the locations that have coordinates (WGS84, RFC 7946)."""
    features = [feature for feature in map(_feature, locations) if feature is not None]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type=GEOJSON_CONTENT_TYPE)
    stem = f"{filename}-{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{stem}.geojson")
    response["Cache-Control"] = "no-store"
    return response


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _url_or_none(name: str) -> str | None:
    # Pages other helpers build may not be mounted yet; the link appears once they are.
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


class LocationListView(ExportableListView):
    template_name = "housing/location_list.html"
    context_object_name = "locations"
    filterset_class = LocationFilterSet
    export_filename = "locaties"
    export_subject = "housing.location"
    export_columns = EXPORT_COLUMNS

    def get_base_queryset(self) -> QuerySet[Location]:
        return selectors.location_list_visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == GEOJSON:
            rows = self.get_queryset().filter(HAS_COORDINATES)
            return geojson_response(rows.iterator(chunk_size=500), self.export_filename)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        query = _query_without(self.request, "page", "export")
        context.update(
            today=today,
            expiry_soon=today + datetime.timedelta(days=party_selectors.EXPIRY_WARNING_DAYS),
            expiry_warning_days=party_selectors.EXPIRY_WARNING_DAYS,
            may_add=user.has_perm("housing.add_location"),
            list_url=reverse("housing:location_list") + (f"?{query}" if query else ""),
            map_url=reverse("housing:location_map") + (f"?{query}" if query else ""),
            geojson_url=reverse("housing:location_list") + f"?{query}{'&' if query else ''}export={GEOJSON}",
            import_url=self._import_url(),
            pending_count=self.get_base_queryset().filter(PENDING_REVIEW).count() if is_municipal(user) else None,
        )
        return context

    def _import_url(self) -> str | None:
        user = self.request.user
        if scope_of(user).kind != ScopeKind.MUNICIPALITY or user.role not in REGISTER_ROLES:
            return None
        return _url_or_none("housing:location_import")


class LocationMapView(LocationListView):
    """The same filtered locations on a map, with the table underneath for use without JavaScript."""

    template_name = "housing/location_map.html"
    paginate_by = 50

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context.update(map_context())
        context["without_coordinates"] = self.object_list.exclude(HAS_COORDINATES).count()
        return context


def _figure_label(figure: str) -> str:
    return capfirst(Location._meta.get_field(figure).verbose_name)


def _plain_number(value: Decimal) -> Decimal:
    """15.00 → 15 and 3.50 → 3.5: a limit as people write it."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _rule_row(result) -> dict[str, Any]:
    return {
        "label": NormRuleKind(result.kind).label if result.kind in NormRuleKind.values else result.kind,
        "figure": _figure_label(result.figure),
        "value": result.figure_value,
        "limit": _plain_number(result.limit),
        "max_persons": result.max_persons,
        "verdict": result.verdict,
        "verdict_label": NormVerdict(result.verdict).label,
    }


# What the page says for each reason a norm set applies (the order itself is rules.applicable_norm_set).
WHY_APPLICABLE = {
    rules.NormSetReason.CHOSEN: gettext_lazy("De gemeente heeft deze normenset voor deze locatie gekozen."),
    rules.NormSetReason.MUNICIPAL: gettext_lazy("Dit is de eigen normenset van de gemeente."),
    rules.NormSetReason.CERTIFICATE: gettext_lazy("De locatie heeft dit keurmerk."),
    rules.NormSetReason.MINIMUM: gettext_lazy("Er geldt geen eigen normenset of keurmerk, dus de minimumnorm."),
}


def norm_tables(location: Location, on: datetime.date) -> list[dict[str, Any]]:
    """The norm evaluations of a location as the page shows them: applicable set first, figures in words."""
    tables = []
    for item in selectors.norm_evaluations(location, on):
        evaluation = item.evaluation
        tables.append(
            {
                "norm_set": item.norm_set,
                "applicable": item.applicable,
                "why": str(WHY_APPLICABLE[item.reason]) if item.applicable else "",
                "in_force": evaluation is not None,
                "valid_from": evaluation.valid_from if evaluation else None,
                "persons": evaluation.persons if evaluation else location.capacity_beds,
                "verdict": item.verdict,
                "verdict_label": NormVerdict(item.verdict).label,
                "norm_capacity": item.norm_capacity,
                "rules": [_rule_row(result) for result in evaluation.rules] if evaluation else [],
                "missing": [_figure_label(figure) for figure in evaluation.missing] if evaluation else [],
            }
        )
    return tables


def convenant_warning(location: Location) -> dict[str, Any] | None:
    """For an initiative: the convenants in force that its operator has not signed (or that lack an operator)."""
    if location.status not in INITIATIVE_STATUSES:
        return None
    unsigned = party_selectors.convenants_not_signed_by(location.operator_id, location.municipality_id)
    if not unsigned:
        return None
    return {"no_operator": location.operator_id is None, "convenants": unsigned}


def detail_context(request, location: Location) -> dict[str, Any]:
    """What a location's page shows."""
    user = request.user
    date_form = NormDateForm(request.GET if "datum" in request.GET else None)
    on = date_form.day()
    today = timezone.localdate()
    may_change_status = user.has_perm("housing.change_location_status", location)
    may_review = user.has_perm("housing.review_location", location) and location.review == ReviewDecision.PENDING
    context = {
        "location": location,
        "point": coordinates_of(location),
        **map_context(),
        "history": list(location.status_history.all()),
        "units": list(location.units.all()),
        "other_addresses": list(location.other_addresses.all()),
        "date_form": date_form,
        "norm_date": on,
        "norm_tables": norm_tables(location, on),
        "warning": convenant_warning(location),
        "today": today,
        "expiry_soon": today + datetime.timedelta(days=party_selectors.EXPIRY_WARNING_DAYS),
        "expiry_warning_days": party_selectors.EXPIRY_WARNING_DAYS,
        "may_edit": user.has_perm("housing.change_location", location),
        "status_form": StatusForm(location=location) if may_change_status else None,
        "review_form": ReviewForm() if may_review else None,
        # A market party may open only its own organisation's page; government staff every party's.
        "party_link_all": not is_market_party(user),
        "own_organisation_id": scope_of(user).organisation_id,
        # Government staff can open a convenant's page (once the parties app has one); a market party cannot.
        "convenant_links": not is_market_party(user) and _url_or_none("parties:convenant_list") is not None,
    }
    context.update(occupancy_context(request, location, on))
    return context


def occupancy_context(request, location: Location, on) -> dict[str, Any]:
    """The occupancy tab (who lives there, where they work: 80-10-10) comes from the occupancy app."""
    from zicht.occupancy.location_occupancy import location_occupancy_context

    return {"show_occupancy": True, **location_occupancy_context(request, location, on)}


@login_required
def location_detail(request, pk: int):
    location = selectors.location_detail_visible_to(request.user, pk)
    return render(request, "housing/location_detail.html", detail_context(request, location))
