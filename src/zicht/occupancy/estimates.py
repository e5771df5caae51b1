"""Published estimates (DOMAIN §3.2): reading Overijssel's table 1 and finding the estimates that go beside an
area's derived counts. Estimates are intervals with their source and year; they are never mixed into the counts."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext

from zicht.core.tabular import read_table
from zicht.geography.areas import Area, AreaKind
from zicht.geography.models import Municipality

from .choices import EstimateMeasure
from .models import Estimate
from .rules import Interval

TABLE_1_YEAR = 2021
TABLE_1_SOURCE = "Decisio (2023), tabel 1: arbeidsmigranten wonend en werkend per gemeente, Overijssel, peiljaar 2021"
# Columns of table 1 → (measure, low column, high column); the share is one figure, so low and high are the same.
TABLE_1_MEASURES = (
    (EstimateMeasure.LIVING, "living_min", "living_max"),
    (EstimateMeasure.WORKING, "working_min", "working_max"),
    (EstimateMeasure.WORKING_IN_RESIDENCE_SHARE, "pct_working_in_residence", "pct_working_in_residence"),
)


@dataclass(frozen=True)
class EstimateRow:
    area_kind: str
    area_code: str
    measure: str
    year: int
    low: Decimal
    high: Decimal
    source: str

    def get_measure_display(self) -> str:
        return str(EstimateMeasure(self.measure).label)

    def as_dict(self) -> dict:
        return {
            "measure": self.measure,
            "year": self.year,
            "low": number(self.low),
            "high": number(self.high),
            "source": self.source,
        }

    @classmethod
    def of(cls, estimate: Estimate) -> EstimateRow:
        return cls(
            estimate.area_kind,
            estimate.area_code,
            estimate.measure,
            estimate.year,
            estimate.low,
            estimate.high,
            estimate.source,
        )


def _decimal(text: str, row: int, column: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise ValueError(f"row {row}: {column} is not a number") from None


def load_overijssel_table_1(path: Path | str) -> list[EstimateRow]:
    """The estimates of Overijssel's table 1 (CSV with `#` comment lines) as rows keyed by municipality code.

    Municipality names are matched case-insensitively against the geography table; an unknown name is an error.
    """
    _, rows = read_table(Path(path))
    codes = {name.lower(): code for name, code in Municipality.objects.values_list("name", "code")}
    result: list[EstimateRow] = []
    for number, values in rows:
        name = values["municipality"].strip()
        code = codes.get(name.lower())
        if code is None:
            raise ValueError(f"row {number}: unknown municipality {name!r}")
        for measure, low_column, high_column in TABLE_1_MEASURES:
            low, high = (
                _decimal(values[low_column], number, low_column),
                _decimal(values[high_column], number, high_column),
            )
            if high < low:
                raise ValueError(f"row {number}: {high_column} is below {low_column}")
            result.append(EstimateRow(AreaKind.MUNICIPALITY, code, measure, TABLE_1_YEAR, low, high, TABLE_1_SOURCE))
    return result


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _latest(estimates: list, on: datetime.date) -> dict[str, object]:
    """Per measure the estimate of the latest year up to `on` (or the earliest after it, when none is older)."""
    chosen: dict[str, object] = {}
    for estimate in sorted(estimates, key=lambda e: (e.year > on.year, -e.year if e.year <= on.year else e.year)):
        chosen.setdefault(estimate.measure, estimate)
    return chosen


def estimates_by_municipality(codes: list[str], on: datetime.date) -> dict[str, list[EstimateRow]]:
    """Per municipality code its estimates (one per measure) for display beside the counts."""
    found: dict[str, list] = defaultdict(list)
    for estimate in Estimate.objects.filter(area_kind=AreaKind.MUNICIPALITY, area_code__in=codes):
        found[estimate.area_code].append(estimate)
    return {code: [EstimateRow.of(e) for e in _latest(found.get(code, []), on).values()] for code in codes}


def estimates_for(area: Area, on: datetime.date) -> list[EstimateRow]:
    """The area's own estimates; for a larger area also the sum of its municipalities' living and working
    intervals when every one of them has an estimate (same year and source), labelled as such."""
    own = _latest(list(Estimate.objects.filter(area_kind=area.kind, area_code=area.code)), on)
    result = [EstimateRow.of(estimate) for estimate in own.values()]
    if area.single_municipality or not area.municipality_ids:
        return result
    codes = list(Municipality.objects.filter(pk__in=area.municipality_ids).values_list("code", flat=True))
    summable = (EstimateMeasure.LIVING, EstimateMeasure.WORKING)
    by_code: dict[str, list] = defaultdict(list)
    for estimate in Estimate.objects.filter(area_kind=AreaKind.MUNICIPALITY, area_code__in=codes, measure__in=summable):
        by_code[estimate.area_code].append(estimate)
    latest = {code: _latest(by_code.get(code, []), on) for code in codes}
    for measure in summable:
        picked = [chosen.get(measure) for chosen in latest.values()]
        if measure in own or not picked or any(p is None for p in picked):
            continue
        if len({(p.year, p.source) for p in picked}) != 1:
            continue
        summed = EstimateRow(
            area.kind,
            area.code,
            measure,
            picked[0].year,
            sum((p.low for p in picked), Decimal(0)),
            sum((p.high for p in picked), Decimal(0)),
            gettext("Som van %(count)d gemeentelijke schattingen: %(source)s")
            % {"count": len(picked), "source": picked[0].source},
        )
        result.append(summed)
    return result


def living_interval(estimates: list[EstimateRow]) -> Interval | None:
    """The living estimate among `estimates` as an Interval, if there is one."""
    for estimate in estimates:
        if estimate.measure == EstimateMeasure.LIVING:
            return Interval(Decimal(estimate.low), Decimal(estimate.high))
    return None
