"""`zicht token create|list|revoke`: the plaintext is printed once, listed never, and revoking works."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from zicht.core.models import ApiToken
from zicht.core.roles import Role


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def api_user(make_user, housing_provider):
    return make_user(Role.MARKET_PARTY, organisation=housing_provider, username="flexwonen-api", is_api_client=True)


def test_create_prints_the_token_once_and_it_authenticates(client, api_user):
    out, err = run("create", "flexwonen-api", "--name", "planning-koppeling")
    plaintext = out.strip()
    assert plaintext.startswith("zt_") and "\n" not in plaintext
    assert plaintext not in err and "not shown again" in err
    token = ApiToken.objects.get(user=api_user)
    assert token.name == "planning-koppeling"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}").status_code == 200

    listing, _ = run("list")
    assert plaintext not in listing
    assert token.prefix in listing and "flexwonen-api" in listing and "active" in listing


def test_list_filters_by_username(api_user, make_user, municipality_a):
    make_user(Role.POLICY_OFFICER, scope_municipality=municipality_a, username="deventer-api", is_api_client=True)
    run("create", "flexwonen-api")
    run("create", "deventer-api")
    listing, _ = run("list", "--username", "deventer-api")
    assert listing.count("\n") == 1 and "deventer-api" in listing and "flexwonen-api" not in listing


def test_revoke_by_prefix(client, api_user):
    plaintext = run("create", "flexwonen-api")[0].strip()
    token = ApiToken.objects.get()
    out, _ = run("revoke", token.prefix)
    assert "revoked" in out
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {plaintext}").status_code == 401
    assert "revoked" in run("list")[0]


def test_revoke_needs_exactly_one_match(api_user):
    run("create", "flexwonen-api")
    run("create", "flexwonen-api")
    with pytest.raises(CommandError, match="2 tokens match"):
        run("revoke", "zt_")
    with pytest.raises(CommandError, match="0 tokens match"):
        run("revoke", "zt_no-such-token")
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


def test_create_for_unknown_user_fails(db):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        run("create", "nobody")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.MARKET_PARTY, Role.ADMINISTRATOR])
def test_create_refuses_a_user_who_is_not_an_api_client(make_user, housing_provider, role):
    """Tokens are for API clients (docs/api.md, ADR 0002 §6): a staff member's account signs in on the site, where
    the login is rate-limited and audited; a token would be a way in around that."""
    organisation = housing_provider if role == Role.MARKET_PARTY else None
    make_user(role, organisation=organisation, username="medewerker")
    with pytest.raises(CommandError) as refused:
        run("create", "medewerker")
    message = str(refused.value)
    assert "medewerker" in message and "API client" in message and "/beheer/" in message
    assert refused.value.returncode == 2
    assert not ApiToken.objects.exists()


def test_create_refuses_a_deactivated_api_client(api_user):
    api_user.is_active = False
    api_user.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="deactivated") as refused:
        run("create", "flexwonen-api")
    assert refused.value.returncode == 2
    assert not ApiToken.objects.exists()
