"""Indicator endpoints: an area's indicators and a location's 80-10-10 distribution on a date. Thin: resolve and
scope, call the indicator selectors, suppress small numbers for the user (DOMAIN §4.8), render.

Small numbers: exact only for the owning municipality's registration role; everyone else (also a market party
reading its own location's distribution) gets counts under 5 as {"value": null, "suppressed": true, ...}.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.core.scopes import owns_aggregates_of
from zicht.geography.areas import area_for_user
from zicht.housing.selectors import location_list_visible_to

from .. import indicators, presentation

COUNT_HELP = 'An integer, or {"value": null, "suppressed": true, "display": "< 5"} for a small suppressed count.'


class DateQuerySerializer(serializers.Serializer):
    date = serializers.DateField(required=False, help_text="YYYY-MM-DD; default today.")


def _day(request):
    query = DateQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("date") or timezone.localdate()


class Count(serializers.JSONField):
    """Documentation only: a count that may be suppressed."""


class AreaRefSerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "AreaRef"


class StayMixSerializer(serializers.Serializer):
    short = Count(help_text=COUNT_HELP)
    mid = Count(help_text=COUNT_HELP)
    long = Count(help_text=COUNT_HELP)

    class Meta:
        ref_name = "StayMix"


class EstimateSerializer(serializers.Serializer):
    measure = serializers.CharField()
    year = serializers.IntegerField()
    low = serializers.FloatField()
    high = serializers.FloatField()
    source = serializers.CharField()

    class Meta:
        ref_name = "IndicatorEstimate"


class IntervalSerializer(serializers.Serializer):
    low = serializers.FloatField()
    high = serializers.FloatField()

    class Meta:
        ref_name = "RateInterval"


class IndicatorsSerializer(serializers.Serializer):
    """Documentation only: the body of GET /areas/{code}/indicators."""

    area = AreaRefSerializer()
    date = serializers.DateField()
    living = Count(help_text=COUNT_HELP)
    occupancy = Count(help_text=COUNT_HELP)
    capacity_beds = Count(help_text=COUNT_HELP)
    brp_registered = Count(help_text=COUNT_HELP)
    rni_only = Count(help_text=COUNT_HELP)
    should_register_not_registered = Count(help_text=COUNT_HELP)
    address_mismatch = Count(help_text=COUNT_HELP)
    working = Count(help_text=COUNT_HELP)
    registered_work_known = Count(help_text=COUNT_HELP)
    registered_working_in_residence = Count(help_text=COUNT_HELP)
    registration_rate = serializers.FloatField(allow_null=True, help_text="0..1; null when withheld or unknown.")
    registration_rate_interval = IntervalSerializer(allow_null=True, help_text="Over the published living estimate.")
    working_in_residence_share = serializers.FloatField(allow_null=True, help_text="Person-weighted (§4.4).")
    working_in_residence_share_mean_of_municipalities = serializers.FloatField(
        allow_null=True, help_text="Unweighted mean of the member municipalities' shares."
    )
    stay_mix = StayMixSerializer()
    registered_in_blocks = Count(help_text=COUNT_HELP, allow_null=True)
    estimates = EstimateSerializer(many=True)
    suppression_applied = serializers.BooleanField()
    withheld = serializers.DictField(child=serializers.CharField(), help_text="Withheld share → reason.")

    class Meta:
        ref_name = "AreaIndicators"


class DistributionSerializer(serializers.Serializer):
    """Documentation only: the body of GET /locations/{id}/distribution."""

    location = serializers.IntegerField()
    ref = serializers.CharField()
    date = serializers.DateField()
    occupancy = Count(help_text=COUNT_HELP)
    residents = Count(help_text=COUNT_HELP)
    known = Count(help_text=COUNT_HELP)
    same_municipality = Count(help_text=COUNT_HELP)
    elsewhere_in_region = Count(help_text=COUNT_HELP)
    outside_region = Count(help_text=COUNT_HELP)
    unknown = Count(help_text=COUNT_HELP)
    verdict = serializers.ChoiceField(choices=["compliant", "not_compliant", "insufficient_data"])
    broken = serializers.ListField(child=serializers.CharField(), help_text="The limits that are not met.")
    suppression_applied = serializers.BooleanField()

    class Meta:
        ref_name = "LocationDistribution"


class AreaIndicatorsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="An area's occupancy and registration indicators on a date",
        description="AREA is a neighbourhood code (BU01500100), a district code (WK015001), a municipality code "
        "(GM0150), a province code "
        "(PV23), a region's name or slug, or NL. "
        "Counts under 5 are suppressed except for the municipality's own registration officer.",
        parameters=[DateQuerySerializer, OpenApiParameter("code", str, OpenApiParameter.PATH)],
        responses=IndicatorsSerializer,
    )
    def get(self, request, code: str):
        area = area_for_user(request.user, code)
        on = _day(request)
        figures = presentation.suppressed(indicators.indicators_for(area, on), request.user)
        return Response(presentation.jsonable(dict(figures)))


class LocationDistributionView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="A location's residents and 80-10-10 distribution (§4.5) on a date",
        parameters=[DateQuerySerializer],
        responses=DistributionSerializer,
    )
    def get(self, request, pk: int):
        location = get_object_or_404(location_list_visible_to(request.user), pk=pk)
        on = _day(request)
        owner = owns_aggregates_of(request.user, location.municipality_id)
        data = presentation.distribution_dict(indicators.location_distribution(location, on), owner=owner)
        body = {
            "location": location.pk,
            "ref": location.ref,
            "date": on.isoformat(),
            "occupancy": data["residents"],
            **data,
            "suppression_applied": not owner,
        }
        return Response(presentation.jsonable(body))
