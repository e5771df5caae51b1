"""Upload pages: the list, a new delivery, its progress and its error report."""

from django.urls import path

from . import upload_views

urlpatterns = [
    path("aanleveringen/", upload_views.upload_list, name="upload_list"),
    path("aanleveringen/nieuw/", upload_views.upload_new, name="upload_new"),
    path("aanleveringen/<int:pk>/", upload_views.upload_detail, name="upload_detail"),
    path("aanleveringen/<int:pk>/status/", upload_views.upload_status, name="upload_status"),
    path("aanleveringen/<int:pk>/fouten.csv", upload_views.upload_errors, name="upload_errors"),
]
