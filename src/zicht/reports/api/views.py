"""Staff report endpoints: thin views that validate, call a reports service or selector, and render.

Reports are the municipality's: its municipal staff see and handle them. Region and province callers get an empty
list and 404 (they see the dashboard's aggregates instead); a market party is refused outright.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zicht.core import audit
from zicht.core.api.base import ScopedAPIMixin
from zicht.core.models import AuditAction
from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of, visible_municipalities
from zicht.housing.selectors import location_list_visible_to

from .. import selectors, services
from ..choices import Channel
from ..filters import ReportFilterSet
from ..models import Report
from ..permissions import may_handle_reports_of
from ..placement import Placement
from .serializers import (
    StaffReportAssessmentSerializer,
    StaffReportCreatedSerializer,
    StaffReportCreateSerializer,
    StaffReportDetailSerializer,
    StaffReportDuplicateSerializer,
    StaffReportInspectionInputSerializer,
    StaffReportInspectionSerializer,
    StaffReportSerializer,
    StaffReportTransitionSerializer,
)

# Names the services use that the API calls differently.
API_FIELD_NAMES = {
    "to_status": "status",
    "duplicate_of": "main",
    "municipality_code": "municipality",
}
ADDRESS_FIELDS = frozenset({"postcode", "house_number", "house_letter", "addition"})


class ReportPermission(permissions.IsAuthenticated):
    """Market parties see nothing of reports; intake and every step need the reports rules permissions."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if scope_of(request.user).kind == ScopeKind.ORGANISATION:
            return False
        return view.action != "create" or request.user.has_perm("reports.take_in_reports")

    def has_object_permission(self, request, view, obj) -> bool:
        return request.user.has_perm("reports.handle_report", obj)


def place(validated: dict, user):
    """Where the report is, found by the reports placement from an address or a point."""
    from ..placement import place_report  # written alongside this API; imported when a report is placed

    address = validated.get("address") or {}
    code = validated.get("municipality") or ""
    if not code and scope_of(user).kind == ScopeKind.MUNICIPALITY:
        code = user.scope_municipality.code
    if code and not visible_municipalities(user).filter(code=code.upper()).exists():
        raise serializers.ValidationError({"municipality": [_("Geen gemeente met deze code in uw gebied.")]})
    return place_report(
        lat=validated.get("lat"),
        lon=validated.get("lon"),
        postcode=address.get("postcode", ""),
        house_number=address.get("house_number"),
        house_letter=(address.get("house_letter") or "").upper(),
        addition=(address.get("addition") or "").upper(),
        municipality_code=code.upper(),
    )


def report_input(validated: dict, placement: Placement) -> services.ReportInput:
    contact = validated.get("contact") or {}
    return services.ReportInput(
        category=validated["category"],
        description=validated["description"],
        placement=placement,
        language=validated.get("language", ""),
        anonymous=validated.get("anonymous"),
        contact_name=contact.get("name", ""),
        contact_email=contact.get("email", ""),
        contact_phone=contact.get("phone", ""),
        reporter_kind=validated["reporter_kind"],
        channel=Channel.API,
    )


