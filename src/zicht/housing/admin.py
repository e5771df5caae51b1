"""Admin for the housing register: administrators maintain norm sets (DOMAIN §4.3) and correct locations.

Stored norm verdicts follow every change made here: saving a norm set, a version or its rules re-evaluates the
locations the set can apply to. Locations and their units are created and changed through housing.services, as
on the register pages: a status change here is checked against the lifecycle under a row lock and appended to the
history, which is shown, never edited. Reviews go through the register pages.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.permissions import is_administrator

from . import services, workflow
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


NOTE_CHANGED = _("Gewijzigd in beheer")


class LocationAdminForm(forms.ModelForm):
    """Refuses a status step the lifecycle does not allow before anything is saved."""

    class Meta:
        model = Location
        fields = "__all__"  # noqa: DJ007  (the admin takes the fields from its fieldsets)

    def clean(self):
        data = super().clean()
        wanted = data.get("status")
        if self.instance.pk and "status_since" in self.changed_data and "status" not in self.changed_data:
            self.add_error("status_since", _("De statusdatum verandert alleen met een statuswijziging."))
        if self.instance.pk and wanted and "status" in self.changed_data:
            stored = Location.objects.values_list("status", flat=True).get(pk=self.instance.pk)
            try:
                workflow.LIFECYCLE.check(stored, wanted)
            except ValidationError as error:
                self.add_error("status", error.messages)
            on = data.get("status_since") if "status_since" in self.changed_data else timezone.localdate()
            if on and (error := services.step_date_error(self.instance, on)):
                self.add_error("status_since", error)
        return data


@admin.register(Location)
class LocationAdmin(AdministratorAccess, admin.ModelAdmin):
    form = LocationAdminForm
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
            # The first day in use follows from the history (a step into use dates it).
            fields.append("in_use_since")
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting removes the history with it: only for who holds the explicit permission. Close a location instead.
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def save_model(self, request, obj: Location, form, change: bool) -> None:
        # The admin's own permissions decide who gets here, so the services skip their role checks (check=False).
        data = {name: form.cleaned_data[name] for name in form.changed_data if name not in self.readonly_fields}
        if change:
            stored = Location.objects.get(pk=obj.pk)
            services.location_update(location=stored, by=request.user, data=data, check=False, note=NOTE_CHANGED)
        else:
            data = {name: form.cleaned_data[name] for name in form.cleaned_data if name in form.fields}
            obj.pk = services.location_create(by=request.user, data=data, check=False).pk
            obj._state.adding = False
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is not Unit:
            super().save_formset(request, form, formset, change)
            return
        location = form.instance
        for unit_form in formset.deleted_forms:
            if unit_form.instance.pk:
                services.unit_delete(unit=unit_form.instance, by=request.user, check=False)
        for unit_form in formset.forms:
            if unit_form in formset.deleted_forms or not unit_form.has_changed():
                continue
            data = {name: unit_form.cleaned_data[name] for name in UnitInline.fields}
            unit = unit_form.instance if unit_form.instance.pk else None
            services.unit_save(location=location, by=request.user, data=data, unit=unit, check=False)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # A norm version may have come into force since the verdict was stored.
        services.refresh_norm_verdict(form.instance)
