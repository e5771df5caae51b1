"""The dashboard's tables as CSV or Excel: neighbourhoods by category, periods by category and handling time.

A download holds exactly what the page shows, suppression included: a suppressed count is the text "< 5".
"""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from zicht.core.exports import export_response
from zicht.core.privacy.suppression import SuppressedCount

from .choices import Category

NEIGHBOURHOODS, PERIODS, HANDLING = "neighbourhoods", "periods", "handling"
EXPORT_TABLES = (NEIGHBOURHOODS, PERIODS, HANDLING)


def _cell(value):
    return str(value) if isinstance(value, SuppressedCount) else value


def _difference(change):
    return None if change is None else change["difference"]


def _percent(share):
    return None if share is None else round(share * 100, 1)


def _category_columns(getter):
    return [(label, lambda row, key=key: _cell(getter(row)[key])) for key, label in Category.choices]


def _neighbourhood_table(figures: dict):
    columns = [
        (_("Gemeente"), lambda row: row["municipality"]),
        (_("Wijk"), lambda row: row["district_name"]),
        (_("Wijkcode"), lambda row: row["district_code"]),
        (_("Buurt"), lambda row: row["name"]),
        (_("Buurtcode"), lambda row: row["code"]),
        *_category_columns(lambda row: row["per_category"]),
        (_("Totaal"), lambda row: _cell(row["total"])),
        (_("Nu open"), lambda row: _cell(row["open"])),
        (_("Nu over de termijn"), lambda row: _cell(row["overdue"])),
    ]
    return figures["per_neighbourhood"], columns


def _period_table(period_rows: list[dict]):
    columns = [
        (_("Periode"), lambda row: row["label"]),
        (_("Van"), lambda row: row["start"]),
        (_("Tot en met"), lambda row: row["end"]),
        (_("Deels in de gekozen periode"), lambda row: _("ja") if row["partial"] else _("nee")),
        *_category_columns(lambda row: row["per_category"]),
        (_("Totaal"), lambda row: _cell(row["total"])),
        (_("Verschil met de periode ervoor"), lambda row: _difference(row["change_previous"])),
        (_("Een jaar eerder"), lambda row: _cell(row["year_earlier"])),
        (_("Verschil met een jaar eerder"), lambda row: _difference(row["change_year_earlier"])),
    ]
    return period_rows, columns


def _handling_table(figures: dict):
    handling = figures["handling_time"]
    rows = [{"label": label, **handling["per_category"][key]} for key, label in Category.choices]
    rows.append({"label": _("Alle categorieën"), **{k: v for k, v in handling.items() if k != "per_category"}})
    columns = [
        (_("Categorie"), lambda row: row["label"]),
        (_("Afgehandeld"), lambda row: _cell(row["handled"])),
        (_("Binnen de termijn"), lambda row: _cell(row["within_service_level"])),
        (_("Binnen de termijn (%)"), lambda row: _percent(row["within_service_level_share"])),
        (_("Mediaan (werkdagen)"), lambda row: row["median_days"]),
        (_("90e percentiel (werkdagen)"), lambda row: row["p90_days"]),
    ]
    return rows, columns


def export_table(area, figures: dict, period_rows: list[dict], table: str, fmt: str):
    """One of the dashboard's tables as a download named after the area and the period."""
    if table == NEIGHBOURHOODS:
        rows, columns = _neighbourhood_table(figures)
    elif table == PERIODS:
        rows, columns = _period_table(period_rows)
    else:
        rows, columns = _handling_table(figures)
    names = {NEIGHBOURHOODS: "buurten", PERIODS: "perioden", HANDLING: "afhandeltijd"}
    stem = f"meldingen-{names[table]}-{slugify(area.code)}-{figures['from']:%Y%m%d}-{figures['to']:%Y%m%d}"
    return export_response(rows, columns, stem, fmt)
