"""The supply overview page (aanbod): figures, two charts with their tables, the member municipalities, downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zicht.core.charts import Series, bar_chart
from zicht.core.exports import EXPORT_FORMATS, export_response
from zicht.geography.areas import COUNTRY_CODE, Area, area_choices, chosen_area, offers_a_choice

from . import supply
from .choices import StayType

TABLES = ("verblijfsduur", "jaar", "gemeenten")
# Half the page's width, so the chart's text shows at about its own size beside the table.
CHART_SIZE = {"width": 560, "height": 300}


def _n(value: int) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


def _year_label(year: int | None) -> str:
    return str(year) if year is not None else _("jaar onbekend")


def year_rows(by_year: dict[int | None, dict[str, int]]) -> list[dict]:
    """The planned beds per year as table rows {label, beds: [per stay type], total}, with a total row last."""
    rows = [
        {"label": _year_label(year), "beds": [beds[value] for value in StayType.values], "total": sum(beds.values())}
        for year, beds in by_year.items()
    ]
    totals = [sum(row["beds"][index] for row in rows) for index in range(len(StayType.values))]
    return [*rows, {"label": _("Totaal"), "beds": totals, "total": sum(totals)}]


def _stay_type_chart(area: Area, rows: list[supply.SupplyRow]) -> str:
    summary = "; ".join(
        _("%(stay_type)s: %(existing)s bestaand, %(planned)s gepland")
        % {"stay_type": row.label, "existing": _n(row.existing), "planned": _n(row.planned_total)}
        for row in rows
    )
    return bar_chart(
        title=_("Bestaand en gepland aanbod per verblijfsduur, %(area)s") % {"area": area.label},
        description=_("Staafdiagram in bedden. %(summary)s.") % {"summary": summary},
        categories=[row.label for row in rows],
        series=[
            Series(_("Bestaand (in gebruik)"), [row.existing for row in rows]),
            Series(_("Gepland"), [row.planned_total for row in rows]),
        ],
        chart_id="chart-supply-stay-type",
        **CHART_SIZE,
    )


def _year_chart(area: Area, rows: list[dict]) -> str:
    summary = "; ".join(
        _("%(year)s: %(beds)s bedden") % {"year": row["label"], "beds": _n(row["total"])} for row in rows
    )
    return bar_chart(
        title=_("Gepland aanbod per verwacht jaar van oplevering, %(area)s") % {"area": area.label},
        description=_("Gestapeld staafdiagram in bedden, per verblijfsduur. %(summary)s.") % {"summary": summary},
        categories=[row["label"] for row in rows],
        series=[
            Series(str(label), [row["beds"][index] for row in rows]) for index, label in enumerate(StayType.labels)
        ],
        stacked=True,
        chart_id="chart-supply-year",
        **CHART_SIZE,
    )


def _sort_columns(request, sort: str) -> list[dict]:
    """The per-municipality table's headers, each a link that sorts by it (again: the other way round)."""
    labels = {
        "name": _("Gemeente"),
        "code": _("CBS-code"),
        "existing": _("Bestaand"),
        "planned_total": _("Gepland"),
        "below_norm": _("Onder de norm"),
        "unknown_norm": _("Normoordeel onbekend"),
    }
    columns = []
    for key in supply.MUNICIPALITY_SORTS:
        numeric = key not in ("name", "code")
        if sort in (key, f"-{key}"):
            target = key if sort.startswith("-") else f"-{key}"
        else:
            target = f"-{key}" if numeric else key  # figures: largest first
        query = request.GET.copy()
        query.pop("export", None)
        query.pop("tabel", None)
        query["sorteer"] = target
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        columns.append(
            {"key": key, "label": labels[key], "url": f"?{query.urlencode()}", "aria_sort": state, "numeric": numeric}
        )
    return columns


def _export(area: Area, table: str, fmt: str, sort: str):
    stem = f"aanbod-{table}-{slugify(area.code)}"
    if table == "verblijfsduur":
        columns = [
            (_("Gebied"), lambda row: area.label),
            (_("Verblijfsduur"), lambda row: row.label),
            (_("Bestaand (bedden in gebruik)"), lambda row: row.existing),
            (_("Gepland (bedden)"), lambda row: row.planned_total),
            (_("Onder de norm (bedden, vervangingsvraag)"), lambda row: row.below_norm),
            (_("Normoordeel onbekend (bedden)"), lambda row: row.unknown_norm),
        ]
        return export_response(supply.supply_by_stay_type(area), columns, stem, fmt)
    if table == "jaar":
        columns = [
            (_("Gebied"), lambda row: area.label),
            (_("Verwacht jaar van oplevering"), lambda row: row["label"]),
            *((str(label), lambda row, index=index: row["beds"][index]) for index, label in enumerate(StayType.labels)),
            (_("Totaal"), lambda row: row["total"]),
        ]
        return export_response(year_rows(supply.planned_by_year(area)), columns, stem, fmt)
    columns = [
        (_("Gebied"), lambda row: area.label),
        (_("CBS-code"), lambda row: row.code),
        (_("Gemeente"), lambda row: row.name),
        (_("Bestaand (bedden in gebruik)"), lambda row: row.existing),
        (_("Gepland (bedden)"), lambda row: row.planned_total),
        (_("Onder de norm (bedden, vervangingsvraag)"), lambda row: row.below_norm),
        (_("Normoordeel onbekend (bedden)"), lambda row: row.unknown_norm),
    ]
    return export_response(supply.supply_by_municipality(area, sort), columns, stem, fmt)


@login_required
def supply_overview(request):
    # The supply page always shows an area: an installation user starts with the whole country.
    area = chosen_area(request, fallback=COUNTRY_CODE)
    sort = request.GET.get("sorteer", "name")
    fmt = request.GET.get("export")
    if fmt is not None:
        table = request.GET.get("tabel", TABLES[0])
        # A neighbourhood or district has no table per municipality: its municipality's row would count beyond it.
        tables = TABLES[:2] if area.within_municipality else TABLES
        if fmt not in EXPORT_FORMATS or table not in tables:
            raise BadRequest(_("Onbekend exportformaat of onbekende tabel."))
        return _export(area, table, fmt, sort)

    by_stay_type = supply.supply_by_stay_type(area)
    by_year = year_rows(supply.planned_by_year(area))
    choices = area_choices(request.user)
    members = not area.single_municipality
    context = {
        "area": area,
        "area_choices": choices,
        "show_area_form": offers_a_choice(choices),
        "stay_type_rows": by_stay_type[:-1],
        "total": by_stay_type[-1],
        "stay_type_chart": _stay_type_chart(area, by_stay_type[:-1]),
        "stay_type_labels": StayType.labels,
        "year_rows": by_year[:-1],
        "year_total": by_year[-1],
        "year_chart": _year_chart(area, by_year[:-1]) if len(by_year) > 1 else "",
        "municipalities": supply.supply_by_municipality(area, sort) if members else None,
        "sort_columns": _sort_columns(request, sort) if members else [],
    }
    return render(request, "housing/supply.html", context)
