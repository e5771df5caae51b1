"""Admin for organisations, users, the read-only audit log and API tokens (revoked through the service)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import CertificationFactory
from zicht.core import audit
from zicht.core.models import ApiToken, AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.core.services import api_token_create


@pytest.fixture
def superuser(make_user):
    return make_user(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def token(make_user, housing_provider):
    client_user = make_user(Role.MARKET_PARTY, organisation=housing_provider, username="api", is_api_client=True)
    row, _plaintext = api_token_create(user=client_user, name="koppeling")
    return row


def test_organisation_admin_with_certification_inline(client, superuser, housing_provider):
    CertificationFactory(organisation=housing_provider, number="SNF-123")
    client.force_login(superuser)
    assert client.get(reverse("admin:parties_organisation_changelist")).status_code == 200
    html = client.get(reverse("admin:parties_organisation_change", args=[housing_provider.pk])).content.decode()
    assert "SNF-123" in html
    assert client.get(reverse("admin:parties_certification_changelist")).status_code == 200


def test_user_admin_shows_role_and_scope_fields(client, superuser, officer_a):
    client.force_login(superuser)
    html = client.get(reverse("admin:core_user_change", args=[officer_a.pk])).content.decode()
    for field in ("role", "organisation", "scope_province", "scope_region", "scope_municipality", "is_api_client"):
        assert f'name="{field}"' in html
    assert client.get(reverse("admin:core_user_add")).status_code == 200
    assert client.get(reverse("admin:core_user_changelist"), {"role": Role.POLICY_OFFICER}).status_code == 200


def test_audit_log_is_read_only(client, superuser, officer_a):
    event = audit.record(actor=officer_a, action=AuditAction.EXPORT, object_type="geography.address")
    client.force_login(superuser)
    changelist = client.get(reverse("admin:core_auditevent_changelist"))
    assert changelist.status_code == 200
    assert "officer_a" in changelist.content.decode()
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    detail = client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()  # shown, not editable
    assert client.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403


def test_token_list_hides_the_hash_and_revoke_action_uses_the_service(client, superuser, token):
    client.force_login(superuser)
    url = reverse("admin:core_apitoken_changelist")
    html = client.get(url).content.decode()
    assert "koppeling" in html and token.prefix in html
    assert token.key_hash not in html
    assert client.get(reverse("admin:core_apitoken_add")).status_code == 403
    response = client.post(url, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert response.status_code == 200
    assert "1 token ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED, actor=superuser).count() == 1


def test_revoke_needs_the_change_permission(client, make_user, token):
    viewer = make_user(username="viewer", is_staff=True, role=Role.ADMINISTRATOR)
    viewer.user_permissions.add(Permission.objects.get(codename="view_apitoken"))
    client.force_login(viewer)
    url = reverse("admin:core_apitoken_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "revoke", "_selected_action": [token.pk]})
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
