"""JSON shapes of the housing API. Relations by public codes (CBS code, KvK number); decimals as strings.

Decimals (coordinates, areas, norm limits) are strings, as in the geography API's addresses, so that no client
rounds 15.0 m² per person into 14.999….
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from zicht.core.scopes import visible_municipalities
from zicht.geography.models import Municipality, Neighbourhood
from zicht.geography.validators import normalise_postcode
from zicht.parties.models import Organisation

from ..choices import LocationStatus, NormVerdict
from ..models import Location, NormRule, NormSet, NormSetVersion
from ..permissions import is_market_party

AREA = {"max_digits": 9, "decimal_places": 1, "min_value": 0, "allow_null": True, "required": False}
COORDINATE = {"max_digits": 9, "decimal_places": 6, "allow_null": True, "required": False, "help_text": "WGS84."}
# Limits and figures in a norm evaluation: "15", "3.5", "29.9" rather than "15.00".
NORM_NUMBER = {"max_digits": 12, "decimal_places": 2, "normalize_output": True}


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kvk_number"]


class LocationAddressSerializer(serializers.Serializer):
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

    def validate(self, attrs):
        # Addresses are found by letter or addition (the geography service's key), not by both at once.
        if attrs.get("house_letter") and attrs.get("addition"):
            raise serializers.ValidationError({"addition": _("Geef een huisletter of een toevoeging, niet allebei.")})
        return attrs


class LocationSerializer(serializers.ModelSerializer):
    """A location as the API shows it."""

    municipality = serializers.CharField(source="municipality.code", read_only=True, help_text="CBS code.")
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    neighbourhood = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True, help_text="CBS neighbourhood code."
    )
    address = LocationAddressSerializer(read_only=True, allow_null=True)
    lat = serializers.DecimalField(read_only=True, **COORDINATE)
    lon = serializers.DecimalField(read_only=True, **COORDINATE)
    operator = OrganisationRefSerializer(read_only=True, allow_null=True)
    owner = OrganisationRefSerializer(read_only=True, allow_null=True)
    registered_by = OrganisationRefSerializer(
        read_only=True, allow_null=True, help_text="The market party that registered the initiative."
    )
    applicable_norm_set = serializers.SlugRelatedField(
        source="norm_set_applied", read_only=True, slug_field="code", allow_null=True
    )
    url = serializers.HyperlinkedIdentityField(view_name="api-location-detail", help_text="This location in the API.")

    class Meta:
        model = Location
        fields = [
            "id",
            "ref",
            "name",
            "municipality",
            "municipality_name",
            "neighbourhood",
            "address",
            "lat",
            "lon",
            "form",
            "stay_type",
            "status",
            "status_since",
            "in_use_since",
            "expected_delivery",
            "operator",
            "owner",
            "registered_by",
            "review",
            "permit_reference",
            "permit_granted_on",
            "permit_valid_until",
            "certificate_scheme",
            "certificate_number",
            "certificate_valid_until",
            "capacity_beds",
            "floor_area_m2",
            "bedrooms",
            "bedroom_area_m2",
            "toilets",
            "showers",
            "cooking_points",
            "fridge_litres",
            "two_per_bedroom_agreed",
            "norm_verdict",
            "norm_capacity",
            "applicable_norm_set",
            "url",
        ]
        read_only_fields = fields


class OrganisationByKvkField(serializers.SlugRelatedField):
    """An organisation by KvK number; the object a GET returns ({id, name, kvk_number}) is accepted as well."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "kvk_number")
        kwargs.setdefault("queryset", Organisation.objects.exclude(kvk_number=""))
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("kvk_number")
        return super().to_internal_value(data)


class ScopedMunicipalityField(serializers.SlugRelatedField):
    """A CBS code within the caller's area; a market party registers initiatives anywhere."""

    default_error_messages = {
        "does_not_exist": _("Geen gemeente met code {value} in uw gebied."),
        "invalid": _("Ongeldige gemeentecode."),
    }

    def get_queryset(self):
        user = self.context["request"].user
        return Municipality.objects.all() if is_market_party(user) else visible_municipalities(user)


