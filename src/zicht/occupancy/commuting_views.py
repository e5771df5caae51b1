"""The commuting matrix (pendel): persons living in each municipality of an area, by the municipality they work in.

Rows are residence municipalities, columns work municipalities (any, also outside the area) and "unknown". Each
cell, and each total, is suppressed under 5 unless the viewer owns the residence municipality's aggregates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zicht.core.exports import EXPORT_FORMATS, export_response
from zicht.core.privacy.suppression import suppress
from zicht.core.scopes import owns_aggregates_of
from zicht.geography.areas import Area, area_choices, chosen_area, offers_a_choice
from zicht.geography.models import Municipality

from . import indicators
from .forms import date_form

UNKNOWN = ""  # the column key of "work municipality unknown"


@dataclass
class MatrixRow:
    code: str
    name: str
    cells: list = field(default_factory=list)  # one shown count per column
    total: object = 0


@dataclass
class CommutingTable:
    """The matrix as shown: columns [(code, name)], rows with their cells and totals, and the column totals."""

    columns: list[tuple[str, str]]
    rows: list[MatrixRow]
    column_totals: list
    total: object

    def export_columns(self) -> list:
        columns = [(_("Woongemeente (CBS-code)"), lambda row: row.code), (_("Woongemeente"), lambda row: row.name)]
        for index, (_code, name) in enumerate(self.columns):
            columns.append((name, lambda row, index=index: _cell(row.cells[index])))
        columns.append((_("Totaal"), lambda row: _cell(row.total)))
        return columns

    def export_rows(self) -> list[MatrixRow]:
        return [*self.rows, MatrixRow("", _("Totaal"), self.column_totals, self.total)]


def _cell(value) -> object:
    return value if isinstance(value, int) or value is None else str(value)


def commuting_table(area: Area, on: datetime.date, user) -> CommutingTable:
    """The commuting matrix of `area` on `on`, pivoted and suppressed for `user`."""
    counts: dict[tuple[str, str], int] = {}
    names: dict[str, str] = {}
    for row in indicators.commuting_matrix(area, on):
        work = row.work_code or UNKNOWN
        counts[(row.residence_code, work)] = counts.get((row.residence_code, work), 0) + row.persons
        names[row.residence_code] = row.residence_name
        if row.work_code:
            names[row.work_code] = row.work_name
    members = (
        Municipality.objects.filter(pk__in=area.municipality_ids).order_by("name").values_list("code", "name", "pk")
    )
    owner = {code: owns_aggregates_of(user, pk) for code, _name, pk in members}
    work_codes = sorted({work for _res, work in counts if work != UNKNOWN}, key=lambda code: names[code].lower())
    columns = [(code, names[code]) for code in work_codes] + [(UNKNOWN, _("onbekend"))]
    rows, column_sums = [], [0] * len(columns)
    for code, name, _pk in members:
        values = [counts.get((code, work), 0) for work, _label in columns]
        for index, value in enumerate(values):
            column_sums[index] += value
        shown = [suppress(value, owner=owner[code]) for value in values]
        rows.append(MatrixRow(code, name, shown, suppress(sum(values), owner=owner[code])))
    # Column totals mix residence municipalities: only a viewer who owns all of them sees small ones.
    owns_all = bool(owner) and all(owner.values())
    column_totals = [suppress(value, owner=owns_all) for value in column_sums]
    return CommutingTable(columns, rows, column_totals, suppress(sum(column_sums), owner=owns_all))


@login_required
def commuting(request):
    area = chosen_area(request)
    form = date_form(request)
    on = form.day()
    table = commuting_table(area, on, request.user) if area is not None else None
    fmt = request.GET.get("export")
    if fmt is not None:
        if table is None or fmt not in EXPORT_FORMATS:
            raise BadRequest(_("Onbekend exportformaat."))
        stem = f"pendel-{slugify(area.code)}-{on:%Y%m%d}"
        return export_response(table.export_rows(), table.export_columns(), stem, fmt)
    choices = area_choices(request.user)
    context = {
        "area": area,
        "area_title": area.label if area else "",
        "area_choices": choices,
        "show_area_form": offers_a_choice(choices),
        "date_form": form,
        "on": on,
        "table": table,
    }
    return render(request, "occupancy/commuting.html", context)
