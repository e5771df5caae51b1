"""Read-only organisation endpoints: a market party's client sees only its own organisation."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from .. import selectors
from ..filters import OrganisationFilterSet
from .serializers import OrganisationSerializer


@extend_schema_view(
    list=extend_schema(summary="List the organisations the caller may see (a market party: its own)"),
    retrieve=extend_schema(summary="One organisation with its certifications (404 when not visible)"),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet

    def get_queryset(self):
        return selectors.organisation_list_visible_to(self.request.user)
