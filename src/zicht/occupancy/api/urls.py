"""Occupancy API routes: uploads here; indicators and block registration from their own modules."""

from django.urls import include, path

from .uploads import UploadViewSet

urlpatterns = [
    path(
        "occupancy-uploads",
        UploadViewSet.as_view({"get": "list", "post": "create"}),
        name="api-occupancy-upload-list",
    ),
    path(
        "occupancy-uploads/<int:pk>",
        UploadViewSet.as_view({"get": "retrieve"}),
        name="api-occupancy-upload-detail",
    ),
    path("", include("zicht.occupancy.api.urls_indicators")),
    path("", include("zicht.occupancy.api.urls_blocks")),
]
