"""Response headers Django's SecurityMiddleware does not set, and the staff language choice."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages of logged-in staff may hold personal data: keep them out of shared caches.
            response.setdefault("Cache-Control", "no-store")
        return response


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """The staff application speaks Dutch until the user picks another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an officer with an English browser
    would land in English; here only the language cookie set by the switch counts. API clients still negotiate
    with Accept-Language.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
