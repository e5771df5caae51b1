"""Admin for the housing register: administrators maintain norm sets (DOMAIN §4.3) and correct locations.

Stored norm verdicts follow every change made here: saving a norm set, a version or its rules re-evaluates the
locations the set can apply to. A location's status history is shown, never edited; status changes and reviews go
through the register pages, where the workflow is checked.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zicht.core import audit
from zicht.core.models import AuditAction
from zicht.core.permissions import is_administrator

from . import services
from .choices import LocationStatus
from .models import Location, LocationStatusChange, NormRule, NormSet, NormSetVersion, Unit

NORM_FIELDS = ("norm_verdict", "norm_capacity", "norm_set_applied", "norm_evaluated_on")


class AdministratorAccess:
    """The administrator role manages these pages without per-model Django permissions; others need them."""

    def has_module_permission(self, request) -> bool:
        return is_administrator(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args) -> bool:
        return is_administrator(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user) or super().has_delete_permission(request, obj)


def locations_of_norm_set(norm_set: NormSet, *municipality_ids: int | None) -> QuerySet[Location]:
    """The locations whose verdict a change to `norm_set` can alter (a national set can apply anywhere)."""
    if norm_set.municipality_id is None:
        return Location.objects.all()
    ids = {pk for pk in (norm_set.municipality_id, *municipality_ids) if pk}
    return Location.objects.filter(
        Q(municipality_id__in=ids) | Q(norm_set_id=norm_set.pk) | Q(norm_set_applied_id=norm_set.pk)
    )


def _norm_set(obj: NormSet | NormSetVersion) -> NormSet:
    return obj if isinstance(obj, NormSet) else obj.norm_set


def _affected_by_form(form) -> QuerySet[Location]:
    """The locations of the set as saved, and of where it was before: a set or version can move."""
    obj = form.instance
    if isinstance(obj, NormSet):
        return locations_of_norm_set(obj, form.initial.get("municipality"))
    affected = locations_of_norm_set(obj.norm_set)
    previous = form.initial.get("norm_set")
    if previous and previous != obj.norm_set_id:
        affected = affected | locations_of_norm_set(NormSet.objects.get(pk=previous))
    return affected


class NormRefresh:
    """Re-evaluate the stored verdicts once the set, its versions and their rules (the inlines) are saved."""

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.refresh_norm_verdicts(_affected_by_form(form).distinct())

    def delete_model(self, request, obj) -> None:
        affected = list(locations_of_norm_set(_norm_set(obj)).values_list("pk", flat=True))
        super().delete_model(request, obj)
        services.refresh_norm_verdicts(Location.objects.filter(pk__in=affected))

    def delete_queryset(self, request, queryset) -> None:
        affected = set()
        for obj in queryset:
            affected.update(locations_of_norm_set(_norm_set(obj)).values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        services.refresh_norm_verdicts(Location.objects.filter(pk__in=affected))


class NormSetVersionInline(AdministratorAccess, admin.TabularInline):
    model = NormSetVersion
    fields = ["valid_from", "note"]
    extra = 0
    show_change_link = True  # the rules of a version are edited on its own page


@admin.register(NormSet)
class NormSetAdmin(NormRefresh, AdministratorAccess, admin.ModelAdmin):
    list_display = ["name", "code", "municipality", "version_count", "latest_version"]
    list_filter = [("municipality", admin.EmptyFieldListFilter)]
    list_select_related = ["municipality"]
    search_fields = ["code", "name", "municipality__name"]
    # The municipality stays a plain list: an autocomplete needs view permission on municipalities, which the
    # administrator role does not get from Django's model permissions.
    autocomplete_fields: list[str] = []
    prepopulated_fields = {"code": ["name"]}
    inlines = [NormSetVersionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_versions=Count("versions"), _latest=Max("versions__valid_from"))

    @admin.display(description=_("versies"), ordering="_versions")
    def version_count(self, obj: NormSet) -> int:
        return obj._versions

    @admin.display(description=_("laatste versie geldig vanaf"), ordering="_latest")
    def latest_version(self, obj: NormSet):
        return obj._latest


class NormRuleInline(AdministratorAccess, admin.TabularInline):
    model = NormRule
    fields = ["kind", "limit", "applies_to", "limit_if_agreed", "new_sites_from"]
    extra = 1


@admin.register(NormSetVersion)
class NormSetVersionAdmin(NormRefresh, AdministratorAccess, admin.ModelAdmin):
    list_display = ["norm_set", "valid_from", "note", "rule_count"]
    list_filter = ["norm_set"]
    list_select_related = ["norm_set"]
    search_fields = ["norm_set__name", "norm_set__code", "note"]
    date_hierarchy = "valid_from"
    inlines = [NormRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_rules=Count("rules"))

    @admin.display(description=_("regels"), ordering="_rules")
    def rule_count(self, obj: NormSetVersion) -> int:
        return obj._rules


class UnitInline(AdministratorAccess, admin.TabularInline):
    model = Unit
    fields = [
        "name",
        "beds",
        "floor_area_m2",
        "bedrooms",
        "bedroom_area_m2",
        "toilets",
        "showers",
        "cooking_points",
        "fridge_litres",
    ]
    extra = 0


class StatusHistoryInline(admin.TabularInline):
    """The lifecycle as recorded: readable here, never added to, changed or deleted."""

    model = LocationStatusChange
    fields = ["on", "from_status", "to_status", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields
    ordering = ["on", "pk"]
    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Location)
class LocationAdmin(AdministratorAccess, admin.ModelAdmin):
    list_display = ["ref", "name", "municipality", "status", "capacity_beds", "norm_capacity", "norm_verdict"]
    list_filter = ["status", "norm_verdict", "form", "stay_type", "certificate_scheme", "municipality__province"]
    list_select_related = ["municipality"]
    search_fields = ["ref", "name", "municipality__name", "address__street", "address__postcode", "operator__name"]
    autocomplete_fields = [
        "municipality",
        "neighbourhood",
        "address",
        "other_addresses",
        "operator",
        "owner",
        "registered_by",
        "norm_set",
    ]
    readonly_fields = [*NORM_FIELDS, "review", "review_note", "reviewed_at", "reviewed_by", "created_at", "updated_at"]
    inlines = [UnitInline, StatusHistoryInline]
    fieldsets = [
        (
            None,
            {"fields": ["ref", "name", "municipality", "neighbourhood", "address", "other_addresses", "lat", "lon"]},
        ),
        (_("Vorm en levenscyclus"), {"fields": ["form", "stay_type", "status", "status_since", "in_use_since"]}),
        (_("Planning"), {"fields": ["expected_delivery"]}),
        (_("Partijen"), {"fields": ["operator", "owner", "registered_by"]}),
        (_("Beoordeling"), {"fields": ["review", "review_note", "reviewed_at", "reviewed_by"]}),
        (
            _("Vergunning en keurmerk"),
            {
                "fields": [
                    "permit_reference",
                    "permit_granted_on",
                    "permit_valid_until",
                    "certificate_scheme",
                    "certificate_number",
                    "certificate_valid_until",
                ]
            },
        ),
        (
            _("Capaciteit en voorzieningen"),
            {
                "description": _("Heeft de locatie units, dan volgen deze totalen de units."),
                "fields": [
                    "capacity_beds",
                    "floor_area_m2",
                    "bedrooms",
                    "bedroom_area_m2",
                    "toilets",
                    "showers",
                    "cooking_points",
                    "fridge_litres",
                    "two_per_bedroom_agreed",
                ],
            },
        ),
        (_("Normen"), {"fields": ["norm_set", *NORM_FIELDS]}),
        (_("Opmerkingen"), {"fields": ["notes", "created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The history must match the status; a change of status goes through the workflow on the register pages.
            fields += ["status", "status_since", "in_use_since"]
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting removes the history with it: only for who holds the explicit permission. Close a location instead.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def save_model(self, request, obj: Location, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            LocationStatusChange.objects.create(
                location=obj,
                from_status="",
                to_status=obj.status,
                on=obj.status_since,
                recorded_by=request.user,
                note=_("Geregistreerd in beheer"),
            )
            if obj.status == LocationStatus.IN_USE and obj.in_use_since is None:
                obj.in_use_since = obj.status_since
                obj.save(update_fields=["in_use_since"])

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        location = form.instance
        services.location_refresh_totals(location)  # does nothing without units
        services.refresh_norm_verdict(location)
        audit.record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            obj=location,
            changed_fields=form.changed_data,
            request=request,
            municipality_id=location.municipality_id,
        )
