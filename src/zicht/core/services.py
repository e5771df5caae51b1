"""Writes of the core app: API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from . import audit
from .models import ApiToken, AuditAction, User

TOKEN_PREFIX = "zt_"  # noqa: S105  (a public marker, not a secret)


def hash_token(plaintext: str) -> str:
    # Tokens carry 256 bits of randomness, so a plain SHA-256 is enough; no slow hash needed.
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, by: User | None = None, request=None) -> tuple[ApiToken, str]:
    """Create a token for an API client; returns the token row and the plaintext, which is never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=plaintext[:10], key_hash=hash_token(plaintext))
    audit.record(
        actor=by, action=AuditAction.TOKEN_CREATED, obj=token, request=request, detail=f"for {user.get_username()}"
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None = None, request=None) -> ApiToken:
    """Revoke a token from now on; revoking twice keeps the first moment."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=by, action=AuditAction.TOKEN_REVOKED, obj=token, request=request)
    return token


def api_token_lookup(plaintext: str) -> ApiToken | None:
    """The active token matching `plaintext`, or None."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(plaintext)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token
