from django.contrib import admin

from .models import NeighbourhoodPlan, PlanMeasure


class PlanMeasureInline(admin.TabularInline):
    model = PlanMeasure
    extra = 0
    fields = ["kind", "title", "owner", "status", "starts_on", "ends_on"]


@admin.register(NeighbourhoodPlan)
class NeighbourhoodPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "district", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    list_select_related = ["municipality", "district"]
    search_fields = ["name", "municipality__name", "neighbourhoods__name"]
    autocomplete_fields = ["municipality", "district", "neighbourhoods"]
    inlines = [PlanMeasureInline]


@admin.register(PlanMeasure)
class PlanMeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "owner", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    list_select_related = ["plan"]
    search_fields = ["title", "owner", "plan__name"]
    autocomplete_fields = ["plan"]
