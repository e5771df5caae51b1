"""JSON shapes of the geography API. Relations are given by their public codes, never by database ids."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Address, District, Municipality, Neighbourhood, Province, Region


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class RegionSerializer(serializers.ModelSerializer):
    municipalities = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="CBS codes of the member municipalities."
    )

    class Meta:
        model = Region
        fields = ["slug", "name", "municipalities"]


class MunicipalitySerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(read_only=True, slug_field="code", help_text="CBS province code.")
    regions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug", help_text="Region slugs.")

    class Meta:
        model = Municipality
        fields = ["code", "name", "province", "regions"]


class DistrictSerializer(serializers.ModelSerializer):
    neighbourhoods = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="CBS codes of the district's neighbourhoods."
    )

    class Meta:
        model = District
        fields = ["code", "name", "neighbourhoods"]


class MunicipalityDetailSerializer(MunicipalitySerializer):
    districts = DistrictSerializer(many=True, read_only=True)

    class Meta(MunicipalitySerializer.Meta):
        fields = [*MunicipalitySerializer.Meta.fields, "districts"]


class NeighbourhoodSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(read_only=True, slug_field="code", help_text="CBS district code.")
    municipality = serializers.SlugRelatedField(read_only=True, slug_field="code", help_text="CBS municipality code.")

    class Meta:
        model = Neighbourhood
        fields = ["code", "name", "district", "municipality"]


class AddressSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(read_only=True, slug_field="code", help_text="CBS municipality code.")
    neighbourhood = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True, help_text="CBS neighbourhood code, if known."
    )
    # Declared here: the model's float range validators would make DRF warn about non-Decimal limits.
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True, allow_null=True, help_text="WGS84.")
    lon = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True, allow_null=True, help_text="WGS84.")

    class Meta:
        model = Address
        fields = [
            "id",
            "street",
            "house_number",
            "house_letter",
            "addition",
            "postcode",
            "city",
            "municipality",
            "neighbourhood",
            "bag_id",
            "lat",
            "lon",
        ]
