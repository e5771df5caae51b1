"""JSON shapes of the staff reports API. Areas by CBS code; contact details only in the detail, for handlers.

Names start with "StaffReport" so the OpenAPI components never clash with the public intake's shapes.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from zicht.geography.validators import normalise_postcode
from zicht.housing.models import Location

from .. import rules, workflow
from ..choices import Category, Department, ReporterKind, ReportStatus
from ..filters import reference_pk
from ..models import InspectionRequest, Report, ReportPhoto, ReportStatusChange

COORDINATE = {"max_digits": 9, "decimal_places": 6, "help_text": "WGS84."}


class StaffReportAddressSerializer(serializers.Serializer):
    postcode = serializers.CharField(help_text="Dutch postcode, e.g. `7411 AB`.")
    house_number = serializers.IntegerField(min_value=1, max_value=99999)
    house_letter = serializers.RegexField(r"^[A-Za-z]?$", required=False, allow_blank=True, default="")
    addition = serializers.CharField(max_length=4, required=False, allow_blank=True, default="")
    street = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)

    def validate_postcode(self, value: str) -> str:
        postcode = normalise_postcode(value)
        if postcode is None:
            raise serializers.ValidationError(_("Een postcode is 4 cijfers en 2 letters, zoals 7411 AB."))
        return postcode


class StaffReportSerializer(serializers.ModelSerializer):
    """A report in a list: everything staff work with, without the reporter's contact details."""

    reference = serializers.CharField(read_only=True, help_text="The number staff use, e.g. `M-000123`.")
    url = serializers.HyperlinkedIdentityField(view_name="api-report-detail", help_text="This report in the API.")
    municipality = serializers.CharField(source="municipality.code", read_only=True, help_text="CBS code.")
    neighbourhood = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True, help_text="CBS neighbourhood code."
    )
    district = serializers.SerializerMethodField(help_text="CBS district code.")
    address = StaffReportAddressSerializer(read_only=True, allow_null=True)
    lat = serializers.DecimalField(read_only=True, allow_null=True, **COORDINATE)
    lon = serializers.DecimalField(read_only=True, allow_null=True, **COORDINATE)
    location = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="Housing location id.")
    overdue = serializers.SerializerMethodField(help_text="Open and past its due date.")
    duplicate_of = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="Main report id.")

    class Meta:
        model = Report
        fields = [
            "id",
            "reference",
            "url",
            "category",
            "description",
            "status",
            "department",
            "service_level_days",
            "created_at",
            "updated_at",
            "due_on",
            "overdue",
            "handled_at",
            "handling_days",
            "handled_late",
            "municipality",
            "district",
            "neighbourhood",
            "address",
            "lat",
            "lon",
            "location",
            "concerns_migrant_housing",
            "language",
            "language_detected",
            "reporter_kind",
            "channel",
            "anonymous",
            "duplicate_of",
            "public_message",
        ]
        read_only_fields = fields

    def get_district(self, report: Report) -> str | None:
        return report.neighbourhood.district.code if report.neighbourhood_id else None

    def get_overdue(self, report: Report) -> bool:
        return rules.is_overdue(due=report.due_on, today=timezone.localdate(), is_open=workflow.is_open(report.status))


class StaffReportContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class StaffReportHistorySerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(
        read_only=True, slug_field="username", allow_null=True, help_text="Null when the reporter or the system."
    )

    class Meta:
        model = ReportStatusChange
        fields = ["from_status", "to_status", "department", "reason", "recorded_at", "recorded_by"]


class StaffReportPhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The photo on the staff site (a logged-in session is needed).")

    class Meta:
        model = ReportPhoto
        fields = ["token", "content_type", "size", "width", "height", "url"]

    def get_url(self, photo: ReportPhoto) -> str:
        return reverse(
            "reports:report_photo",
            kwargs={"pk": photo.report_id, "token": photo.token},
            request=self.context.get("request"),
        )


class StaffReportInspectionSerializer(serializers.ModelSerializer):
    report = serializers.PrimaryKeyRelatedField(read_only=True)
    location = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="Housing location id.")
    requested_by = serializers.SlugRelatedField(read_only=True, slug_field="username", allow_null=True)

    class Meta:
        model = InspectionRequest
        fields = ["report", "location", "reason", "requested_at", "requested_by"]


