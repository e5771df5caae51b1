"""Thin views of the web shell: login/logout, the landing dashboard, health check and error pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import audit
from .api.problems import problem_response
from .models import AuditAction
from .privacy.logging import login_attempt_username
from .roles import ScopeKind
from .selectors import dashboard_for

DASHBOARD_TEMPLATES = {
    ScopeKind.PROVINCE: "core/dashboard/province.html",
    ScopeKind.REGION: "core/dashboard/region.html",
    ScopeKind.MUNICIPALITY: "core/dashboard/municipality.html",
    ScopeKind.ORGANISATION: "core/dashboard/organisation.html",
    ScopeKind.INSTALLATION: "core/dashboard/administrator.html",
}


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs) -> None:
    audit.record(actor=user, action=AuditAction.LOGIN, request=request)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # The typed name is kept to spot attacks on one account, with any BSN typed into it redacted.
    username = login_attempt_username(request, credentials) or ""
    audit.record(actor=None, action=AuditAction.LOGIN_FAILED, request=request, object_repr=username[:150])


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(actor=user, action=AuditAction.LOGOUT, request=request)


@login_required
def dashboard(request):
    context = dashboard_for(request.user)
    template = DASHBOARD_TEMPLATES.get(context["scope"].kind, "core/dashboard/no_scope.html")
    return render(request, template, context)


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # the check must answer, whatever the database says
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database}, status=status)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links; send them to the icon the pages do link."""
    return HttpResponsePermanentRedirect(static("zicht/favicon.svg"))


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def error_400(request, exception=None):
    if _is_api(request):
        return problem_response(request, 400)
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    if _is_api(request):
        return problem_response(request, 403, "U heeft geen toegang tot deze gegevens.")
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    if _is_api(request):
        return problem_response(request, 404, "Deze bron bestaat niet.")
    return render(request, "errors/404.html", status=404)


def error_500(request):
    if _is_api(request):
        return problem_response(request, 500, "Er ging iets mis aan onze kant.")
    # No request context: context processors touch the session and database, which may be what failed.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
