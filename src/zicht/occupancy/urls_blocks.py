"""Block registration pages, included by the occupancy app's urls.py."""

from django.urls import path

from . import block_views

urlpatterns = [
    path("blokinschrijvingen/", block_views.BlockRegistrationListView.as_view(), name="block_list"),
    path("blokinschrijvingen/nieuw/", block_views.block_create, name="block_create"),
    path("blokinschrijvingen/<int:pk>/", block_views.block_detail, name="block_detail"),
]
