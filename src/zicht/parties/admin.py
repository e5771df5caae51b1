from django.contrib import admin
from django.db import models

from .models import (
    Certification,
    Convenant,
    ConvenantAgreement,
    ConvenantMeeting,
    ConvenantSignatory,
    Organisation,
    Signal,
    SignalStatusChange,
)


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "kvk_number", "municipality"]
    list_filter = ["kind"]
    list_select_related = ["municipality"]
    search_fields = ["name", "kvk_number"]
    autocomplete_fields = ["municipality", "province", "region"]
    inlines = [CertificationInline]
    # A website typed without scheme is meant as https (Django 6's default; avoids the deprecation warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "scheme", "number", "valid_from", "valid_until"]
    list_filter = ["scheme"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name", "number"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "valid_until"


class ConvenantAgreementInline(admin.StackedInline):
    model = ConvenantAgreement
    extra = 0
    fields = ["position", "topic", "text"]


class ConvenantSignatoryInline(admin.TabularInline):
    model = ConvenantSignatory
    extra = 0
    autocomplete_fields = ["organisation"]


class ConvenantMeetingInline(admin.TabularInline):
    model = ConvenantMeeting
    extra = 0


@admin.register(Convenant)
class ConvenantAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "valid_from", "valid_until", "meeting_interval_weeks"]
    list_select_related = ["region"]
    search_fields = ["title", "region__name"]
    autocomplete_fields = ["region"]
    inlines = [ConvenantAgreementInline, ConvenantSignatoryInline, ConvenantMeetingInline]


class SignalStatusChangeInline(admin.TabularInline):
    """The history is appended by the signal pages; here it is read only."""

    model = SignalStatusChange
    extra = 0
    can_delete = False
    fields = ["recorded_at", "from_status", "to_status", "meeting", "note", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    """Signals are raised and moved along their course on the signal pages, so each step lands in the history;
    the admin corrects the wording only."""

    list_display = ["subject", "organisation", "topic", "raised_by_municipality", "raised_on", "status"]
    list_filter = ["status", "topic", "convenant"]
    list_select_related = ["organisation", "raised_by_municipality"]
    search_fields = ["subject", "description", "organisation__name"]
    date_hierarchy = "raised_on"
    readonly_fields = [
        "convenant",
        "organisation",
        "raised_by_municipality",
        "raised_by",
        "raised_on",
        "status",
        "meeting",
        "outcome",
    ]
    inlines = [SignalStatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
