"""Server-rendered SVG bar charts: grouped or stacked bars, a value axis with round ticks, labels and a legend.

Pure Python, no JavaScript and no stylesheet needed: every colour, font and size is an SVG presentation attribute,
so the same markup reads in the browser, in a PDF (WeasyPrint) and under a strict CSP (no `style` attributes).
The chart is an image for assistive technology (`role="img"` with `<title>` and `<desc>`); the page shows the
numbers in a table beside it, so the chart never carries information the table does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

# Series colours: tokens of zicht.css (ribbon, warning-text, success, error, nav, text-muted), each at least 3:1
# against the white background (WCAG 1.4.11), in an order that keeps neighbouring series apart in hue.
PALETTE = ("#154273", "#8a5a00", "#275937", "#b3261e", "#01689b", "#535353")
TEXT = "#1b1b1b"
GRID = "#cccccc"
AXIS = "#6b6b6b"
BACKGROUND = "#ffffff"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif"

MARGIN_TOP = 16
LEGEND_ROW = 24
MARGIN_RIGHT = 16
MARGIN_BOTTOM = 40
CHAR_WIDTH = 7.5  # rough width of a 13px character, to leave room for the tick labels
LABEL_LINE = 15  # line height of a wrapped category label
GROUP_GAP = 0.25  # share of a category's band left empty between groups
MAX_BAR = 64  # a bar no wider than this, so two categories do not look like two slabs


@dataclass(frozen=True)
class Series:
    """One named set of values, one per category; `colour` overrides the palette."""

    label: str
    values: Sequence[float]
    colour: str | None = None


def nice_ticks(maximum: float, *, target: int = 5, integer: bool = True) -> list[float]:
    """Round tick values from 0 up to at least `maximum`: steps of 1, 2 or 5 times a power of ten."""
    if maximum < 0 or math.isnan(maximum) or math.isinf(maximum):
        raise ValueError("maximum must be a finite number of at least 0")
    if maximum == 0:
        return [0, 1] if integer else [0.0, 1.0]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if integer:
        step = max(1, round(step))
        count = math.ceil(maximum / step)
        return [i * step for i in range(count + 1)]
    digits = max(0, -math.floor(math.log10(step)))
    count = math.ceil(round(maximum / step, 9))
    return [round(i * step, digits) for i in range(count + 1)]


def _n(value: float) -> str:
    """A coordinate for an attribute: short, without a locale."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _label(value: float) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for item in series:
        if len(item.values) != len(categories):
            raise ValueError(f"Series {item.label!r} has {len(item.values)} values for {len(categories)} categories")
        if any(value < 0 for value in item.values):
            raise ValueError(f"Series {item.label!r} has a negative value; bar charts here start at 0")


