"""`zicht token create|list|revoke`: API tokens for organisations' API clients."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zicht.core.models import ApiToken, User
from zicht.core.services import api_token_create, api_token_revoke

# A refusal (the user may not hold a token) exits 2, a mistake in the arguments (no such user) 1.
REFUSED = 2


class Command(BaseCommand):
    help = "Create, list or revoke API tokens. A token is shown once; only its hash is stored."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token for an API client user")
        create.add_argument("username", help="the API client's username")
        create.add_argument("--name", default="api", help="a name to recognise the token by")
        listing = sub.add_parser("list", help="list tokens (never their value)")
        listing.add_argument("--username", help="only this user's tokens")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix", help="the first characters of the token, as `list` shows them")

    def handle(self, *args, action: str, **options):
        if action == "create":
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"no user {options['username']!r}")
            refusal = _refusal(user)
            if refusal:
                raise CommandError(refusal, returncode=REFUSED)
            token, plaintext = api_token_create(user=user, name=options["name"])
            self.stdout.write(plaintext)
            self.stderr.write(f"Token {token.prefix}… created for {user.username}; it is not shown again.")
        elif action == "list":
            tokens = ApiToken.objects.select_related("user")
            if options.get("username"):
                tokens = tokens.filter(user__username=options["username"])
            for token in tokens:
                state = "active" if token.is_active else "revoked"
                self.stdout.write(f"{token.prefix}…\t{token.user.username}\t{token.name}\t{state}")
        else:
            matches = list(ApiToken.objects.filter(prefix__startswith=options["prefix"]))
            if len(matches) != 1:
                raise CommandError(f"{len(matches)} tokens match {options['prefix']!r}; give a longer prefix")
            api_token_revoke(token=matches[0])
            self.stdout.write(f"Token {matches[0].prefix}… revoked.")


def _refusal(user: User) -> str:
    """Why `user` may not get a token, or "": tokens are for API clients only (docs/api.md, ADR 0002 §6)."""
    if not user.is_api_client:
        return (
            f"{user.username} is not an API client; tokens are only for API clients. An administrator marks an "
            f"account as one in the admin (/beheer/, Gebruikers, 'API-client'), preferably a separate account "
            f"for the connection, then runs this command again."
        )
    if not user.is_active:
        return f"{user.username} is deactivated; a token would not work. Reactivate the account in /beheer/ first."
    return ""
