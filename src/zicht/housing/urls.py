"""Pages of the housing register, mounted at /huisvesting/: the register itself, the supply overview and the import."""

from django.urls import include, path

app_name = "housing"

urlpatterns = [
    path("", include("zicht.housing.urls_import")),
    path("", include("zicht.housing.urls_register")),
    path("", include("zicht.housing.urls_supply")),
]
