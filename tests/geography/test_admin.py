"""The geography models are managed in the admin: each changelist and add form opens for an administrator."""

from __future__ import annotations

import pytest
from django.urls import reverse

MODELS = ["province", "region", "municipality", "district", "neighbourhood", "address"]


@pytest.fixture
def superuser(make_user):
    return make_user(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_add_form_open(client, superuser, addresses, model):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:geography_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:geography_{model}_add")).status_code == 200


def test_address_search(client, superuser, addresses):
    client.force_login(superuser)
    html = client.get(reverse("admin:geography_address_changelist"), {"q": "7411 HE"}).content.decode()
    assert "Keizerstraat" in html and "Brink" not in html


def test_municipality_autocomplete_for_addresses(client, superuser, addresses):
    client.force_login(superuser)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "geography", "model_name": "address", "field_name": "municipality", "term": "Zwol"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Zwolle"]


def test_policy_officer_has_no_admin(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("admin:geography_address_changelist"))
    assert response.status_code == 302
