from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

api_v1 = [
    path("schema", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script from a URL instead of inline, as the Content-Security-Policy wants.
    path(
        "docs",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="core/api/swagger_ui.html"),
        name="api-docs",
    ),
    path("", include("zicht.core.api.urls")),
    path("", include("zicht.geography.api.urls")),
    path("", include("zicht.parties.api.urls")),
    path("", include("zicht.housing.api.urls")),
    path("", include("zicht.occupancy.api.urls")),
    path("", include("zicht.reports.api.urls")),
    path("", include("zicht.neighbourhoods.api.urls")),
]

urlpatterns = [
    path("", include("zicht.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("gebieden/", include("zicht.geography.urls")),
    path("partijen/", include("zicht.parties.urls")),
    path("huisvesting/", include("zicht.housing.urls")),
    path("bewoning/", include("zicht.occupancy.urls")),
    path("meldingen/", include("zicht.reports.urls")),
    path("melden/", include("zicht.reports.urls_public")),
    path("wijken/", include("zicht.neighbourhoods.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include(api_v1)),
]

handler400 = "zicht.core.views.error_400"
handler403 = "zicht.core.views.error_403"
handler404 = "zicht.core.views.error_404"
handler500 = "zicht.core.views.error_500"

admin.site.site_header = "Zicht beheer"
admin.site.site_title = "Zicht"
