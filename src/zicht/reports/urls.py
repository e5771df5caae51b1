"""Staff pages of the reports app, mounted at /meldingen/."""

from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("", include("zicht.reports.urls_staff")),
    path("dashboard/", include("zicht.reports.urls_dashboard")),
]
