"""Neighbourhood endpoints: a neighbourhood's profile on a date, and the neighbourhood plans. Thin: scope, call the
selectors or services, render. 404 outside the caller's area; 403 for a market party and for writes by readers."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.core.api.base import ScopedAPIMixin
from zicht.core.scopes import scope_of
from zicht.geography.models import Municipality

from .. import selectors, services
from ..filters import PlanFilterSet
from ..models import PlanMeasure
from ..permissions import may_edit_plan, may_edit_plans_of, may_read_neighbourhoods, may_write_plans
from .serializers import DateQuerySerializer, NeighbourhoodPlanSerializer, NeighbourhoodProfileSerializer, profile_body


class NeighbourhoodProfileView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="A neighbourhood's profile: housing, occupancy on a date, reports, inspections and plans",
        description="CODE is the CBS neighbourhood code (BU01500100). Occupancy counts under 5 are suppressed except "
        "for the municipality's own registration officer; report counts under 5 are suppressed for callers "
        "outside the municipality (region, province). Housing figures and reports are as of today.",
        parameters=[DateQuerySerializer, OpenApiParameter("code", str, OpenApiParameter.PATH)],
        responses=NeighbourhoodProfileSerializer,
    )
    def get(self, request, code: str):
        neighbourhood = selectors.neighbourhood_for(request.user, code)
        query = DateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("date") or timezone.localdate()
        return Response(profile_body(selectors.profile_of(neighbourhood, user=request.user, on=on)))


class PlanPermission(permissions.IsAuthenticated):
    """Reading: staff with an area; creating: policy officers and administrators; changing: those of the plan's
    municipality."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view) or not may_read_neighbourhoods(request.user):
            return False
        return view.action != "create" or may_write_plans(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if view.action in ("update", "partial_update"):
            return may_edit_plan(request.user, obj)
        return True


@extend_schema_view(
    list=extend_schema(
        summary="List the neighbourhood plans in the caller's area",
        responses=NeighbourhoodPlanSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One neighbourhood plan with its measures (404 outside the caller's area)",
        responses=NeighbourhoodPlanSerializer,
    ),
    create=extend_schema(
        summary="Create a neighbourhood plan (policy officers of the municipality, administrators)",
        responses={201: NeighbourhoodPlanSerializer},
    ),
    update=extend_schema(
        summary="Replace a plan's fields and neighbourhoods",
        responses=NeighbourhoodPlanSerializer,
    ),
    partial_update=extend_schema(
        summary="Change some of a plan's fields",
        responses=NeighbourhoodPlanSerializer,
    ),
)
class NeighbourhoodPlanViewSet(
    ScopedAPIMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    serializer_class = NeighbourhoodPlanSerializer
    filterset_class = PlanFilterSet
    permission_classes = [PlanPermission]
    visible_to = staticmethod(selectors.plans_visible_to)

    def get_queryset(self):
        measures = PlanMeasure.objects.order_by("starts_on", "pk")
        return (
            super()
            .get_queryset()
            .prefetch_related("neighbourhoods")
            .prefetch_related(Prefetch("measures", queryset=measures))
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        municipality = data.pop("municipality", None) or _own_municipality(user)
        if municipality is None:
            raise serializers.ValidationError({"municipality": [_("Dit veld is vereist.")]})
        if not may_edit_plans_of(user, municipality.pk):
            raise serializers.ValidationError({"municipality": [_("U kunt geen wijkplan voor deze gemeente maken.")]})
        neighbourhoods = data.pop("neighbourhoods", [])
        with self.service_errors():
            serializer.instance = services.plan_create(
                municipality=municipality, neighbourhoods=neighbourhoods, by=user, request=self.request, **data
            )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("municipality", None)
        neighbourhoods = data.pop("neighbourhoods", None)
        with self.service_errors():
            serializer.instance = services.plan_update(
                plan=serializer.instance,
                data=data,
                neighbourhoods=neighbourhoods,
                by=self.request.user,
                request=self.request,
            )


def _own_municipality(user) -> Municipality | None:
    municipality_id = scope_of(user).municipality_id
    return Municipality.objects.filter(pk=municipality_id).first() if municipality_id else None
