"""Block registration endpoints, included by the occupancy API's urls.py."""

from rest_framework.routers import SimpleRouter

from .blocks import BlockRegistrationViewSet

router = SimpleRouter(trailing_slash=False)
router.register("block-registrations", BlockRegistrationViewSet, basename="api-block-registration")

urlpatterns = router.urls
