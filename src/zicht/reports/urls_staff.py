"""Staff pages of reports: the work list, intake, one report with its steps, and its photos."""

from django.urls import path

from . import action_views, detail_views, intake_views, photo_views, views

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("nieuw/", intake_views.report_create, name="report_create"),
    path("<int:pk>/", detail_views.report_detail, name="report_detail"),
    path("<int:pk>/status/", action_views.report_transition, name="report_transition"),
    path("<int:pk>/dubbel/", action_views.report_duplicate, name="report_duplicate"),
    path("<int:pk>/controle/", action_views.report_forward, name="report_forward"),
    path("<int:pk>/beoordeling/", action_views.report_assess, name="report_assess"),
    path("<int:pk>/fotos/<str:token>/", photo_views.report_photo, name="report_photo"),
]
