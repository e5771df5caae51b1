"""Block registration endpoints: list, request, read, and the municipality's steps (plan, decline, complete,
cancel). Thin: validate, call a block service or selector, render; errors as problem+json."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from zicht.core.api.base import ScopedAPIMixin
from zicht.geography.models import Municipality
from zicht.housing.models import Location
from zicht.parties.models import Organisation

from .. import block_selectors, block_services
from ..block_forms import BlockRegistrationFilterSet
from ..block_permissions import (
    may_cancel_block_registration,
    may_handle_block_registration,
    may_record_on_location,
    may_request_block_registration,
)
from ..block_services import GROUP_SIZE_ERROR, MAX_PROPOSED_DATES, MIN_GROUP_SIZE
from ..models import BlockRegistration, BlockRegistrationChange


class BlockChangeSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="recorded_by.get_username", read_only=True, allow_null=True)

    class Meta:
        model = BlockRegistrationChange
        fields = ["from_status", "to_status", "note", "recorded_at", "recorded_by"]


class BlockRegistrationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(read_only=True, slug_field="code", help_text="CBS municipality code.")
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    agency_certified = serializers.SerializerMethodField(
        help_text="Whether the agency holds a NEN 4400-1 or agency certification valid today."
    )
    location_ref = serializers.CharField(source="location.ref", read_only=True, allow_null=True, default=None)

    class Meta:
        model = BlockRegistration
        fields = [
            "id",
            "municipality",
            "municipality_name",
            "agency",
            "agency_name",
            "agency_certified",
            "location",
            "location_ref",
            "group_size",
            "place",
            "proposed_dates",
            "status",
            "requested_at",
            "planned_at",
            "decision_note",
            "registered_count",
            "on_location",
        ]
        read_only_fields = fields

    def get_agency_certified(self, obj: BlockRegistration) -> bool:
        return block_selectors.is_certified_agency(obj.agency)


class BlockRegistrationDetailSerializer(BlockRegistrationSerializer):
    history = BlockChangeSerializer(many=True, read_only=True)

    class Meta(BlockRegistrationSerializer.Meta):
        fields = [*BlockRegistrationSerializer.Meta.fields, "history"]
        read_only_fields = fields


class BlockRequestSerializer(serializers.Serializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        help_text="CBS code of the municipality asked for the session (an agency's request). Municipal staff "
        "recording on location need not send it: their own municipality.",
    )
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True, help_text="Optional location id."
    )
    group_size = serializers.IntegerField(help_text="More than 20 persons.")
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    proposed_dates = serializers.ListField(
        child=serializers.DateField(), required=False, max_length=MAX_PROPOSED_DATES, help_text="One to three dates."
    )
    note = serializers.CharField(required=False, allow_blank=True)
    on_location = serializers.BooleanField(
        default=False, help_text="True: municipal staff record a registration made on location during an inspection."
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, help_text="On location: the group's agency or provider."
    )
    planned_at = serializers.DateTimeField(required=False, help_text="On location: when the registration took place.")

    def validate_group_size(self, value: int) -> int:
        if value < MIN_GROUP_SIZE:
            raise serializers.ValidationError(str(GROUP_SIZE_ERROR))
        return value


class PlanSerializer(serializers.Serializer):
    planned_at = serializers.DateTimeField(help_text="A date and time in the future; evenings are fine.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="Why the request is declined.")


class CompleteSerializer(serializers.Serializer):
    registered_count = serializers.IntegerField(min_value=0, help_text="Persons registered, at most the group size.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CancelSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _step_schema(summary: str, request) -> dict:
    return {"summary": summary, "request": request, "responses": BlockRegistrationDetailSerializer}


@extend_schema_view(
    list=extend_schema(
        summary="List the block registrations the caller may see",
        description="An agency sees its own requests; municipal staff their municipality's; regional and provincial "
        "staff those in their area (read-only).",
        responses=BlockRegistrationSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One block registration with its history (404 outside the caller's scope)",
        responses=BlockRegistrationDetailSerializer,
    ),
    create=extend_schema(
        summary="Request a block registration (an agency), or record one made on location (municipal staff)",
        request=BlockRequestSerializer,
        responses={201: BlockRegistrationDetailSerializer},
    ),
)
class BlockRegistrationViewSet(
    ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    filterset_class = BlockRegistrationFilterSet
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = r"[0-9]+"
    visible_to = staticmethod(block_selectors.block_registrations_visible_to)

    def get_serializer_class(self):
        if self.action == "create":
            return BlockRequestSerializer
        return BlockRegistrationSerializer if self.action == "list" else BlockRegistrationDetailSerializer

    def _render(self, block, code: int = status.HTTP_200_OK) -> Response:
        block = self.get_queryset().prefetch_related("history__recorded_by").get(pk=block.pk)
        return Response(BlockRegistrationDetailSerializer(block, context=self.get_serializer_context()).data, code)

    def create(self, request, *args, **kwargs):
        user = request.user
        # Say "not allowed" before "invalid" to callers who may create neither kind.
        if not (may_request_block_registration(user) or may_record_on_location(user)):
            raise PermissionDenied
        serializer = BlockRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        on_location = data.pop("on_location")
        if not (may_record_on_location(user) if on_location else may_request_block_registration(user)):
            raise PermissionDenied
        with self.service_errors():
            if on_location:
                block = block_services.block_record_on_location(by=user, data=data)
            else:
                block = block_services.block_request(by=user, data=data)
        return self._render(block, status.HTTP_201_CREATED)

    def _step(self, request, serializer_class, may, perform) -> Response:
        block = self.get_object()
        if not may(request.user, block):
            raise PermissionDenied
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self.service_errors():
            block = perform(block, serializer.validated_data)
        return self._render(block)

    @extend_schema(**_step_schema("Plan the session, or move it, to a date and time in the future", PlanSerializer))
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        return self._step(
            request,
            PlanSerializer,
            may_handle_block_registration,
            lambda block, data: block_services.block_plan(
                block=block, by=request.user, planned_at=data["planned_at"], note=data["note"]
            ),
        )

    @extend_schema(**_step_schema("Decline a requested session, with the reason", DeclineSerializer))
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._step(
            request,
            DeclineSerializer,
            may_handle_block_registration,
            lambda block, data: block_services.block_decline(block=block, by=request.user, note=data["note"]),
        )

    @extend_schema(**_step_schema("Record the outcome of a session held: persons registered", CompleteSerializer))
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._step(
            request,
            CompleteSerializer,
            may_handle_block_registration,
            lambda block, data: block_services.block_complete(
                block=block, by=request.user, registered_count=data["registered_count"], note=data["note"]
            ),
        )

    @extend_schema(**_step_schema("Cancel a session that has not taken place", CancelSerializer))
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._step(
            request,
            CancelSerializer,
            may_cancel_block_registration,
            lambda block, data: block_services.block_cancel(block=block, by=request.user, note=data["note"]),
        )
