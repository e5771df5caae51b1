"""Indicator endpoints, included by the occupancy API's urls.py."""

from django.urls import path

from .indicators import AreaIndicatorsView, LocationDistributionView

urlpatterns = [
    path("areas/<str:code>/indicators", AreaIndicatorsView.as_view(), name="api-area-indicators"),
    path("locations/<int:pk>/distribution", LocationDistributionView.as_view(), name="api-location-distribution"),
]
