"""Pages of the occupancy app, mounted at /bewoning/: uploads, the indicator pages and block registration."""

from django.urls import include, path

app_name = "occupancy"

urlpatterns = [
    path("", include("zicht.occupancy.urls_upload")),
    path("", include("zicht.occupancy.urls_pages")),
    path("", include("zicht.occupancy.urls_blocks")),
]
