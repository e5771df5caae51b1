"""The occupancy dashboard of a municipality (with a table per neighbourhood) or neighbourhood, and the overview of a
region or province (with a table per municipality).

Every count on these pages passes `presentation.suppressed`: under 5 it shows as "< 5" to anyone but the owning
municipality's registration role (DOMAIN §4.8).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zicht.core.charts import Series, bar_chart
from zicht.core.exports import EXPORT_FORMATS, export_response
from zicht.core.privacy.suppression import SuppressedCount
from zicht.core.roles import Role
from zicht.core.scopes import may_see_person_data
from zicht.geography.areas import area_choices, chosen_area, offers_a_choice

from . import indicators, presentation
from .choices import EstimateMeasure, StayCategory
from .estimates import EstimateRow, number
from .forms import date_form

CHART_SIZE = {"width": 560, "height": 300}
STAY_KEYS = (StayCategory.SHORT, StayCategory.MID, StayCategory.LONG)
# Columns of the per-municipality table: (key, label, numeric); the key is also the `?sorteer=` value.
TABLE_SORTS = ("name", "living", "working", "brp_registered", "registration_rate", "estimate", "working_share")


def _value(value) -> float:
    """A sort key that keeps suppressed cells together (between 0 and 5) so sorting reveals nothing about them."""
    if isinstance(value, SuppressedCount):
        return 0.5
    if value is None:
        return -1.0
    if isinstance(value, EstimateRow):  # an estimate sorts by its low end
        return float(value.low)
    if isinstance(value, dict):  # so does an interval
        return float(value["low"])
    return float(value)


def _chart_value(value) -> int:
    return 0 if value is None or isinstance(value, SuppressedCount) else int(value)


def _living_estimate(figures: dict) -> EstimateRow | None:
    """The published living estimate among the figures' estimates (EstimateRow objects, see presentation)."""
    return next((e for e in figures["estimates"] if e.measure == EstimateMeasure.LIVING), None)


def _estimate_bound(estimate: EstimateRow | None, bound: str) -> int | float | None:
    """The low or high end of an estimate as a plain number for a download; empty without an estimate."""
    return number(getattr(estimate, bound)) if estimate is not None else None


def table_rows(area, on, user, sort: str) -> list[dict]:
    """The member municipalities' figures, suppressed for `user`, sorted by the shown values."""
    rows = [presentation.suppressed(item, user) for item in indicators.municipality_table(area, on)]
    field = sort.removeprefix("-")
    if field not in TABLE_SORTS:
        field, sort = "name", "name"
    keys = {
        "name": lambda row: row["area"]["name"].lower(),
        "living": lambda row: _value(row["living"]),
        "working": lambda row: _value(row["working"]),
        "brp_registered": lambda row: _value(row["brp_registered"]),
        "registration_rate": lambda row: _value(row["registration_rate"] or row["registration_rate_interval"]),
        "estimate": lambda row: _value(_living_estimate(row)),
        "working_share": lambda row: _value(row["working_in_residence_share"]),
    }
    rows.sort(key=lambda row: row["area"]["name"].lower())  # ties keep name order
    rows.sort(key=keys[field], reverse=sort.startswith("-"))
    return rows


def _sort_columns(request, sort: str) -> list[dict]:
    labels = {
        "name": _("Gemeente"),
        "living": _("Wonend"),
        "working": _("Werkend"),
        "brp_registered": _("Ingeschreven in de BRP"),
        "registration_rate": _("Registratiegraad"),
        "estimate": _("Schatting wonend (gepubliceerd)"),
        "working_share": _("Aandeel dat in de woongemeente werkt"),
    }
    columns = []
    for key in TABLE_SORTS:
        numeric = key != "name"
        if sort in (key, f"-{key}"):
            target = key if sort.startswith("-") else f"-{key}"
        else:
            target = f"-{key}" if numeric else key
        query = request.GET.copy()
        query.pop("export", None)
        query["sorteer"] = target
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        columns.append(
            {"key": key, "label": labels[key], "url": f"?{query.urlencode()}", "aria_sort": state, "numeric": numeric}
        )
    return columns


def _shown(value) -> object:
    """A cell of an export: the count, "< 5" for a suppressed one, empty for unknown."""
    return str(value) if isinstance(value, SuppressedCount) else value


def _rate_cell(value) -> object:
    if value is None:
        return None
    if isinstance(value, dict):
        return f"{float(value['low']) * 100:.1f}-{float(value['high']) * 100:.1f}"
    return round(value * 100, 1)


