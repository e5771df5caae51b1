"""The Dashboard Meldingen Woonoverlast, included by urls.py at "dashboard/" (app_name "reports")."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
]
