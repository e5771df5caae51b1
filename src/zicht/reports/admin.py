"""Admin of reports: administrators set a municipality's own service levels and routing per category.

Reports themselves are handled on the staff pages, where each step lands in the history; here they are read only
and without the reporter's contact details (those are for the municipality's own staff, and each read is audited).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zicht.core.permissions import is_administrator

from .models import CategoryRouting, Report, ReportStatusChange

# What the admin shows of a report: never the contact details or the tracking digest.
REPORT_FIELDS = [
    "category",
    "description",
    "status",
    "department",
    "service_level_days",
    "municipality",
    "neighbourhood",
    "address",
    "lat",
    "lon",
    "location",
    "created_at",
    "updated_at",
    "due_on",
    "handled_at",
    "handling_days",
    "handled_late",
    "concerns_migrant_housing",
    "duplicate_of",
    "language",
    "language_detected",
    "reporter_kind",
    "channel",
    "anonymous",
    "public_message",
]


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


@admin.register(CategoryRouting)
class CategoryRoutingAdmin(AdministratorAccess, admin.ModelAdmin):
    list_display = ["municipality", "category", "service_level_days", "department"]
    list_filter = ["category", "department"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "municipality__code"]
    autocomplete_fields = ["municipality"]


class ReportStatusChangeInline(admin.TabularInline):
    """The history is appended by the staff pages; here it is read only."""

    model = ReportStatusChange
    extra = 0
    can_delete = False
    fields = ["recorded_at", "from_status", "to_status", "department", "reason", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user) or super().has_view_permission(request, obj)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["reference_display", "category", "status", "municipality", "neighbourhood", "created_at", "due_on"]
    list_filter = ["status", "category", "department", "channel"]
    list_select_related = ["municipality", "neighbourhood"]
    search_fields = ["municipality__name", "neighbourhood__name"]
    date_hierarchy = "created_at"
    fields = REPORT_FIELDS
    readonly_fields = REPORT_FIELDS
    inlines = [ReportStatusChangeInline]

    @admin.display(description=_("melding"), ordering="pk")
    def reference_display(self, report: Report) -> str:
        return report.reference

    def has_module_permission(self, request) -> bool:
        return is_administrator(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Reports leave through `zicht reports purge`, which audits each removal by reference.
        return False
