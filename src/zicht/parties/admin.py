from django.contrib import admin
from django.db import models

from .models import Certification, Organisation


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