class StaffReportDetailSerializer(StaffReportSerializer):
    """One report for the staff who handle it, contact details included (each read is audited)."""

    contact = serializers.SerializerMethodField(help_text="Null for an anonymous report.")
    history = StaffReportHistorySerializer(many=True, read_only=True)
    photos = StaffReportPhotoSerializer(many=True, read_only=True)
    duplicates = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Ids of its duplicates.")
    inspection_request = serializers.SerializerMethodField()

    class Meta(StaffReportSerializer.Meta):
        fields = [
            *StaffReportSerializer.Meta.fields,
            "contact",
            "history",
            "photos",
            "duplicates",
            "inspection_request",
        ]
        read_only_fields = fields

    @extend_schema_field(StaffReportContactSerializer(allow_null=True))
    def get_contact(self, report: Report) -> dict | None:
        if not (report.contact_name or report.contact_email or report.contact_phone):
            return None
        return StaffReportContactSerializer(report).data

    @extend_schema_field(StaffReportInspectionSerializer(allow_null=True))
    def get_inspection_request(self, report: Report) -> dict | None:
        request = InspectionRequest.objects.filter(report=report).first()
        return StaffReportInspectionSerializer(request).data if request is not None else None


class StaffReportCreatedSerializer(StaffReportDetailSerializer):
    tracking_code = serializers.CharField(read_only=True, help_text="For the reporter; returned this once only.")

    class Meta(StaffReportDetailSerializer.Meta):
        fields = [*StaffReportDetailSerializer.Meta.fields, "tracking_code"]
        read_only_fields = fields


class StaffReportContactInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    # No default here: an empty string as the default of an e-mail field makes the OpenAPI document invalid.
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class StaffReportCreateSerializer(serializers.Serializer):
    """A report taken in by staff: where by an address (postcode and number) or by lat/lon."""

    municipality = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="CBS code; municipal callers may leave it out (their own municipality).",
    )
    category = serializers.ChoiceField(choices=Category.choices)
    description = serializers.CharField(
        max_length=rules.DESCRIPTION_MAX_LENGTH, help_text=f"At least {rules.DESCRIPTION_MIN_LENGTH} characters."
    )
    address = StaffReportAddressSerializer(required=False, allow_null=True, default=None)
    lat = serializers.DecimalField(required=False, allow_null=True, default=None, **COORDINATE)
    lon = serializers.DecimalField(required=False, allow_null=True, default=None, **COORDINATE)
    language = serializers.ChoiceField(
        choices=rules.PORTAL_LANGUAGES,
        required=False,
        allow_blank=True,
        default="",
        help_text="Left out: recognised from the description.",
    )
    reporter_kind = serializers.ChoiceField(choices=ReporterKind.choices, required=False, default=ReporterKind.UNKNOWN)
    anonymous = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Required as `true` when no contact is given: staff say explicitly that a report is anonymous.",
    )
    contact = StaffReportContactInputSerializer(
        required=False, allow_null=True, default=None, help_text="The reporter's contact details, if not anonymous."
    )

    def validate(self, attrs):
        has_point = attrs.get("lat") is not None or attrs.get("lon") is not None
        if attrs.get("address") is None and not has_point:
            raise serializers.ValidationError(
                {"address": _("Geef een adres (postcode en huisnummer) of een punt (coördinaten).")}
            )
        if has_point and (attrs.get("lat") is None or attrs.get("lon") is None):
            raise serializers.ValidationError({"lat": _("Vul breedtegraad en lengtegraad allebei in.")})
        return attrs


class StaffReportTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReportStatus.choices, help_text="One of the next statuses.")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for " + ", ".join(sorted(workflow.NEEDS_REASON)) + ".",
    )
    department = serializers.ChoiceField(choices=Department.choices, required=False, allow_blank=True, default="")
    public_message = serializers.CharField(
        max_length=500, required=False, allow_null=True, default=None, help_text="Shown to the reporter."
    )


class StaffReportDuplicateSerializer(serializers.Serializer):
    main = serializers.CharField(help_text="The main report: its id or its reference, e.g. `M-000123`.")

    def validate_main(self, value: str) -> int:
        pk = reference_pk(value)
        if pk is None:
            raise serializers.ValidationError(_("Een meldingnummer ziet eruit als M-000123."))
        return pk


class StaffReportInspectionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why an inspection on site is needed.")


class StaffReportAssessmentSerializer(serializers.Serializer):
    """The staff's own marks; only these fields of a report can be changed with PATCH."""

    concerns_migrant_housing = serializers.BooleanField(required=False, help_text="Staff's own judgement.")
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.none(),
        required=False,
        allow_null=True,
        help_text="A housing location id of the same municipality.",
    )

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if locations is not None:
            self.fields["location"].queryset = locations

    def to_internal_value(self, data):
        unknown = set(getattr(data, "keys", lambda: [])()) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Dit veld kan niet worden gewijzigd.")] for name in sorted(unknown)}
            )
        return super().to_internal_value(data)
