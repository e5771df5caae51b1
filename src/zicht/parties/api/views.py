"""Organisation, convenant and signal endpoints: a market party's client sees its own organisation and the
convenants it signed, never a signal."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied

from zicht.core.api.base import ScopedAPIMixin

from .. import convenant_selectors, selectors, services
from ..filters import OrganisationFilterSet, SignalFilterSet
from ..permissions import may_raise_signals
from .serializers import ConvenantDetailSerializer, ConvenantSerializer, OrganisationSerializer, SignalSerializer


@extend_schema_view(
    list=extend_schema(summary="List the organisations the caller may see (a market party: its own)"),
    retrieve=extend_schema(summary="One organisation with its certifications (404 when not visible)"),
)
class OrganisationViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    visible_to = staticmethod(selectors.organisation_list_visible_to)


@extend_schema_view(
    list=extend_schema(
        summary="List the convenants the caller may see",
        description="Government callers see the convenants of the regions their area takes part in; "
        "a market party's client sees the convenants its organisation signed.",
    ),
    retrieve=extend_schema(
        summary="One convenant with its agreements, signatories and meetings (404 when not visible)",
        responses=ConvenantDetailSerializer,
    ),
)
class ConvenantViewSet(ScopedAPIMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ConvenantSerializer
    visible_to = staticmethod(convenant_selectors.convenant_list_visible_to)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("agreements", "signatories__organisation", "meetings")
        return queryset

    def get_serializer_class(self):
        return ConvenantDetailSerializer if self.action == "retrieve" else ConvenantSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List the signals the caller may see (a market party: none)",
        description="Signals about parties, shared between the government staff of the convenant's region. "
        "Filters as on the signal page.",
    ),
    retrieve=extend_schema(summary="One signal (404 when not visible)"),
    create=extend_schema(
        summary="Raise a signal about a party",
        description="For policy and registration officers of a municipality in the convenant's region "
        "(raising for their own municipality) and for the region's coordinator (naming the municipality).",
        responses={201: SignalSerializer},
    ),
)
class SignalViewSet(ScopedAPIMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SignalSerializer
    filterset_class = SignalFilterSet
    visible_to = staticmethod(convenant_selectors.signal_list_visible_to)

    def create(self, request, *args, **kwargs):
        # Say "not allowed" before "invalid": a market party or reader need not learn which convenants exist.
        if not may_raise_signals(request.user):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        convenant = data.pop("convenant")
        municipality = data.pop("raised_by_municipality", None)
        with self.service_errors():
            serializer.instance = services.signal_raise(
                convenant=convenant, by=self.request.user, data=data, municipality=municipality
            )
