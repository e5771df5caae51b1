from django.urls import path

from . import views

urlpatterns = [
    path("locaties/", views.LocationListView.as_view(), name="location_list"),
]
