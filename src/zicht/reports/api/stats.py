"""GET /api/v1/areas/{code}/report-stats: an area's reports over a period, the dashboard's figures as JSON.

Thin: resolve and scope the area (404 outside the user's scope, 403 for market parties), validate the query, call
reports.stats, render. Counts under 5 are {"value": null, "suppressed": true, "display": "< 5"} for aggregate-only
viewers (region, province), as the occupancy API renders them; the municipality's own staff get exact counts.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from zicht.core.privacy.suppression import SuppressedCount
from zicht.geography.areas import area_for_user

from .. import stats
from ..choices import Category, Period
from ..filters import CLOSED, NO, OPEN, UNASSESSED, YES

MAX_DAYS = 5 * 366
COUNT_HELP = 'An integer, or {"value": null, "suppressed": true, "display": "< 5"} for a small suppressed count.'


class StatsQuerySerializer(serializers.Serializer):
    from_ = serializers.DateField(required=False, help_text="YYYY-MM-DD, first local date of created_at; default: "
                                  "the first day of the month eleven months back.")  # fmt: skip
    to = serializers.DateField(required=False, help_text="YYYY-MM-DD, last local date included; default today.")
    period = serializers.ChoiceField(choices=Period.choices, required=False, help_text="Bucket size, default month.")
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    status = serializers.ChoiceField(choices=[OPEN, CLOSED], required=False, help_text="Open or closed reports only.")
    concerns_migrant_housing = serializers.ChoiceField(
        choices=[YES, NO, UNASSESSED], required=False, help_text="Staff's mark; unassessed = not yet marked."
    )

    class Meta:
        ref_name = "ReportStatsQuery"

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")  # "from" is a Python keyword
        return fields

    def validate(self, attrs):
        default_from, default_to = stats.default_period(timezone.localdate())
        first, last = attrs.get("from") or default_from, attrs.get("to") or default_to
        if first > last:
            raise serializers.ValidationError({"from": [_("De begindatum ligt na de einddatum.")]})
        if (last - first).days > MAX_DAYS:
            raise serializers.ValidationError({"from": [_("Kies een periode van hooguit vijf jaar.")]})
        return {**attrs, "from": first, "to": last}


class Count(serializers.JSONField):
    """Documentation only: a count that may be suppressed."""


def _counts_per_category(**kwargs) -> serializers.DictField:
    return serializers.DictField(child=Count(help_text=COUNT_HELP), help_text="Category → count.", **kwargs)


class AreaSerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ReportStatsArea"


class PlaceRowSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="CBS code; null for reports outside a known place.")
    name = serializers.CharField()
    district_code = serializers.CharField(allow_blank=True)
    district_name = serializers.CharField(allow_blank=True)
    total = Count(help_text=COUNT_HELP)
    per_category = _counts_per_category()
    open = Count(help_text="Open now, " + COUNT_HELP)
    overdue = Count(help_text="Open now and past the due date, " + COUNT_HELP)

    class Meta:
        ref_name = "ReportStatsPlace"


class HandlingSerializer(serializers.Serializer):
    handled = Count(help_text="Reports handled in the period. " + COUNT_HELP)
    within_service_level = Count(help_text=COUNT_HELP)
    median_days = serializers.FloatField(allow_null=True, help_text="Working days, nearest rank; null when unknown.")
    p90_days = serializers.FloatField(allow_null=True, help_text="90th percentile, nearest rank.")
    within_service_level_share = serializers.FloatField(allow_null=True, help_text="0..1; null when withheld.")

    class Meta:
        ref_name = "ReportStatsHandling"


class HandlingTimeSerializer(HandlingSerializer):
    per_category = serializers.DictField(child=HandlingSerializer(), help_text="Category → handling time.")

    class Meta:
        ref_name = "ReportStatsHandlingTime"


class ChangeSerializer(serializers.Serializer):
    difference = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text="Difference / earlier count; null when that was 0.")

    class Meta:
        ref_name = "ReportStatsChange"


class BucketSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Last day counted (the period's end may cut a bucket short).")
    partial = serializers.BooleanField()
    total = Count(help_text=COUNT_HELP)
    per_category = _counts_per_category()
    change_previous = ChangeSerializer(allow_null=True)
    year_earlier = Count(allow_null=True, help_text="The same days a year earlier; null without data then.")
    change_year_earlier = ChangeSerializer(allow_null=True)

    class Meta:
        ref_name = "ReportStatsBucket"


class ReportStatsSerializer(serializers.Serializer):
    """Documentation only: the body of GET /areas/{code}/report-stats."""

    area = AreaSerializer()
    period = serializers.ChoiceField(choices=Period.choices)
    total = Count(help_text="Reports created in the period. " + COUNT_HELP)
    per_category = _counts_per_category()
    per_neighbourhood = PlaceRowSerializer(many=True)
    per_district = PlaceRowSerializer(many=True)
    handling_time = HandlingTimeSerializer()
    open = Count(help_text="Open now, whatever the period. " + COUNT_HELP)
    overdue = Count(help_text=COUNT_HELP)
    open_per_category = _counts_per_category()
    overdue_per_category = _counts_per_category()
    linked_to_location = Count(help_text=COUNT_HELP)
    concerns_migrant_housing = Count(help_text="Marked by staff as concerning labour-migrant housing. " + COUNT_HELP)
    periods = BucketSerializer(many=True)
    suppression_applied = serializers.BooleanField()

    class Meta:
        ref_name = "ReportStats"

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        fields["to"] = serializers.DateField()
        return fields


def jsonable(value):
    """Suppressed counts as {"value": null, "suppressed": true, "display": "< 5"} and dates as ISO text."""
    if isinstance(value, SuppressedCount):
        return value.as_json()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [jsonable(item) for item in value]
    return value


def _place(row: dict) -> dict:
    row = {key: value for key, value in row.items() if key != "municipality"}
    return {**row, "code": row["code"] or None}


class AreaReportStatsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="An area's reports over a period: per category, neighbourhood and bucket, handling times, backlog",
        description="CODE is a neighbourhood (BU01500100), district (WK015001), municipality (GM0150), province "
        "(PV23), region name or "
        "slug, or NL. Reports count by the local date they were made; handling times are of reports handled in the "
        "period; open and overdue are today's. Counts under 5 are suppressed except for the municipality's own "
        "staff.",
        parameters=[StatsQuerySerializer, OpenApiParameter("code", str, OpenApiParameter.PATH)],
        responses=ReportStatsSerializer,
    )
    def get(self, request, code: str):
        area = area_for_user(request.user, code)
        if not request.user.has_perm("reports.view_report_stats"):
            raise PermissionDenied
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        flt = stats.StatsFilter(
            date_from=data["from"],
            date_to=data["to"],
            category=data.get("category", ""),
            migrant_housing=data.get("concerns_migrant_housing", ""),
            status=data.get("status", ""),
        )
        figures = stats.report_stats(area, flt, period=data.get("period") or Period.MONTH)
        body = stats.presented(figures, exact=stats.may_see_exact(request.user, area))
        body.pop("today")
        body["per_neighbourhood"] = [_place(row) for row in body["per_neighbourhood"]]
        body["per_district"] = [_place(row) for row in body["per_district"]]
        return Response(jsonable(body))
