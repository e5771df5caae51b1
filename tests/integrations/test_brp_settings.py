"""Configuration of the BRP adapters: the secret from a file, and the checks that catch half a configuration."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from zicht.integrations.checks import brp_configuration
from zicht.settings.env import env_secret


def ids(settings_messages):
    return sorted(message.id for message in settings_messages)


def test_secret_from_variable_then_file(monkeypatch, tmp_path):
    monkeypatch.delenv("ZICHT_BRP_API_KEY", raising=False)
    monkeypatch.delenv("ZICHT_BRP_API_KEY_FILE", raising=False)
    assert env_secret("ZICHT_BRP_API_KEY") == ""
    key_file = tmp_path / "brp-key"
    key_file.write_text("  from-file\n", encoding="utf-8")
    monkeypatch.setenv("ZICHT_BRP_API_KEY_FILE", str(key_file))
    assert env_secret("ZICHT_BRP_API_KEY") == "from-file"
    monkeypatch.setenv("ZICHT_BRP_API_KEY", "from-variable")
    assert env_secret("ZICHT_BRP_API_KEY") == "from-variable"


def test_unreadable_secret_file_stops(monkeypatch, tmp_path):
    monkeypatch.delenv("ZICHT_BRP_API_KEY", raising=False)
    monkeypatch.setenv("ZICHT_BRP_API_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured):
        env_secret("ZICHT_BRP_API_KEY")


def test_no_messages_when_off(settings):
    assert brp_configuration(None) == []


def test_url_without_key(settings):
    settings.BRP_BEWONING_URL = "https://brp.example.nl/bewoning"
    settings.BRP_API_KEY = ""
    assert ids(brp_configuration(None)) == ["zicht.E101"]


def test_plain_http_warns_outside_debug(settings):
    settings.DEBUG = False
    settings.BRP_BEVRAGEN_URL = "http://brp.example.nl/brp"
    settings.BRP_API_KEY = "key"
    assert ids(brp_configuration(None)) == ["zicht.W101"]
    settings.BRP_BEVRAGEN_URL = "https://brp.example.nl/brp"
    assert brp_configuration(None) == []


def test_half_a_client_certificate(settings):
    settings.BRP_CLIENT_CERT_FILE = "/etc/zicht/brp.pem"
    settings.BRP_CLIENT_KEY_FILE = ""
    assert ids(brp_configuration(None)) == ["zicht.E103"]