def _export_table(area, on, rows, fmt: str):
    columns = [
        (_("Gebied"), lambda row: area.label),
        (_("Peildatum"), lambda row: on),
        (_("CBS-code"), lambda row: row["area"]["code"]),
        (_("Gemeente"), lambda row: row["area"]["name"]),
        (_("Wonend"), lambda row: _shown(row["living"])),
        (_("Werkend"), lambda row: _shown(row["working"])),
        (_("Ingeschreven in de BRP"), lambda row: _shown(row["brp_registered"])),
        (_("Registratiegraad (%)"), lambda row: _rate_cell(row["registration_rate"])),
        (_("Registratiegraad over de schatting (%)"), lambda row: _rate_cell(row["registration_rate_interval"])),
        (_("Schatting wonend: ondergrens"), lambda row: _estimate_bound(_living_estimate(row), "low")),
        (_("Schatting wonend: bovengrens"), lambda row: _estimate_bound(_living_estimate(row), "high")),
        (_("Schatting: bron en jaar"), lambda row: _estimate_source(_living_estimate(row))),
        (_("Aandeel dat in de woongemeente werkt (%)"), lambda row: _rate_cell(row["working_in_residence_share"])),
    ]
    return export_response(rows, columns, f"bewoning-gemeenten-{slugify(area.code)}-{on:%Y%m%d}", fmt)


def _estimate_source(estimate: EstimateRow | None) -> str:
    """The source and year of an estimate, as a download names them."""
    return f"{estimate.source} ({estimate.year})" if estimate is not None else ""


def _stay_chart(area, figures) -> str:
    counts = [figures["stay_mix"].get(key) for key in STAY_KEYS]
    labels = [str(StayCategory(key).label) for key in STAY_KEYS]
    summary = "; ".join(f"{label}: {count}" for label, count in zip(labels, counts, strict=True))
    return bar_chart(
        title=_("Wonend naar verblijfsduur, %(area)s") % {"area": area.label},
        description=_("Staafdiagram in personen. %(summary)s.") % {"summary": summary},
        categories=labels,
        series=[Series(_("Personen"), [_chart_value(count) for count in counts])],
        chart_id="chart-stay-mix",
        **CHART_SIZE,
    )


def _living_working_chart(area, figures) -> str:
    bars = [
        (_("Wonend"), figures["living"]),
        (_("Ingeschreven in de BRP"), figures["brp_registered"]),
        (_("Werkend"), figures["working"]),
    ]
    summary = "; ".join(f"{label}: {count}" for label, count in bars)
    return bar_chart(
        title=_("Wonen, inschrijven en werken, %(area)s") % {"area": area.label},
        description=_("Staafdiagram in personen. %(summary)s.") % {"summary": summary},
        categories=[str(label) for label, _count in bars],
        series=[Series(_("Personen"), [_chart_value(count) for _label, count in bars])],
        chart_id="chart-living-working",
        **CHART_SIZE,
    )


def _may_use_worklist(user, area) -> bool:
    return (
        area.is_municipality
        and user.role == Role.REGISTRATION_OFFICER
        and may_see_person_data(user, area.municipality_ids[0])
    )


@login_required
def dashboard(request):
    area = chosen_area(request)
    form = date_form(request)
    on = form.day()
    sort = request.GET.get("sorteer", "name")
    fmt = request.GET.get("export")
    if fmt is not None:
        if area is None or area.single_municipality or fmt not in EXPORT_FORMATS:
            raise BadRequest(_("Onbekend exportformaat."))
        return _export_table(area, on, table_rows(area, on, request.user, sort), fmt)

    choices = area_choices(request.user)
    context = {
        "area": area,
        "area_title": area.label if area else "",
        "area_choices": choices,
        "show_area_form": offers_a_choice(choices),
        "date_form": form,
        "on": on,
    }
    if area is not None:
        figures = presentation.suppressed(indicators.indicators_for(area, on), request.user)
        context.update(
            {
                "figures": figures,
                "stay_rows": [(StayCategory(key).label, figures["stay_mix"].get(key)) for key in STAY_KEYS],
                "stay_chart": _stay_chart(area, figures),
                "living_working_chart": _living_working_chart(area, figures),
                "is_municipality": area.single_municipality,
                "worklist_url": reverse("occupancy:registration_gap") if _may_use_worklist(request.user, area) else "",
            }
        )
        if area.is_municipality:
            context["neighbourhood_rows"] = [
                presentation.suppressed(item, request.user) for item in indicators.neighbourhood_table(area, on)
            ]
        elif not area.single_municipality:
            context["municipality_rows"] = table_rows(area, on, request.user, sort)
            context["sort_columns"] = _sort_columns(request, sort)
    return render(request, "occupancy/dashboard.html", context)
