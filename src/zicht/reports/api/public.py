"""Public API: make a report without an account (throttled), and follow it with the tracking code.

No authentication classes: the endpoints are open, so no session and no CSRF are involved. Errors are problem+json
in the language of Accept-Language (nl or en). The status answer holds nothing personal.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.core.api.base import CommittedAnswerMixin
from zicht.core.api.problems import service_errors

from .. import rules, services
from ..choices import Category, Channel, ReporterKind, ReportStatus
from ..placement import PlacementError, place_report
from ..public_forms import PUBLIC_REPORTER_KINDS, not_found_message, phone_validator
from ..selectors import report_by_tracking_code
from ..throttling import PublicReportThrottle, TrackingThrottle

NO_STORE = {"Cache-Control": "no-store"}


class PublicReportContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, validators=[phone_validator])


class PublicReportCreateSerializer(serializers.Serializer):
    """A public report: a point (lat/lon) or an address (postcode, house_number, …)."""

    category = serializers.ChoiceField(
        choices=Category.choices, error_messages={"invalid_choice": _("Kies een categorie uit de lijst.")}
    )
    description = serializers.CharField(
        allow_blank=True,
        help_text=f"{rules.DESCRIPTION_MIN_LENGTH} to {rules.DESCRIPTION_MAX_LENGTH} characters.",
    )
    lat = serializers.FloatField(required=False, allow_null=True, help_text="WGS84 latitude, within the Netherlands.")
    lon = serializers.FloatField(required=False, allow_null=True, help_text="WGS84 longitude, within the Netherlands.")
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=8, help_text="e.g. `7411 AB`.")
    house_number = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=99999)
    house_letter = serializers.RegexField(r"^[A-Za-z]?$", required=False, allow_blank=True, default="")
    addition = serializers.CharField(required=False, allow_blank=True, max_length=4, default="")
    municipality = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=6,
        help_text="CBS code, e.g. `GM0150`: needed only when no known address lies within 1.5 km of the point.",
    )
    language = serializers.ChoiceField(
        choices=list(rules.PORTAL_LANGUAGES),
        required=False,
        allow_blank=True,
        help_text="The language the description is written in; recognised from the text when left out.",
        error_messages={"invalid_choice": _("Deze taal kennen we niet.")},
    )
    reporter_kind = serializers.ChoiceField(choices=PUBLIC_REPORTER_KINDS, required=False)
    contact = PublicReportContactSerializer(
        required=False, allow_null=True, help_text="Leave out to report anonymously."
    )

    def validate_description(self, value: str) -> str:
        errors = services.description_errors(value)
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def validate(self, attrs: dict) -> dict:
        try:
            attrs["placement"] = place_report(
                lat=attrs.get("lat"),
                lon=attrs.get("lon"),
                postcode=attrs.get("postcode", ""),
                house_number=attrs.get("house_number"),
                house_letter=attrs.get("house_letter", ""),
                addition=attrs.get("addition", ""),
                municipality_code=attrs.get("municipality", ""),
            )
        except PlacementError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs

    def report_input(self) -> services.ReportInput:
        data = self.validated_data
        contact = {key: value.strip() for key, value in (data.get("contact") or {}).items()}
        return services.ReportInput(
            category=data["category"],
            description=data["description"],
            placement=data["placement"],
            language=data.get("language", ""),
            contact_name=contact.get("name", ""),
            contact_email=contact.get("email", ""),
            contact_phone=contact.get("phone", ""),
            reporter_kind=data.get("reporter_kind") or ReporterKind.UNKNOWN,
            channel=Channel.API,
        )


class PublicReportCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(
        help_text="Shown once: only its hash is stored. 120 random bits in base32, groups of four."
    )


class PublicReportStatusSerializer(serializers.Serializer):
    """What anyone with the code may see: no description, address, coordinates or contact details."""

    status = serializers.ChoiceField(choices=ReportStatus.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    created = serializers.DateTimeField(source="created_at")
    updated = serializers.DateTimeField(source="updated_at")
    message = serializers.CharField(source="public_message", help_text="The municipality's message to the reporter.")


EXAMPLES = [
    OpenApiExample(
        "A point",
        request_only=True,
        value={"category": "waste", "description": "Vuilniszakken naast de container.", "lat": 52.2551, "lon": 6.1639},
    ),
    OpenApiExample(
        "An address, with contact details",
        request_only=True,
        value={
            "category": "noise",
            "description": "Every night loud music until 3 am.",
            "postcode": "7411 AB",
            "house_number": 12,
            "language": "en",
            "contact": {"name": "A. Reporter", "email": "reporter@example.org"},
        },
    ),
]


class PublicReportCreateView(CommittedAnswerMixin, APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicReportThrottle]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="public_report_create",
        summary="Make a report (no login; throttled per client)",
        description="Place the report by `lat`/`lon` or by an address (`postcode`, `house_number`, optional "
        "`house_letter`, `addition`). Errors come in the language of Accept-Language (nl, en). Too many reports "
        "from one client answer 429 with Retry-After.",
        tags=["public"],
        auth=[],
        request=PublicReportCreateSerializer,
        responses={201: PublicReportCreatedSerializer},
        examples=EXAMPLES,
    )
    def post(self, request):
        serializer = PublicReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # No created_by and no request: a public report keeps no account and no client address.
        with service_errors():
            _report, code = services.report_create(serializer.report_input(), created_by=None)
        return Response({"tracking_code": code}, status=status.HTTP_201_CREATED, headers=NO_STORE)


class PublicReportStatusView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TrackingThrottle]  # the tracking page counts against the same budget

    @extend_schema(
        operation_id="public_report_status",
        summary="The status of a report, by its tracking code (nothing personal)",
        description="An unknown code and a code that cannot exist both answer the same 404.",
        tags=["public"],
        auth=[],
        parameters=[OpenApiParameter("tracking_code", str, OpenApiParameter.PATH, description="e.g. `ABCD-EFGH-…`")],
        responses=PublicReportStatusSerializer,
    )
    def get(self, request, tracking_code: str):
        report = report_by_tracking_code(tracking_code)
        if report is None:
            raise NotFound(not_found_message())
        return Response(PublicReportStatusSerializer(report).data, headers=NO_STORE)
