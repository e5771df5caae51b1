"""Staff report endpoints under /api/v1/reports."""

from rest_framework.routers import SimpleRouter

from .views import StaffReportViewSet

router = SimpleRouter(trailing_slash=False)
router.register("reports", StaffReportViewSet, basename="api-report")

urlpatterns = router.urls
