"""The Dashboard Meldingen Woonoverlast (seed 003): an area's reports by category, neighbourhood and period, the
trend, handling times, backlog and a map, with its tables as CSV or Excel.

Thin: the figures come from stats.py (computed in SQL). Municipal staff of the municipality see exact counts and the
map; region and province see counts under 5 as "< 5" and no points (DOMAIN §4.8).
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.charts import Series, bar_chart
from zicht.core.exports import EXPORT_FORMATS
from zicht.core.maps import map_context
from zicht.core.privacy.suppression import SuppressedCount
from zicht.geography.areas import area_choices, chosen_area
from zicht.geography.models import Neighbourhood

from . import stats
from .choices import Category, Period, ReportStatus
from .dashboard_exports import EXPORT_TABLES, export_table
from .filters import CLOSED, NO, OPEN, UNASSESSED, YES
from .stats import StatsFilter

# Long ranges of weeks make a table nobody reads and a chart nobody can see; five years is plenty for a trend.
MAX_DAYS = 5 * 366
CHART = {"width": 560, "height": 300}
WIDE_CHART = {"width": 720, "height": 320}  # eight categories side by side need the room for their names
POINT_TABLE_ROWS = 50
# Short names for chart axes and the columns of wide tables; the category table gives the full names.
SHORT_LABELS = {
    Category.WASTE: gettext_lazy("Afval"),
    Category.NOISE: gettext_lazy("Geluid"),
    Category.PARKING: gettext_lazy("Parkeren"),
    Category.OVERCROWDING: gettext_lazy("Overbewoning"),
    Category.UNSAFE_HOUSING: gettext_lazy("Onveilig wonen"),
    Category.EXPLOITATION: gettext_lazy("Uitbuiting"),
    Category.ADDRESS_FRAUD: gettext_lazy("Adresfraude"),
    Category.OTHER: gettext_lazy("Overig"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DashboardForm(forms.Form):
    """The dashboard's choices; an empty or invalid field falls back to its default."""

    # Not validated against the list: the area's scope check decides, and may allow a neighbourhood code the list lacks.
    area = forms.CharField(label=gettext_lazy("Gebied"), required=False, widget=forms.Select)
    date_from = forms.DateField(label=gettext_lazy("Gemeld vanaf"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("Gemeld tot en met"), required=False, widget=DateInput)
    period = forms.ChoiceField(label=gettext_lazy("Per"), choices=Period.choices, required=False)
    category = forms.ChoiceField(label=gettext_lazy("Categorie"), required=False)
    neighbourhood = forms.ChoiceField(label=gettext_lazy("Buurt"), required=False)
    migrant_housing = forms.ChoiceField(
        label=gettext_lazy("Huisvesting arbeidsmigranten"),
        required=False,
        choices=[
            ("", gettext_lazy("Alle meldingen")),
            (YES, gettext_lazy("Ja")),
            (NO, gettext_lazy("Nee")),
            (UNASSESSED, gettext_lazy("Niet beoordeeld")),
        ],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Open of afgesloten"),
        required=False,
        choices=[
            ("", gettext_lazy("Alle meldingen")),
            (OPEN, gettext_lazy("Open")),
            (CLOSED, gettext_lazy("Afgesloten")),
        ],
    )

    def __init__(self, data, *, areas, area, today: datetime.date):
        super().__init__(data, prefix=None)
        self.today = today
        options = [option for _label, group in areas for option in group]
        if area is not None and area.code not in {code for code, _name in options}:
            areas = [*areas, (_("Gekozen gebied"), [(area.code, area.name)])]
        if area is None:
            areas = [("", [("", _("Kies een gebied"))]), *areas]
        self.fields["area"].widget.choices = areas
        self.fields["area"].initial = area.code if area is not None else ""
        self.fields["category"].choices = [("", _("Alle categorieën")), *Category.choices]
        neighbourhoods = Neighbourhood.objects.none()
        if area is not None and area.is_municipality:
            neighbourhoods = Neighbourhood.objects.filter(municipality_id=area.municipality_ids[0])
        self.fields["neighbourhood"].choices = [
            ("", _("Alle buurten")),
            *neighbourhoods.order_by("name").values_list("code", "name"),
        ]
        if len(self.fields["neighbourhood"].choices) == 1:
            del self.fields["neighbourhood"]  # a region, province or neighbourhood: no neighbourhood filter
        if len(options) <= 1 and area is not None:
            self.fields["area"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        if first and last and (last - first).days > MAX_DAYS:
            raise forms.ValidationError(_("Kies een periode van hooguit vijf jaar."))
        return data

    def choices(self) -> tuple[StatsFilter, str]:
        """The filter and bucket size to show: what was chosen when valid, else the defaults."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        default_from, default_to = stats.default_period(self.today)
        flt = StatsFilter(
            date_from=data.get("date_from") or default_from,
            date_to=data.get("date_to") or default_to,
            category=data.get("category") or "",
            neighbourhood=data.get("neighbourhood") or "",
            migrant_housing=data.get("migrant_housing") or "",
            status=data.get("status") or "",
        )
        if flt.date_from > flt.date_to:  # only one end given, on the wrong side of the other's default
            flt = StatsFilter(**{**flt.__dict__, "date_from": stats.default_period(flt.date_to)[0]})
        return flt, data.get("period") or Period.MONTH


def bucket_label(start: datetime.date, period: str) -> str:
    """How a bucket is named in tables and charts: "week 3 2025", "jan 2025", "K1 2025"."""
    if period == Period.WEEK:
        year, week, _day = start.isocalendar()
        return _("week %(week)d %(year)d") % {"week": week, "year": year}
    if period == Period.QUARTER:
        return _("K%(quarter)d %(year)d") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
    return date_format(start, "M Y")


def change_text(change: dict | None) -> str:
    """ "+3 (+25,0 %)", "-1", or an en dash when there is nothing to compare (or it would reveal a small count)."""
    if change is None:
        return "\u2013"
    if change["difference"] == 0:
        return "0 (0,0 %)" if change["share"] is not None else "0"
    text = f"{change['difference']:+d}".replace("-", "\u2212")
    if change["share"] is not None:
        percent = number_format(round(change["share"] * 100, 1), decimal_pos=1, use_l10n=True)
        text += f" ({'+' if change['share'] >= 0 else ''}{percent} %)".replace("-", "\u2212")
    return text


def _hides_something(values) -> bool:
    return any(isinstance(value, SuppressedCount) for value in values)


def _charts(area, figures: dict, period_rows: list[dict]) -> dict[str, str]:
    """The three bar charts; a chart that would have to draw a suppressed count is left out (its table stays)."""
    place = area.label
    categories = [str(SHORT_LABELS[key]) for key in Category.values]
    per_category = [figures["per_category"][key] for key in Category.values]
    handling = [figures["handling_time"]["per_category"][key] for key in Category.values]
    description = _("Staafdiagram; de aantallen staan in de tabel ernaast.")
    charts = {"category_chart": "", "period_chart": "", "handling_chart": ""}
    if not _hides_something(per_category):
        charts["category_chart"] = bar_chart(
            title=_("Meldingen per categorie, %(area)s") % {"area": place},
            description=description,
            categories=categories,
            series=[Series(_("Meldingen"), per_category)],
            chart_id="chart-report-categories",
            **WIDE_CHART,
        )
    if not _hides_something(row["total"] for row in period_rows):
        charts["period_chart"] = bar_chart(
            title=_("Meldingen per periode, %(area)s") % {"area": place},
            description=description,
            categories=[row["label"] for row in period_rows],
            series=[Series(_("Meldingen"), [row["total"] for row in period_rows])],
            chart_id="chart-report-periods",
            **CHART,
        )
    if not _hides_something(item["handled"] for item in handling):
        charts["handling_chart"] = bar_chart(
            title=_("Afhandeltijd per categorie in werkdagen, %(area)s") % {"area": place},
            description=_("Staafdiagram van mediaan en 90e percentiel; de waarden staan in de tabel ernaast."),
            categories=categories,
            series=[
                Series(_("Mediaan"), [item["median_days"] or 0 for item in handling]),
                Series(_("90e percentiel"), [item["p90_days"] or 0 for item in handling]),
            ],
            chart_id="chart-report-handling",
            **WIDE_CHART,
        )
    return charts


def _points_json(points: list[dict]) -> list[dict]:
    """The map's points with their status name and, for those who open reports, a link to each one."""
    labels = dict(ReportStatus.choices)
    marker = 987654321
    # Reverse once and fill in each pk, rather than resolving the URL for every point.
    pattern = reverse("reports:report_detail", kwargs={"pk": marker})
    return [
        {
            **point,
            "status_label": str(labels.get(point["status"], point["status"])),
            "url": pattern.replace(str(marker), str(point["pk"])),
        }
        for point in points
    ]


@login_required
def dashboard(request):
    user = request.user
    if not user.has_perm("reports.view_report_stats"):
        raise PermissionDenied
    area = chosen_area(request, parameter="area")
    areas = area_choices(user)
    today = timezone.localdate()
    # Fill in what was not chosen, so the form shows the area, period and bucket size the figures are for.
    data = request.GET.copy()
    default_from, default_to = stats.default_period(today)
    defaults = {"date_from": default_from.isoformat(), "date_to": default_to.isoformat(), "period": Period.MONTH}
    if area is not None:
        defaults["area"] = area.code
    for name, value in defaults.items():
        if not data.get(name):
            data[name] = value
    form = DashboardForm(data, areas=areas, area=area, today=today)
    flt, period = form.choices()
    fmt = request.GET.get("export")
    exact = area is not None and stats.may_see_exact(user, area)
    context = {"area": area, "area_title": area.label if area else "", "form": form, "filters": flt}
    if area is None:
        if fmt is not None:
            raise BadRequest(_("Kies eerst een gebied."))
        return render(request, "reports/dashboard.html", context)
    figures = stats.presented(stats.report_stats(area, flt, period=period), exact=exact)
    period_rows = [
        {
            **row,
            "label": bucket_label(row["start"], period),
            "change_previous_text": change_text(row["change_previous"]),
            "change_year_earlier_text": change_text(row["change_year_earlier"]),
        }
        for row in figures["periods"]
    ]
    if fmt is not None:
        table = request.GET.get("table", EXPORT_TABLES[0])
        if fmt not in EXPORT_FORMATS or table not in EXPORT_TABLES:
            raise BadRequest(_("Onbekend exportformaat."))
        return export_table(area, figures, period_rows, table, fmt)
    points = _points_json(stats.map_points(area, flt)) if exact else []
    context.update(
        {
            "figures": figures,
            "exact": exact,
            "period": period,
            "period_label": Period(period).label,
            "period_rows": period_rows,
            "categories": [(key, SHORT_LABELS[key], label) for key, label in Category.choices],
            "category_rows": [
                {
                    "key": key,
                    "label": label,
                    "count": figures["per_category"][key],
                    "open": figures["open_per_category"][key],
                    "overdue": figures["overdue_per_category"][key],
                    "handling": figures["handling_time"]["per_category"][key],
                }
                for key, label in Category.choices
            ],
            "points": points,
            "point_rows": points[:POINT_TABLE_ROWS],
            "export_tables": EXPORT_TABLES,
            **_charts(area, figures, period_rows),
            **(map_context() if exact else {}),
        }
    )
    return render(request, "reports/dashboard.html", context)
