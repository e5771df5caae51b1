"""The profile page of one neighbourhood (wijkprofiel, DOMAIN §3.6): housing, occupancy on a chosen date, reports
per category and per quarter (charts with their numbers beside them) and the plans that cover it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.charts import Series, bar_chart
from zicht.core.privacy.suppression import SuppressedCount
from zicht.reports.choices import Category

from . import selectors
from .forms import ProfileDateForm
from .permissions import may_edit_plans_of

CHART_SIZE = {"width": 560, "height": 300}
# Short names under the bars, so eight categories fit side by side; the table beside the chart has the full names.
CHART_LABELS = {
    Category.WASTE: gettext_lazy("Afval"),
    Category.NOISE: gettext_lazy("Geluid"),
    Category.PARKING: gettext_lazy("Parkeren"),
    Category.OVERCROWDING: gettext_lazy("Overbewoning"),
    Category.UNSAFE_HOUSING: gettext_lazy("Slechte huisvesting"),
    Category.EXPLOITATION: gettext_lazy("Uitbuiting"),
    Category.ADDRESS_FRAUD: gettext_lazy("Adresfraude"),
    Category.OTHER: gettext_lazy("Overig"),
}


def _chart_value(value) -> int:
    # A suppressed count is drawn as nothing; the table beside the chart shows "< 5".
    return 0 if value is None or isinstance(value, SuppressedCount) else int(value)


def _chart(rows, *, title: str, chart_id: str, exact: bool, labels=None, width: int = CHART_SIZE["width"]) -> str:
    summary = "; ".join(f"{row.label}: {row.count}" for row in rows)
    description = _("Staafdiagram in aantallen meldingen. %(summary)s.") % {"summary": summary}
    if not exact:
        description += " " + _("Aantallen onder 5 zijn niet getekend.")
    return bar_chart(
        title=title,
        description=description,
        categories=[str(labels.get(row.key, row.label)) if labels else row.label for row in rows],
        series=[Series(_("Meldingen"), [_chart_value(row.count) for row in rows])],
        chart_id=chart_id,
        width=width,
        height=CHART_SIZE["height"],
    )


@login_required
def neighbourhood_profile(request, code: str):
    neighbourhood = selectors.neighbourhood_for(request.user, code)
    date_form = ProfileDateForm(request.GET if request.GET.get("datum") else None)
    profile = selectors.profile_of(neighbourhood, user=request.user, on=date_form.day())
    reports = profile.reports
    context = {
        "neighbourhood": neighbourhood,
        "profile": profile,
        "figures": profile.occupancy,
        "date_form": date_form,
        "category_chart": _chart(
            reports.by_category,
            title=_("Meldingen per categorie in %(name)s") % {"name": neighbourhood.name},
            chart_id="chart-reports-category",
            exact=reports.exact,
            labels=CHART_LABELS,
            width=800,
        ),
        "quarter_chart": _chart(
            reports.by_quarter,
            title=_("Meldingen per kwartaal in %(name)s") % {"name": neighbourhood.name},
            chart_id="chart-reports-quarter",
            exact=reports.exact,
        ),
        "may_write_plans": may_edit_plans_of(request.user, neighbourhood.municipality_id),
    }
    return render(request, "neighbourhoods/profile.html", context)
