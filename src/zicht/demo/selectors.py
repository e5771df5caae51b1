"""Reading back the demo logins for the table `zicht demo` prints."""

from __future__ import annotations

from dataclasses import dataclass

from zicht.core.models import User
from zicht.core.roles import ScopeKind

from .loading import read_rows
from .services import DEMO_PASSWORD


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str | None  # None: an API client, which signs in with a token only
    role: str
    scope: str


def describe_scope(user: User) -> str:
    """'Gemeente: Deventer', 'Regio: Rivierenland', 'Hele installatie' …"""
    kind = ScopeKind(user.scope_kind)
    area = {
        ScopeKind.PROVINCE: user.scope_province,
        ScopeKind.REGION: user.scope_region,
        ScopeKind.MUNICIPALITY: user.scope_municipality,
        ScopeKind.ORGANISATION: user.organisation,
    }.get(kind)
    label = str(kind.label)
    return f"{label}: {area}" if area is not None else label


def demo_logins() -> list[DemoLogin]:
    """The demo users in the order of the demo file, with the password to sign in with."""
    usernames = [row["username"] for row in read_rows("users.csv")]
    users = User.objects.select_related("scope_province", "scope_region", "scope_municipality", "organisation")
    by_name = {user.username: user for user in users.filter(username__in=usernames)}
    return [
        DemoLogin(
            username=user.username,
            password=None if user.is_api_client else DEMO_PASSWORD,
            role=str(user.get_role_display()),
            scope=describe_scope(user),
        )
        for name in usernames
        if (user := by_name.get(name)) is not None
    ]
