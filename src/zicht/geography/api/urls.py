from rest_framework.routers import SimpleRouter

from .views import AddressViewSet, MunicipalityViewSet, NeighbourhoodViewSet, ProvinceViewSet, RegionViewSet

router = SimpleRouter(trailing_slash=False)
router.register("provinces", ProvinceViewSet, basename="api-province")
router.register("regions", RegionViewSet, basename="api-region")
router.register("municipalities", MunicipalityViewSet, basename="api-municipality")
router.register("neighbourhoods", NeighbourhoodViewSet, basename="api-neighbourhood")
router.register("addresses", AddressViewSet, basename="api-address")

urlpatterns = router.urls