def bar_chart(
    *,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = False,
    width: int = 640,
    height: int = 320,
    integer: bool = True,
    chart_id: str | None = None,
) -> SafeString:
    """An accessible SVG bar chart of `series` over `categories`, grouped side by side or stacked."""
    _check(categories, series)
    chart_id = chart_id or "chart-" + (slugify(title) or "bars")
    legend, legend_rows = _legend(series, width) if len(series) > 1 else ("", 0)
    top = MARGIN_TOP + legend_rows * LEGEND_ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="{escape(FONT)}" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{BACKGROUND}"/>',
    ]
    if not categories or not series:
        empty = _("Geen gegevens")
        parts.append(
            f'<text x="{_n(width / 2)}" y="{_n(height / 2)}" text-anchor="middle" fill="{TEXT}">'
            f"{escape(empty)}</text></svg>"
        )
        return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()

    label_lines = [_wrap(category, _chars_per_band(width, len(categories))) for category in categories]
    extra_lines = max(len(lines) for lines in label_lines) - 1
    totals = [sum(values) for values in zip(*(item.values for item in series), strict=True)]
    highest = max(totals) if stacked else max(max(item.values) for item in series)
    ticks = nice_ticks(highest, integer=integer)
    scale_top = ticks[-1]
    left = 12 + CHAR_WIDTH * max(len(_label(tick)) for tick in ticks)
    plot_width = width - left - MARGIN_RIGHT
    plot_height = height - top - MARGIN_BOTTOM - extra_lines * LABEL_LINE
    bottom = top + plot_height

    def y_of(value: float) -> float:
        return bottom - value / scale_top * plot_height

    parts.append(legend)
    parts.append('<g class="chart__axis">')
    for tick in ticks:
        y = _n(y_of(tick))
        colour = AXIS if tick == 0 else GRID
        parts.append(f'<line x1="{_n(left)}" x2="{_n(left + plot_width)}" y1="{y}" y2="{y}" stroke="{colour}"/>')
        parts.append(
            f'<text x="{_n(left - 6)}" y="{y}" dy="0.35em" text-anchor="end" fill="{TEXT}">{escape(_label(tick))}</text>'
        )
    parts.append("</g>")

    band = plot_width / len(categories)
    group = min(band * (1 - GROUP_GAP), MAX_BAR * (1 if stacked else len(series)))
    bar = group if stacked else group / len(series)
    parts.append('<g class="chart__bars">')
    for index, category in enumerate(categories):
        x0 = left + index * band + (band - group) / 2
        base = 0.0
        for number, item in enumerate(series):
            value = item.values[index]
            x = x0 if stacked else x0 + number * bar
            low, high = (base, base + value) if stacked else (0, value)
            base = high if stacked else base
            if not value:
                continue  # nothing to draw; the table beside the chart shows the 0
            colour = item.colour or PALETTE[number % len(PALETTE)]
            tooltip = f"{category}, {item.label}: {_label(value)}"
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y_of(high))}" width="{_n(bar)}" height="{_n(y_of(low) - y_of(high))}" '
                f'fill="{escape(colour)}" stroke="{BACKGROUND}" stroke-width="{1 if stacked else 0}">'
                f"<title>{escape(tooltip)}</title></rect>"
            )
        centre = _n(left + (index + 0.5) * band)
        lines = "".join(
            f'<tspan x="{centre}" dy="{0 if number == 0 else LABEL_LINE}">{escape(line)}</tspan>'
            for number, line in enumerate(label_lines[index])
        )
        parts.append(f'<text x="{centre}" y="{_n(bottom + 20)}" text-anchor="middle" fill="{TEXT}">{lines}</text>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above went through escape()


def _chars_per_band(width: int, count: int) -> int:
    # The plot is a little narrower than the chart; a label may use most of its band.
    return max(6, int((width - 80) / max(count, 1) * 0.9 / CHAR_WIDTH))


def _wrap(text: str, limit: int, max_lines: int = 3) -> list[str]:
    """A category label broken on spaces into lines of at most `limit` characters, so neighbours do not overlap."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return lines or [""]


def _legend(series: Sequence[Series], width: int) -> tuple[str, int]:
    """The legend above the plot, wrapped onto as many rows as the width needs; returns (markup, rows)."""
    parts = ['<g class="chart__legend">']
    x, row = float(MARGIN_RIGHT), 0
    for number, item in enumerate(series):
        needed = 18 + CHAR_WIDTH * len(item.label)
        if x + needed > width - MARGIN_RIGHT and x > MARGIN_RIGHT:
            x, row = float(MARGIN_RIGHT), row + 1
        y = MARGIN_TOP + row * LEGEND_ROW
        colour = item.colour or PALETTE[number % len(PALETTE)]
        parts.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="12" height="12" fill="{escape(colour)}"/>')
        parts.append(f'<text x="{_n(x + 18)}" y="{_n(y + 6)}" dy="0.35em" fill="{TEXT}">{escape(item.label)}</text>')
        x += needed + 20
    parts.append("</g>")
    return "".join(parts), row + 1