@extend_schema_view(
    list=extend_schema(
        summary="List the reports the caller may handle",
        description="Municipal staff see their municipality's reports; region and province callers get an empty "
        "list (they see the report statistics instead); market parties are refused. Filters as on the staff list "
        "page. No contact details.",
        responses=StaffReportSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One report with contact details, history and photos (404 outside the caller's scope)",
        description="Each call that returns contact details is written to the audit log.",
        responses=StaffReportDetailSerializer,
    ),
    create=extend_schema(
        summary="Take in a report (staff intake)",
        description="Placed by `address` (postcode and number) or by `lat`/`lon`; the same checks as the forms. "
        "The tracking code for the reporter is returned this once.",
        request=StaffReportCreateSerializer,
        responses={201: StaffReportCreatedSerializer},
    ),
    partial_update=extend_schema(
        summary="Change the staff's assessment: concerns_migrant_housing and location only",
        request=StaffReportAssessmentSerializer,
        responses=StaffReportDetailSerializer,
    ),
)
class StaffReportViewSet(
    ScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = ReportFilterSet
    permission_classes = [ReportPermission]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    visible_to = staticmethod(selectors.report_list_visible_to)
    service_error_names = API_FIELD_NAMES
    service_error_groups = {"address": ADDRESS_FIELDS}
    read_audit_detail = "api report detail"

    def get_queryset(self):
        return super().get_queryset().select_related("neighbourhood__district")

    def get_serializer_class(self):
        if self.action == "create":
            return StaffReportCreateSerializer
        if self.action == "list":
            return StaffReportSerializer
        return StaffReportDetailSerializer

    def _render(self, report: Report, code: int = status.HTTP_200_OK, **extra) -> Response:
        report = self.get_queryset().prefetch_related("history__recorded_by", "photos", "duplicates").get(pk=report.pk)
        serializer_class = StaffReportCreatedSerializer if extra else StaffReportDetailSerializer
        for name, value in extra.items():
            setattr(report, name, value)
        data = serializer_class(report, context=self.get_serializer_context()).data
        if data.get("contact") is not None:
            self.audit_read([report], municipality_id=report.municipality_id)
        return Response(data, code)

    def retrieve(self, request, *args, **kwargs):
        return self._render(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = StaffReportCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        validated = serializer.validated_data
        with self.service_errors(), transaction.atomic():
            placement = place(validated, request.user)
            if not may_handle_reports_of(request.user, placement.municipality.pk):
                raise serializers.ValidationError({"address": [_("Deze plek ligt niet in uw gemeente.")]})
            report, code = services.report_create(report_input(validated, placement), created_by=request.user)
            audit.record(
                actor=request.user,
                action=AuditAction.CREATE,
                obj=report,
                object_repr=report.reference,
                request=request,
                municipality_id=report.municipality_id,
            )
        response = self._render(report, status.HTTP_201_CREATED, tracking_code=code)
        response["Location"] = response.data["url"]
        return response

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        locations = location_list_visible_to(request.user).filter(municipality_id=report.municipality_id)
        serializer = StaffReportAssessmentSerializer(data=request.data, locations=locations)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        with self.service_errors():
            services.report_assess(
                report=report,
                by=request.user,
                concerns_migrant_housing=values.get("concerns_migrant_housing"),
                location=values.get("location", ...),
                request=request,
            )
        return self._render(report)

    @extend_schema(
        summary="Move a report to its next status, with the reason",
        description="The allowed steps follow the workflow table (reports/workflow.py); a reason is required for "
        "forwarded, cancelled and reopened.",
        request=StaffReportTransitionSerializer,
        responses=StaffReportDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="status")
    def transition(self, request, pk=None):
        report = self.get_object()
        change = StaffReportTransitionSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        values = change.validated_data
        with self.service_errors():
            services.report_transition(
                report=report,
                to_status=values["status"],
                by=request.user,
                reason=values["reason"],
                department=values["department"],
                public_message=values["public_message"],
                request=request,
            )
        return self._render(report)

    @extend_schema(
        summary="Mark the report as a duplicate of a main report of the same municipality (and cancel it)",
        request=StaffReportDuplicateSerializer,
        responses=StaffReportDetailSerializer,
    )
    @action(detail=True, methods=["post"], url_path="duplicate")
    def duplicate(self, request, pk=None):
        report = self.get_object()
        body = StaffReportDuplicateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        main = self.get_queryset().filter(pk=body.validated_data["main"]).first()
        if main is None:
            raise serializers.ValidationError({"main": [_("Geen melding met dit nummer in deze gemeente.")]})
        with self.service_errors():
            services.report_mark_duplicate(report=report, main=main, by=request.user, request=request)
        return self._render(report)

    @extend_schema(
        summary="Forward the report into an inspection",
        description="Creates the inspection request the enforcement work picks up, and moves the report to "
        "forwarded. Once per report.",
        request=StaffReportInspectionInputSerializer,
        responses={201: StaffReportInspectionSerializer},
    )
    @action(detail=True, methods=["post"], url_path="inspection-request")
    def inspection_request(self, request, pk=None):
        report = self.get_object()
        body = StaffReportInspectionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with self.service_errors():
            created = services.report_forward_to_inspection(
                report=report, by=request.user, reason=body.validated_data["reason"], request=request
            )
        return Response(StaffReportInspectionSerializer(created).data, status=status.HTTP_201_CREATED)
