"""JSON shapes of the parties API."""

from __future__ import annotations

from rest_framework import serializers

from zicht.geography.models import Municipality

from .. import convenant_selectors
from ..choices import MARKET_KINDS
from ..models import (
    Certification,
    Convenant,
    ConvenantAgreement,
    ConvenantMeeting,
    ConvenantSignatory,
    Organisation,
    Signal,
)


class CertificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certification
        fields = ["scheme", "number", "valid_from", "valid_until"]


class OrganisationSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True, help_text="CBS municipality code."
    )
    province = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True, help_text="CBS province code."
    )
    region = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True, help_text="Region slug.")
    certifications = CertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "kvk_number", "municipality", "province", "region", "website", "certifications"]


class ConvenantAgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConvenantAgreement
        fields = ["topic", "text", "position"]


class ConvenantSignatorySerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True, help_text="Organisation id.")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ConvenantSignatory
        fields = ["organisation", "organisation_name", "signed_on", "withdrawn_on"]


class ConvenantMeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConvenantMeeting
        fields = ["id", "date", "place"]


class ConvenantSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(read_only=True, slug_field="slug", help_text="Region slug.")
    region_name = serializers.CharField(source="region.name", read_only=True)
    signatory_count = serializers.IntegerField(read_only=True, help_text="Signatories that have not withdrawn.")

    class Meta:
        model = Convenant
        fields = [
            "id",
            "title",
            "region",
            "region_name",
            "valid_from",
            "valid_until",
            "meeting_interval_weeks",
            "signatory_count",
        ]


class ConvenantDetailSerializer(ConvenantSerializer):
    agreements = ConvenantAgreementSerializer(many=True, read_only=True)
    signatories = ConvenantSignatorySerializer(many=True, read_only=True)
    meetings = ConvenantMeetingSerializer(many=True, read_only=True)

    class Meta(ConvenantSerializer.Meta):
        fields = [*ConvenantSerializer.Meta.fields, "description", "agreements", "signatories", "meetings"]


class SignalSerializer(serializers.ModelSerializer):
    raised_by_municipality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        help_text="CBS code of the municipality raising the signal. A municipal caller raises for its own "
        "municipality; a regional coordinator names one of the region's municipalities.",
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    meeting = ConvenantMeetingSerializer(read_only=True, allow_null=True)
    raised_on = serializers.DateField(required=False, help_text="Defaults to today.")

    class Meta:
        model = Signal
        fields = [
            "id",
            "convenant",
            "organisation",
            "organisation_name",
            "topic",
            "subject",
            "description",
            "raised_by_municipality",
            "raised_on",
            "status",
            "meeting",
            "outcome",
        ]
        read_only_fields = ["status", "outcome"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        # The convenant can only be one whose signals the caller may see.
        self.fields["convenant"].queryset = convenant_selectors.convenants_open_for_signals(user)
        self.fields["organisation"].queryset = Organisation.objects.filter(kind__in=MARKET_KINDS)
