"""The supply overview (aanbod) of the housing register."""

from django.urls import path

from . import supply_views

urlpatterns = [
    path("aanbod/", supply_views.supply_overview, name="supply"),
]
