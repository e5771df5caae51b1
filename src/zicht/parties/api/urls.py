from rest_framework.routers import SimpleRouter

from .views import ConvenantViewSet, OrganisationViewSet, SignalViewSet

router = SimpleRouter(trailing_slash=False)
router.register("organisations", OrganisationViewSet, basename="api-organisation")
router.register("convenants", ConvenantViewSet, basename="api-convenant")
router.register("signals", SignalViewSet, basename="api-signal")

urlpatterns = router.urls
