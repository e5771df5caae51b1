"""JSON shapes of the neighbourhoods API: a neighbourhood's profile and the neighbourhood plans."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from zicht.geography.models import District, Municipality, Neighbourhood
from zicht.occupancy import presentation
from zicht.occupancy.api.indicators import COUNT_HELP, Count, IndicatorsSerializer

from ..models import NeighbourhoodPlan, PlanMeasure
from ..selectors import Profile

ENFORCEMENT_NOTE = (
    "Inspection outcomes and violations appear once inspections and enforcement are registered in Zicht; "
    "until then `requests` lists the reports forwarded into an inspection."
)


# ---- profile (documentation serializers; the body is built by profile_body) -----------------------------------


class ProfileAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ProfileArea"


class ProfileNeighbourhoodSerializer(ProfileAreaSerializer):
    district = ProfileAreaSerializer()
    municipality = ProfileAreaSerializer()

    class Meta:
        ref_name = "ProfileNeighbourhood"


class ProfileHousingSerializer(serializers.Serializer):
    locations_in_use = serializers.IntegerField()
    locations_planned = serializers.IntegerField()
    locations_closed = serializers.IntegerField()
    capacity_beds = serializers.IntegerField(help_text="Beds of the locations in use.")
    planned_beds = serializers.IntegerField()
    room_rental_addresses = serializers.IntegerField(help_text="Locations in use of the form regular_dwelling.")


class ProfileCategoryCountSerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    count = Count(help_text=COUNT_HELP)


class ProfileQuarterCountSerializer(serializers.Serializer):
    quarter = serializers.CharField(help_text="e.g. 2025-Q3")
    start = serializers.DateField()
    count = Count(help_text=COUNT_HELP)


class ProfileReportsSerializer(serializers.Serializer):
    since = serializers.DateField(help_text="First day of the twelve months of the per-category counts.")
    until = serializers.DateField()
    exact = serializers.BooleanField(help_text="False when counts under 5 are suppressed for the caller.")
    last_twelve_months = Count(help_text=COUNT_HELP)
    open = Count(help_text=COUNT_HELP)
    overdue = Count(help_text=COUNT_HELP)
    forwarded_to_inspection = Count(help_text=COUNT_HELP)
    by_category = ProfileCategoryCountSerializer(many=True)
    by_quarter = ProfileQuarterCountSerializer(many=True, help_text="The last eight quarters, oldest first.")


class ProfileInspectionRequestSerializer(serializers.Serializer):
    report = serializers.CharField(help_text="Report reference, e.g. M-000123.")
    category = serializers.CharField()
    location = serializers.CharField(allow_null=True, help_text="Housing location reference.")
    requested_at = serializers.DateTimeField()


class ProfileInspectionsSerializer(serializers.Serializer):
    note = serializers.CharField()
    requests = ProfileInspectionRequestSerializer(
        many=True, allow_null=True, help_text="Null for callers who see report figures only (region, province)."
    )


class ProfilePlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.CharField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    measure_count = serializers.IntegerField()


class NeighbourhoodProfileSerializer(serializers.Serializer):
    """Documentation only: the body of GET /neighbourhoods/{code}/profile."""

    neighbourhood = ProfileNeighbourhoodSerializer()
    date = serializers.DateField(help_text="The date of the occupancy figures.")
    housing = ProfileHousingSerializer()
    occupancy = IndicatorsSerializer()
    reports = ProfileReportsSerializer()
    inspections = ProfileInspectionsSerializer()
    plans = ProfilePlanSerializer(many=True)


def _named(item) -> dict:
    return {"code": item.code, "name": item.name}


def profile_body(profile: Profile) -> dict:
    """The profile as JSON-ready data; suppressed counts as {"value": null, "suppressed": true, "display": "< 5"}."""
    hood, housing, reports = profile.neighbourhood, profile.housing, profile.reports
    requests = None
    if profile.inspection_requests is not None:
        requests = [
            {
                "report": item.report.reference,
                "category": item.report.category,
                "location": item.location.ref if item.location_id else None,
                "requested_at": item.requested_at.isoformat(),
            }
            for item in profile.inspection_requests
        ]
    body = {
        "neighbourhood": {**_named(hood), "district": _named(hood.district), "municipality": _named(hood.municipality)},
        "date": profile.on.isoformat(),
        "housing": {
            "locations_in_use": housing.in_use,
            "locations_planned": housing.planned,
            "locations_closed": housing.closed,
            "capacity_beds": housing.capacity_beds,
            "planned_beds": housing.planned_beds,
            "room_rental_addresses": housing.room_rental_addresses,
        },
        "occupancy": dict(profile.occupancy),
        "reports": {
            "since": reports.since.isoformat(),
            "until": reports.today.isoformat(),
            "exact": reports.exact,
            "last_twelve_months": reports.last_twelve_months,
            "open": reports.open,
            "overdue": reports.overdue,
            "forwarded_to_inspection": reports.forwarded_to_inspection,
            "by_category": [
                {"category": row.key, "label": row.label, "count": row.count} for row in reports.by_category
            ],
            "by_quarter": [
                {"quarter": _quarter_code(row.key), "start": row.key, "count": row.count} for row in reports.by_quarter
            ],
        },
        "inspections": {"note": ENFORCEMENT_NOTE, "requests": requests},
        "plans": [
            {
                "id": plan.pk,
                "name": plan.name,
                "status": plan.status,
                "starts_on": plan.starts_on.isoformat() if plan.starts_on else None,
                "ends_on": plan.ends_on.isoformat() if plan.ends_on else None,
                "measure_count": plan.measure_count,
            }
            for plan in profile.plans
        ],
    }
    return presentation.jsonable(body)


def _quarter_code(start: str) -> str:
    year, month = int(start[:4]), int(start[5:7])
    return f"{year}-Q{(month - 1) // 3 + 1}"


class DateQuerySerializer(serializers.Serializer):
    date = serializers.DateField(
        required=False, help_text="YYYY-MM-DD: the date of the occupancy figures; default today."
    )


# ---- plans ----------------------------------------------------------------------------------------------------


class PlanMeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanMeasure
        fields = ["id", "kind", "title", "owner", "status", "starts_on", "ends_on", "note"]


class NeighbourhoodPlanSerializer(serializers.ModelSerializer):
    municipality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Municipality.objects.all(),
        required=False,
        help_text="CBS municipality code. A policy officer writes for their own municipality (default); an "
        "administrator names it. Cannot be changed on update.",
    )
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    district = serializers.SlugRelatedField(
        slug_field="code", queryset=District.objects.all(), required=False, allow_null=True, help_text="CBS code."
    )
    neighbourhoods = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Neighbourhood.objects.all(),
        many=True,
        required=False,
        help_text="CBS codes of the neighbourhoods, all in the plan's municipality.",
    )
    measures = PlanMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = NeighbourhoodPlan
        fields = [
            "id",
            "municipality",
            "municipality_name",
            "district",
            "neighbourhoods",
            "name",
            "status",
            "summary",
            "adopted_on",
            "starts_on",
            "ends_on",
            "measures",
        ]
        # The service checks the unique name per municipality (full_clean), after the municipality is known.
        validators: list = []

    def validate(self, attrs: dict) -> dict:
        municipality = attrs.get("municipality")
        if self.instance is not None and municipality is not None and municipality != self.instance.municipality:
            raise serializers.ValidationError({"municipality": [_("De gemeente van een wijkplan ligt vast.")]})
        starts_on = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends_on = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts_on and ends_on and ends_on < starts_on:
            raise serializers.ValidationError({"ends_on": [_("Het einde ligt vóór het begin.")]})
        return attrs
