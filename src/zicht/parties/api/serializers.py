"""JSON shapes of the parties API."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Certification, Organisation


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
