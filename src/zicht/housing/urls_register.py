"""The register's pages: list, map, a location, its form, status, review and units."""

from django.urls import path

from . import edit_views, views

urlpatterns = [
    path("locaties/", views.LocationListView.as_view(), name="location_list"),
    path("locaties/kaart/", views.LocationMapView.as_view(), name="location_map"),
    path("locaties/nieuw/", edit_views.location_create, name="location_create"),
    path("locaties/<int:pk>/", views.location_detail, name="location_detail"),
    path("locaties/<int:pk>/bewerken/", edit_views.location_update, name="location_update"),
    path("locaties/<int:pk>/status/", edit_views.location_status, name="location_status"),
    path("locaties/<int:pk>/beoordelen/", edit_views.location_review, name="location_review"),
    path("locaties/<int:pk>/units/nieuw/", edit_views.unit_create, name="unit_create"),
    path("locaties/<int:pk>/units/<int:unit_pk>/", edit_views.unit_update, name="unit_update"),
    path("locaties/<int:pk>/units/<int:unit_pk>/verwijderen/", edit_views.unit_delete, name="unit_delete"),
]
