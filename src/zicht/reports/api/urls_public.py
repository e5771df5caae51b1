"""Public report endpoints under /api/v1/: intake and status by tracking code (no login)."""

from django.urls import path

from .public import PublicReportCreateView, PublicReportStatusView

urlpatterns = [
    path("public/reports", PublicReportCreateView.as_view(), name="api-public-report-create"),
    path("public/reports/<str:tracking_code>", PublicReportStatusView.as_view(), name="api-public-report-status"),
]
