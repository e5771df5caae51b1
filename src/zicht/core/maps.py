"""The background map every map page draws on: one tile source and the credit its supplier asks for."""

from __future__ import annotations

from django.conf import settings


def map_context() -> dict[str, str]:
    """The background map: tile URL from settings, and the credit its supplier asks for."""
    return {
        "tile_url": settings.MAP_TILE_URL,
        "map_attribution": getattr(settings, "MAP_ATTRIBUTION", "© Kadaster, BRT-Achtergrondkaart (PDOK)"),
        "map_attribution_url": getattr(settings, "MAP_ATTRIBUTION_URL", "https://www.pdok.nl/"),
    }
