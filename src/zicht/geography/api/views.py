"""Read-only geography endpoints: thin viewsets over the selectors and the shared FilterSets."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from zicht.core.api.base import ScopedAPIMixin

from .. import selectors
from ..filters import AddressFilterSet, MunicipalityFilterSet, NeighbourhoodFilterSet
from .serializers import (
    AddressSerializer,
    MunicipalityDetailSerializer,
    MunicipalitySerializer,
    NeighbourhoodSerializer,
    ProvinceSerializer,
    RegionSerializer,
)


@extend_schema_view(list=extend_schema(summary="List the provinces"))
class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProvinceSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.province_list()


@extend_schema_view(list=extend_schema(summary="List the regions with their member municipalities"))
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.region_list()


@extend_schema_view(
    list=extend_schema(summary="List the municipalities (CBS reference list)"),
    retrieve=extend_schema(summary="One municipality with its districts and neighbourhoods"),
)
class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = MunicipalityFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return selectors.municipality_list()

    def get_serializer_class(self):
        return MunicipalityDetailSerializer if self.action == "retrieve" else MunicipalitySerializer

    def get_object(self):
        municipality = selectors.municipality_detail(self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, municipality)
        return municipality


@extend_schema_view(list=extend_schema(summary="List the neighbourhoods"))
class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NeighbourhoodSerializer
    filterset_class = NeighbourhoodFilterSet
    lookup_field = "code"

    def get_queryset(self):
        return selectors.neighbourhood_list()


@extend_schema_view(
    list=extend_schema(summary="List the addresses in the caller's area"),
    retrieve=extend_schema(summary="One address in the caller's area (404 outside it)"),
)
class AddressViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AddressSerializer
    filterset_class = AddressFilterSet
    visible_to = staticmethod(selectors.address_list_visible_to)
