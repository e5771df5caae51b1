"""Housing endpoints: thin viewsets that validate, call a housing service or selector, and render."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from zicht.core.api.base import ScopedAPIMixin
from zicht.core.api.problems import service_errors
from zicht.geography.services import address_get_or_create

from .. import selectors, services
from ..filters import LocationFilterSet
from ..models import NormSet, NormSetVersion
from .serializers import (
    FeatureCollectionSerializer,
    LocationCreateSerializer,
    LocationSerializer,
    LocationWriteSerializer,
    NormEvaluationsSerializer,
    NormQuerySerializer,
    NormSetSerializer,
    StatusChangeSerializer,
    norm_evaluation_data,
)

# Names the services use that the API calls differently.
API_FIELD_NAMES = {"to_status": "status", "registered_by_id": "registered_by"}


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class LocationPermission(permissions.IsAuthenticated):
    """Creating, editing and status changes follow the housing rules permissions; reading follows the scope."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return view.action != "create" or request.user.has_perm("housing.add_location")

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action in ("update", "partial_update"):
            return request.user.has_perm("housing.change_location", obj)
        if view.action == "change_status":
            return request.user.has_perm("housing.change_location_status", obj)
        return True


def _location_data(validated: dict[str, Any], municipality, lat=None, lon=None) -> dict[str, Any]:
    """Validated API input as the housing services take it: the address found or added by postcode and number."""
    data = dict(validated)
    if not data.get("ref"):
        data.pop("ref", None)
    address = data.get("address")
    if address is not None:
        with service_errors("address", names=API_FIELD_NAMES):
            data["address"] = address_get_or_create(
                postcode=address["postcode"],
                house_number=address["house_number"],
                addition=address.get("house_letter") or address.get("addition", ""),
                municipality=municipality,
                lat=lat,
                lon=lon,
            )
    return data


@extend_schema_view(
    list=extend_schema(
        summary="List the locations the caller may see",
        description="Government roles see the locations in their area; a market party the ones it operates, owns "
        "or registered. Filters as on the register page.",
        responses=LocationSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One location (404 outside the caller's scope)",
        responses=LocationSerializer,
    ),
    create=extend_schema(
        summary="Register a location (a market party: an initiative of its own organisation)",
        request=LocationCreateSerializer,
        responses={201: LocationSerializer},
    ),
    update=extend_schema(
        summary="Replace a location's data (not its status)",
        request=LocationWriteSerializer,
        responses=LocationSerializer,
    ),
    partial_update=extend_schema(
        summary="Change some of a location's data (not its status)",
        request=LocationWriteSerializer,
        responses=LocationSerializer,
    ),
)
class LocationViewSet(
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = LocationFilterSet
    permission_classes = [LocationPermission]
    lookup_value_regex = r"[0-9]+"
    visible_to = staticmethod(selectors.location_list_visible_to)
    service_error_names = API_FIELD_NAMES

    def get_queryset(self):
        return super().get_queryset().select_related("owner", "registered_by")

    def get_serializer_class(self):
        if self.action == "create":
            return LocationCreateSerializer
        if self.action in ("update", "partial_update"):
            return LocationWriteSerializer
        return LocationSerializer

    def _render(self, location, code: int = status.HTTP_200_OK, headers: dict | None = None) -> Response:
        return Response(LocationSerializer(location, context=self.get_serializer_context()).data, code, headers=headers)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        validated = serializer.validated_data
        with self.service_errors(), transaction.atomic():
            data = _location_data(validated, validated["municipality"], validated.get("lat"), validated.get("lon"))
            location = services.location_create(by=request.user, data=data)
        response = self._render(location, status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response

    def update(self, request, *args, **kwargs):
        location = self.get_object()
        serializer = self.get_serializer(location, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        validated = serializer.validated_data
        municipality = validated.get("municipality", location.municipality)
        lat, lon = validated.get("lat", location.lat), validated.get("lon", location.lon)
        with self.service_errors(), transaction.atomic():
            data = _location_data(validated, municipality, lat, lon)
            services.location_update(location=location, by=request.user, data=data)
        return self._render(location)

    @extend_schema(
        summary="Move a location to its next status on a date",
        description="Allowed steps: initiative → permit_requested | permitted | closed; permit_requested → "
        "permitted | closed; permitted → in_use | closed; in_use → closed; closed → initiative | in_use.",
        request=StatusChangeSerializer,
        responses=LocationSerializer,
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk=None):
        location = self.get_object()
        change = StatusChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        values = change.validated_data
        with self.service_errors():
            services.location_change_status(
                location=location,
                to_status=values["status"],
                on=values.get("on") or timezone.localdate(),
                by=request.user,
                note=values["note"],
            )
        return self._render(location)

    @extend_schema(
        summary="The location against every norm set that can apply to it, on a date",
        parameters=[NormQuerySerializer],
        responses=NormEvaluationsSerializer,
    )
    @action(detail=True, methods=["get"], url_path="norms")
    def norms(self, request, pk=None):
        location = self.get_object()
        query = NormQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("date") or timezone.localdate()
        persons = query.validated_data.get("persons", location.capacity_beds)
        evaluations = selectors.norm_evaluations(location, on, persons)
        body = {
            "location": location.pk,
            "date": on,
            "persons": persons,
            "results": [norm_evaluation_data(item, persons) for item in evaluations],
        }
        return Response(NormEvaluationsSerializer(body).data)

    @extend_schema(
        summary="The locations with coordinates as a GeoJSON FeatureCollection (same filters, not paged)",
        description="Point geometry `[lon, lat]` as numbers (RFC 7946); properties id, ref, name, status, form, "
        "stay_type, capacity_beds, norm_verdict, url. Locations without coordinates are left out.",
        filters=True,
        responses={(200, GeoJSONRenderer.media_type): FeatureCollectionSerializer},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="geojson",
        renderer_classes=[GeoJSONRenderer, JSONRenderer],
        pagination_class=None,
    )
    def geojson(self, request):
        rows = (
            self.filter_queryset(self.get_queryset())
            .filter(lat__isnull=False, lon__isnull=False)
            .values("id", "ref", "name", "status", "form", "stay_type", "capacity_beds", "norm_verdict", "lat", "lon")
        )
        features = [self._feature(row) for row in rows]
        return Response({"type": "FeatureCollection", "features": features})

    def _feature(self, row: dict) -> dict:
        lat, lon = row.pop("lat"), row.pop("lon")
        row["url"] = reverse("api-location-detail", kwargs={"pk": row["id"]}, request=self.request)
        return {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": row,
        }


@extend_schema_view(
    list=extend_schema(summary="List the norm sets with their dated versions and rules"),
    retrieve=extend_schema(summary="One norm set by its code"),
)
class NormSetViewSet(viewsets.ReadOnlyModelViewSet):
    """Norm sets are public rules: every authenticated caller sees all of them."""

    serializer_class = NormSetSerializer
    lookup_field = "code"

    def get_queryset(self):
        versions = Prefetch("versions", queryset=NormSetVersion.objects.prefetch_related("rules"))
        return NormSet.objects.select_related("municipality").prefetch_related(versions).order_by("code")
