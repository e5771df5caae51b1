"""Key figures of an area for a landing page, read through the occupancy and housing-supply selectors.

Read-only and shown as the user may see them: counts of persons pass occupancy's small-number suppression; beds are
counts of places, not of persons, and are shown as the supply page shows them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone


def area_key_figures(user, code: str) -> dict | None:
    """Living, BRP-registered, registration rate, beds in use and planned in area `code`; None if `user` may not
    see all of it."""
    # Imported on use: these apps import core, so core cannot import them while it loads.
    from zicht.geography.areas import area_for_user
    from zicht.housing import supply
    from zicht.occupancy import indicators, presentation

    try:
        area = area_for_user(user, code)
    except (Http404, PermissionDenied):
        return None
    figures = presentation.suppressed(indicators.indicators_for(area, timezone.localdate()), user)
    total = supply.supply_by_stay_type(area)[-1]
    return {
        "code": code,
        "living": figures["living"],
        "brp_registered": figures["brp_registered"],
        "registration_rate": figures["registration_rate"] or figures["registration_rate_interval"],
        "beds_in_use": total.existing,
        "beds_planned": total.planned_total,
    }
