"""The location import page, its example file and the download of a rejected import's errors."""

from django.urls import path

from . import import_views

urlpatterns = [
    path("locaties/importeren/", import_views.location_import, name="location_import"),
    path("locaties/importeren/sjabloon.csv", import_views.location_import_template, name="location_import_template"),
    path("locaties/importeren/fouten.csv", import_views.location_import_errors, name="location_import_errors"),
]
