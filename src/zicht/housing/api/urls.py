from rest_framework.routers import SimpleRouter

from .views import LocationViewSet, NormSetViewSet

router = SimpleRouter(trailing_slash=False)
router.register("locations", LocationViewSet, basename="api-location")
router.register("norm-sets", NormSetViewSet, basename="api-norm-set")

urlpatterns = router.urls
