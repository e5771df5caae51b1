"""Public report pages (no login), mounted at /melden/."""

from django.urls import path

from . import public_views

app_name = "reports_public"

urlpatterns = [
    path("", public_views.report_form, name="report_form"),
    path("volgen/", public_views.track, name="track"),
]
