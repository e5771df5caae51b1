from rest_framework.routers import SimpleRouter

from .views import OrganisationViewSet

router = SimpleRouter(trailing_slash=False)
router.register("organisations", OrganisationViewSet, basename="api-organisation")

urlpatterns = router.urls
