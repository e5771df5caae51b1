from django.urls import path

from . import views

app_name = "geography"
urlpatterns = [
    path("gemeenten/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path("gemeenten/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("adressen/", views.AddressListView.as_view(), name="address_list"),
    path("adressen/<int:pk>/", views.address_detail, name="address_detail"),
]
