"""The report-stats endpoint, included by the reports API's urls.py (mounted at /api/v1/)."""

from django.urls import path

from .stats import AreaReportStatsView

urlpatterns = [
    path("areas/<str:code>/report-stats", AreaReportStatsView.as_view(), name="api-area-report-stats"),
]
