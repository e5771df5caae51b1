"""API of the reports app: public intake and status, staff endpoints, area statistics."""

from django.urls import include, path

urlpatterns = [
    path("", include("zicht.reports.api.urls_public")),
    path("", include("zicht.reports.api.urls_staff")),
    path("", include("zicht.reports.api.urls_stats")),
]
