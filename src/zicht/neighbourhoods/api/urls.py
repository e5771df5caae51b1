"""Neighbourhood API routes. `neighbourhoods/{code}/profile` sits beside the geography app's read-only
`neighbourhoods` and `neighbourhoods/{code}` routes (its router matches no deeper path), so they do not clash."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import NeighbourhoodPlanViewSet, NeighbourhoodProfileView

router = SimpleRouter(trailing_slash=False)
router.register("neighbourhood-plans", NeighbourhoodPlanViewSet, basename="api-neighbourhood-plan")

urlpatterns = [
    path("neighbourhoods/<str:code>/profile", NeighbourhoodProfileView.as_view(), name="api-neighbourhood-profile"),
    *router.urls,
]
