from django.urls import path

from . import views

app_name = "parties"
urlpatterns = [
    path("organisaties/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
]
