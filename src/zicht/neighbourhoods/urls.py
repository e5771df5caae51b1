"""Pages of the neighbourhoods app, mounted at /wijken/."""

from django.urls import path

from . import plan_views, profile_views, views

app_name = "neighbourhoods"

urlpatterns = [
    path("", views.NeighbourhoodListView.as_view(), name="neighbourhood_list"),
    path("buurten/<str:code>/", profile_views.neighbourhood_profile, name="neighbourhood_profile"),
    path("plannen/", plan_views.PlanListView.as_view(), name="plan_list"),
    path("plannen/nieuw/", plan_views.plan_create, name="plan_create"),
    path("plannen/<int:pk>/", plan_views.plan_detail, name="plan_detail"),
    path("plannen/<int:pk>/bewerken/", plan_views.plan_edit, name="plan_edit"),
    path("plannen/<int:pk>/maatregelen/nieuw/", plan_views.measure_create, name="measure_create"),
    path("maatregelen/<int:pk>/bewerken/", plan_views.measure_edit, name="measure_edit"),
    path("maatregelen/<int:pk>/verwijderen/", plan_views.measure_delete, name="measure_delete"),
]
