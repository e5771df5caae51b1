"""Haal Centraal BRP adapters. Off by default: `get_clients()` is None until a BRP URL is configured."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .client import BrpBevragenClient, BrpBewoningClient
from .errors import BrpError, BrpNotConfigured, BrpUnavailable
from .records import Occupancy, Occupant, ResidentRecord

__all__ = [
    "BrpBevragenClient",
    "BrpBewoningClient",
    "BrpClients",
    "BrpError",
    "BrpNotConfigured",
    "BrpUnavailable",
    "Occupancy",
    "Occupant",
    "ResidentRecord",
    "get_clients",
]


@dataclass(frozen=True)
class BrpClients:
    """The configured clients; either may be None when only one of the two APIs is configured."""

    bevragen: BrpBevragenClient | None
    bewoning: BrpBewoningClient | None


def _ssl_context() -> ssl.SSLContext | None:
    # The mutual-TLS hook: only built when the provider gave a client certificate or a private CA.
    cert, key, ca = settings.BRP_CLIENT_CERT_FILE, settings.BRP_CLIENT_KEY_FILE, settings.BRP_CA_FILE
    if not (cert or ca):
        return None
    context = ssl.create_default_context(cafile=ca or None)
    if cert:
        try:
            context.load_cert_chain(certfile=cert, keyfile=key or None)
        except (OSError, ssl.SSLError) as exc:
            raise ImproperlyConfigured(f"ZICHT_BRP_CLIENT_CERT_FILE/KEY_FILE cannot be loaded: {exc}") from exc
    return context


def get_clients() -> BrpClients | None:
    """The BRP clients from the settings, or None when no BRP URL is set (the default: the adapters are off)."""
    bevragen_url, bewoning_url = settings.BRP_BEVRAGEN_URL, settings.BRP_BEWONING_URL
    if not (bevragen_url or bewoning_url):
        return None
    if not settings.BRP_API_KEY:
        raise ImproperlyConfigured("A BRP URL is set but ZICHT_BRP_API_KEY(_FILE) is empty.")
    key, timeout, context = settings.BRP_API_KEY, float(settings.BRP_TIMEOUT_SECONDS), _ssl_context()
    try:
        return BrpClients(
            bevragen=BrpBevragenClient(bevragen_url, key, timeout, ssl_context=context) if bevragen_url else None,
            bewoning=BrpBewoningClient(bewoning_url, key, timeout, ssl_context=context) if bewoning_url else None,
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"BRP configuration: {exc}") from exc
