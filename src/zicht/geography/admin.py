from django.contrib import admin

from .models import Address, District, Municipality, Neighbourhood, Province, Region


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["code", "name", "municipality__name"]
    autocomplete_fields = ["municipality"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district", "municipality"]
    list_select_related = ["district", "municipality"]
    search_fields = ["code", "name", "municipality__name"]
    autocomplete_fields = ["district", "municipality"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postcode", "city", "municipality", "neighbourhood"]
    list_select_related = ["municipality", "neighbourhood"]
    list_filter = ["municipality__province"]
    search_fields = ["street", "postcode", "city", "bag_id"]
    autocomplete_fields = ["municipality", "neighbourhood"]