class LocationWriteSerializer(serializers.ModelSerializer):
    """What a client may send to register or change a location; status changes go through the status action."""

    ref = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text="Own reference; left out, Zicht assigns LOC-nnnnn."
    )
    municipality = ScopedMunicipalityField(slug_field="code", help_text="CBS code, e.g. `GM0150`.")
    neighbourhood = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Neighbourhood.objects.all(),
        allow_null=True,
        required=False,
        help_text="CBS neighbourhood code in the same municipality.",
    )
    address = LocationAddressSerializer(
        allow_null=True, required=False, help_text="Found or added by postcode, house number and addition."
    )
    lat = serializers.DecimalField(**COORDINATE)
    lon = serializers.DecimalField(**COORDINATE)
    operator = OrganisationByKvkField(help_text="KvK number of the operating housing provider.")
    owner = OrganisationByKvkField(help_text="KvK number of the owner.")
    floor_area_m2 = serializers.DecimalField(**AREA)
    bedroom_area_m2 = serializers.DecimalField(**AREA)

    class Meta:
        model = Location
        fields = [
            "ref",
            "name",
            "municipality",
            "neighbourhood",
            "address",
            "lat",
            "lon",
            "form",
            "stay_type",
            "in_use_since",
            "expected_delivery",
            "operator",
            "owner",
            "permit_reference",
            "permit_granted_on",
            "permit_valid_until",
            "certificate_scheme",
            "certificate_number",
            "certificate_valid_until",
            "capacity_beds",
            "floor_area_m2",
            "bedrooms",
            "bedroom_area_m2",
            "toilets",
            "showers",
            "cooking_points",
            "fridge_litres",
            "two_per_bedroom_agreed",
        ]

    def validate(self, attrs):
        status = self.initial_data.get("status") if hasattr(self.initial_data, "get") else None
        if self.instance is not None and status is not None and status != self.instance.status:
            # A PUT of what GET returned carries the unchanged status; a different one needs the dated action.
            raise serializers.ValidationError({"status": _("Wijzig de status met POST /api/v1/locations/{id}/status.")})
        return attrs


class LocationCreateSerializer(LocationWriteSerializer):
    """A new location may start in any status (an existing site is registered as in use); a market party's is an
    initiative whatever it sends."""

    status = serializers.ChoiceField(choices=LocationStatus.choices, required=False)
    status_since = serializers.DateField(required=False, help_text="Default: today.")

    class Meta(LocationWriteSerializer.Meta):
        fields = [*LocationWriteSerializer.Meta.fields, "status", "status_since"]


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LocationStatus.choices)
    on = serializers.DateField(required=False, help_text="The day of the change; default today.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class NormQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today.")
    persons = serializers.IntegerField(
        min_value=0, max_value=100000, required=False, help_text="Default: the location's beds."
    )


class RuleResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    figure = serializers.CharField(help_text="The location figure the rule reads, e.g. `floor_area_m2`.")
    figure_value = serializers.DecimalField(allow_null=True, **NORM_NUMBER)
    limit = serializers.DecimalField(**NORM_NUMBER)
    max_persons = serializers.IntegerField(allow_null=True)
    verdict = serializers.ChoiceField(choices=NormVerdict.choices)


class NormEvaluationSerializer(serializers.Serializer):
    norm_set = serializers.CharField(help_text="Norm set code.")
    name = serializers.CharField()
    applicable = serializers.BooleanField(help_text="The set the register's verdict comes from.")
    valid_from = serializers.DateField(allow_null=True, help_text="The version in force; null when none is.")
    verdict = serializers.ChoiceField(choices=NormVerdict.choices)
    norm_capacity = serializers.IntegerField(allow_null=True)
    persons = serializers.IntegerField()
    missing = serializers.ListField(child=serializers.CharField(), help_text="Figures that are not known.")
    rules = RuleResultSerializer(many=True)


class NormEvaluationsSerializer(serializers.Serializer):
    location = serializers.IntegerField()
    date = serializers.DateField()
    persons = serializers.IntegerField()
    results = NormEvaluationSerializer(many=True)


def norm_evaluation_data(item, persons: int) -> dict:
    """A selectors.NormEvaluation as plain data for NormEvaluationSerializer."""
    evaluation = item.evaluation
    return {
        "norm_set": item.norm_set.code,
        "name": item.norm_set.name,
        "applicable": item.applicable,
        "valid_from": evaluation.valid_from if evaluation else None,
        "verdict": item.verdict,
        "norm_capacity": item.norm_capacity,
        "persons": evaluation.persons if evaluation else persons,
        "missing": list(evaluation.missing) if evaluation else [],
        "rules": [
            {
                "kind": rule.kind,
                "figure": rule.figure,
                "figure_value": rule.figure_value,
                "limit": rule.limit,
                "max_persons": rule.max_persons,
                "verdict": rule.verdict,
            }
            for rule in (evaluation.rules if evaluation else ())
        ],
    }


class NormRuleSerializer(serializers.ModelSerializer):
    limit = serializers.DecimalField(**NORM_NUMBER)
    limit_if_agreed = serializers.DecimalField(allow_null=True, **NORM_NUMBER)

    class Meta:
        model = NormRule
        fields = ["kind", "limit", "applies_to", "limit_if_agreed", "new_sites_from"]


class NormSetVersionSerializer(serializers.ModelSerializer):
    rules = NormRuleSerializer(many=True, read_only=True)

    class Meta:
        model = NormSetVersion
        fields = ["valid_from", "note", "rules"]


class NormSetSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        read_only=True, slug_field="code", allow_null=True, help_text="CBS code for a municipality's own set."
    )
    versions = NormSetVersionSerializer(many=True, read_only=True)

    class Meta:
        model = NormSet
        fields = ["code", "name", "municipality", "source", "description", "versions"]


class FeatureCollectionSerializer(serializers.Serializer):
    """Documentation only: the GeoJSON (RFC 7946) shape of the map endpoint."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = serializers.ListField(child=serializers.DictField(), help_text="Point features, [lon, lat].")
