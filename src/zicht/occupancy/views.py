"""What the occupancy pages share (the date and area choosers), and the occupancy tab of a housing location's page.

The pages themselves live in dashboard_views.py (dashboard, overview, commuting matrix) and worklist_views.py
(the registration officer's work list).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.charts import Series, bar_chart
from zicht.core.privacy.suppression import SuppressedCount, suppress
from zicht.core.roles import ScopeKind
from zicht.core.scopes import owns_aggregates_of, scope_of
from zicht.geography.models import Municipality, Province, Region
from zicht.housing import supply

from . import areas, indicators, rules
from .choices import DistributionVerdict
from .policy import distribution_rule, policies_for

# The labels of the limits of §4.5, as the verdict names the broken one.
BROKEN_LIMITS = {
    "same_municipality": gettext_lazy("minder dan %(pct)s %% werkt in de gemeente van de locatie"),
    "elsewhere_in_region": gettext_lazy("meer dan %(pct)s %% werkt elders in de regio"),
    "outside_region": gettext_lazy("meer dan %(pct)s %% werkt buiten de regio"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AreaDateForm(forms.Form):
    """The date the figures of an occupancy page are for (default today)."""

    datum = forms.DateField(label=gettext_lazy("Peildatum"), required=False, widget=DateInput)

    def day(self) -> datetime.date:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("datum"):
            return self.cleaned_data["datum"]
        return timezone.localdate()


def date_form(request) -> AreaDateForm:
    return AreaDateForm(request.GET if request.GET.get("datum") else None)


def default_area_code(user) -> str | None:
    """The user's own municipality, region or province; None for the installation (they choose)."""
    scope = scope_of(user)
    if scope.kind == ScopeKind.MUNICIPALITY:
        return Municipality.objects.values_list("code", flat=True).get(pk=scope.municipality_id)
    if scope.kind == ScopeKind.REGION:
        return Region.objects.values_list("slug", flat=True).get(pk=scope.region_id)
    if scope.kind == ScopeKind.PROVINCE:
        return Province.objects.values_list("code", flat=True).get(pk=scope.province_id)
    if scope.kind == ScopeKind.INSTALLATION:
        return None
    # A market party, or a user without scope, sees no area figures (DOMAIN §1).
    raise PermissionDenied


def chosen_area(request) -> areas.Area | None:
    """The area of `?gebied=` (or the user's own), scope-checked; None when an installation user has not chosen."""
    code = request.GET.get("gebied") or default_area_code(request.user)
    if code is None:
        return None
    return areas.area_for_user(request.user, code)


def area_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The areas `user` may choose, grouped; the supply page's list, with the whole country as "NL"."""
    groups = []
    for label, options in supply.areas_for(user):
        options = [(areas.COUNTRY_CODE if code == supply.ALL else code, name) for code, name in options]
        groups.append((label, options))
    return groups


def area_label(area: areas.Area) -> str:
    formats = {
        "municipality": _("Gemeente %(name)s"),
        "neighbourhood": _("Buurt %(name)s"),
        "region": _("Regio %(name)s"),
        "province": _("Provincie %(name)s"),
    }
    return formats[area.kind] % {"name": area.name} if area.kind in formats else str(area.name)


def location_occupancy_context(request, location, on: datetime.date) -> dict[str, Any]:
    """The context of occupancy/_location_occupancy.html: occupancy vs capacity and the 80-10-10 breakdown.

    Counts are suppressed ("< 5") for anyone but the municipality's registration role (DOMAIN §4.8).
    """
    owner = owns_aggregates_of(request.user, location.municipality_id)
    occupancy = indicators.location_occupancy(location, on)
    distribution = indicators.location_distribution(location, on)
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
