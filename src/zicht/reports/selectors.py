"""Reads of reports, always through the user's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zicht.core.roles import MUNICIPAL_ROLES, ScopeKind
from zicht.core.scopes import NOTHING, scope_of

from . import rules
from .models import Report


def report_scope_q(user) -> Q:
    """Reports `user` may see one by one: the own municipality's for municipal roles, all for administrators."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.INSTALLATION:
        return Q()
    if scope.kind == ScopeKind.MUNICIPALITY and user.role in MUNICIPAL_ROLES:
        return Q(municipality_id=scope.municipality_id)
    return NOTHING


def report_list_visible_to(user) -> QuerySet[Report]:
    """The reports `user` may see, with what a list shows joined in."""
    return Report.objects.filter(report_scope_q(user)).select_related(
        "municipality", "neighbourhood", "address", "location"
    )


def report_detail_visible_to(user, pk: int) -> Report:
    """One report `user` may see; Report.DoesNotExist otherwise (the view answers 404, never 403)."""
    return report_list_visible_to(user).get(pk=pk)


def counted_reports() -> QuerySet[Report]:
    """The reports that count in figures (dashboard, profiles): every report except duplicates of another, so one
    overflowing container reported five times counts once."""
    return Report.objects.filter(duplicate_of__isnull=True)


def report_by_tracking_code(code: str) -> Report | None:
    """The report a tracking code belongs to, or None (also for anything that cannot be a code)."""
    digest = rules.tracking_digest(code)
    if digest is None:
        return None
    return Report.objects.filter(tracking_digest=digest).first()
