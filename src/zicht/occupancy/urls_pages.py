"""The occupancy pages (dashboard and overviews, commuting matrix, registration-gap work list), included by the
occupancy app's urls.py (app_name "occupancy", mounted at /bewoning/)."""

from django.urls import path

from . import commuting_views, dashboard_views, worklist_views

urlpatterns = [
    path("gebied/", dashboard_views.dashboard, name="dashboard"),
    path("pendel/", commuting_views.commuting, name="commuting"),
    path("werklijst/", worklist_views.registration_gap, name="registration_gap"),
]
