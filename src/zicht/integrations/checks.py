"""System checks for the register adapters: a half-finished configuration is reported before the first call."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def brp_configuration(app_configs, **kwargs):
    messages = []
    urls = {
        "ZICHT_BRP_BEVRAGEN_URL": settings.BRP_BEVRAGEN_URL,
        "ZICHT_BRP_BEWONING_URL": settings.BRP_BEWONING_URL,
    }
    configured = {name: url for name, url in urls.items() if url}
    if configured and not settings.BRP_API_KEY:
        messages.append(
            Error(
                "A BRP URL is set but no API key.",
                id="zicht.E101",
                hint="Set ZICHT_BRP_API_KEY or ZICHT_BRP_API_KEY_FILE, or leave the BRP URLs empty.",
            )
        )
    for name, url in configured.items():
        scheme = urlsplit(url).scheme
        if scheme not in {"http", "https"}:
            messages.append(Error(f"{name} must be an http(s) URL.", id="zicht.E102"))
        elif scheme == "http" and not settings.DEBUG:
            messages.append(
                Warning(
                    f"{name} is plain http: person data and the API key would cross the network unencrypted.",
                    id="zicht.W101",
                    hint="Use the https URL the provider gives you.",
                )
            )
    if bool(settings.BRP_CLIENT_CERT_FILE) != bool(settings.BRP_CLIENT_KEY_FILE):
        messages.append(
            Error(
                "For mutual TLS set both ZICHT_BRP_CLIENT_CERT_FILE and ZICHT_BRP_CLIENT_KEY_FILE.",
                id="zicht.E103",
            )
        )
    return messages
