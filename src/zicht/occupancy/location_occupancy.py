"""The occupancy tab of a housing location's page: occupancy against capacity and the 80-10-10 breakdown (§4.5),
as a template context the housing app's location page includes."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.charts import Series, bar_chart
from zicht.core.privacy.suppression import SuppressedCount, suppress
from zicht.core.scopes import owns_aggregates_of

from . import indicators, rules
from .choices import DistributionVerdict
from .policy import distribution_rule, policies_for

# The labels of the limits of §4.5, as the verdict names the broken one.
BROKEN_LIMITS = {
    "same_municipality": gettext_lazy("minder dan %(pct)s %% werkt in de gemeente van de locatie"),
    "elsewhere_in_region": gettext_lazy("meer dan %(pct)s %% werkt elders in de regio"),
    "outside_region": gettext_lazy("meer dan %(pct)s %% werkt buiten de regio"),
}


def location_occupancy_context(request, location, on: datetime.date) -> dict[str, Any]:
    """The context of occupancy/_location_occupancy.html: occupancy vs capacity and the 80-10-10 breakdown.

    Counts are suppressed ("< 5") for anyone but the municipality's registration role (DOMAIN §4.8).
    """
    owner = owns_aggregates_of(request.user, location.municipality_id)
    distribution = indicators.location_distribution(location, on)
    occupancy = distribution.residents
    rule = distribution_rule(policies_for([location.municipality_id])[location.municipality_id])
    parts = [
        ("same_municipality", _("Werkt in de eigen gemeente"), distribution.same_municipality),
        ("elsewhere_in_region", _("Werkt elders in de regio"), distribution.elsewhere_in_region),
        ("outside_region", _("Werkt buiten de regio"), distribution.outside_region),
        ("unknown", _("Werkgemeente onbekend"), distribution.unknown),
    ]
    shown = {key: suppress(value, owner=owner) for key, _label, value in parts}
    # Beside a suppressed cell no share is given: a share and the known total would give the hidden count back.
    any_hidden = any(isinstance(value, SuppressedCount) for value in shown.values())
    rows = [
        {
            "key": key,
            "label": label,
            "count": shown[key],
            "share": None
            if any_hidden
            else rules.share(value, distribution.residents if key == "unknown" else distribution.known),
        }
        for key, label, value in parts
    ]
    limits = {
        "same_municipality": rule.min_same_pct,
        "elsewhere_in_region": rule.max_region_pct,
        "outside_region": rule.max_outside_pct,
    }
    broken = [BROKEN_LIMITS[name] % {"pct": limits[name]} for name in distribution.broken]
    chart = ""
    if not any_hidden:
        chart = bar_chart(
            title=_("Bewoners van %(name)s naar werkgemeente") % {"name": location.name},
            description="; ".join(f"{row['label']}: {row['count']}" for row in rows),
            categories=[str(row["label"]) for row in rows],
            series=[Series(_("Bewoners"), [value for _key, _label, value in parts])],
            chart_id="chart-location-distribution",
            width=560,
            height=280,
        )
    shown_occupancy = suppress(occupancy, owner=owner)

    def over(limit: int | None) -> bool:
        return limit is not None and occupancy > limit

    return {
        "occupancy_date": on,
        "occupancy": shown_occupancy,
        "occupancy_capacity": location.capacity_beds,
        "occupancy_norm_capacity": location.norm_capacity,
        # A suppressed occupancy is not compared either: "above 3 beds" would tell what "< 5" hides.
        "occupancy_over_capacity": shown_occupancy == occupancy and over(location.capacity_beds),
        "occupancy_over_norm": shown_occupancy == occupancy and over(location.norm_capacity),
        "distribution": distribution,
        "distribution_rows": rows,
        "distribution_residents": suppress(distribution.residents, owner=owner),
        "distribution_known": suppress(distribution.known, owner=owner),
        "distribution_verdict": distribution.verdict,
        "distribution_verdict_label": DistributionVerdict(distribution.verdict).label,
        "distribution_broken": broken,
        "distribution_rule": rule,
        "distribution_chart": chart,
        "occupancy_suppressed": not owner,
    }
