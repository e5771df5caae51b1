"""Who may deliver which files, for which area or organisation, and whose uploads they see.

Market parties deliver occupancy lists for the locations they operate, own or registered; the municipal register
roles (policy and registration officers) deliver both kinds for their own municipality; administrators anything.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zicht.core.permissions import is_administrator
from zicht.core.roles import Role, ScopeKind
from zicht.core.scopes import scope_of, scope_q

from ..choices import UploadKind
from ..models import Upload

UPLOAD_ROLES = frozenset({Role.POLICY_OFFICER, Role.REGISTRATION_OFFICER})


def upload_kinds_for(user) -> list[str]:
    """The kinds of file `user` may deliver (empty: none)."""
    scope = scope_of(user)
    if scope.is_none:
        return []
    if is_administrator(user):
        return [UploadKind.OCCUPANCY, UploadKind.BRP]
    if scope.kind == ScopeKind.ORGANISATION:
        return [UploadKind.OCCUPANCY]
    if scope.kind == ScopeKind.MUNICIPALITY and user.role in UPLOAD_ROLES:
        return [UploadKind.OCCUPANCY, UploadKind.BRP]
    return []


def ingest_scope(user) -> dict:
    """The run_ingest arguments that keep `user`'s rows inside their scope."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.ORGANISATION:
        return {"organisation": user.organisation, "allowed_municipality_ids": None}
    if scope.kind == ScopeKind.MUNICIPALITY:
        return {"organisation": None, "allowed_municipality_ids": {scope.municipality_id}}
    if scope.kind == ScopeKind.INSTALLATION:
        return {"organisation": None, "allowed_municipality_ids": None}
    return {"organisation": None, "allowed_municipality_ids": set()}


def uploads_visible_to(user) -> QuerySet[Upload]:
    """The user's own uploads and those of their area (a market party: its organisation's)."""
    if scope_of(user).is_none:
        return Upload.objects.none()
    visible = scope_q(user, municipality="municipality", organisation="organisation") | Q(uploaded_by=user)
    return Upload.objects.filter(visible).select_related("uploaded_by", "organisation", "municipality")
