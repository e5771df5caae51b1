"""Demo data: the published estimates of Overijssel's table 1 (living, working and the share working in the
residence municipality per municipality, 2021), stored as intervals beside the derived counts.

Idempotent like the rest of the demo: an estimate is found again by its natural key (area, measure, year, source).
"""

from __future__ import annotations

from zicht.occupancy.estimates import load_overijssel_table_1
from zicht.occupancy.models import Estimate

from .loading import Tally, data_path, upsert

ESTIMATES_FILE = "overijssel_2021_living_working.csv"


def load_estimates(tally: Tally | None = None) -> Tally:
    """Overijssel's table 1 as Estimate rows; needs the geography (municipality names → codes)."""
    tally = tally or Tally()
    for row in load_overijssel_table_1(data_path(ESTIMATES_FILE)):
        upsert(
            Estimate,
            {
                "area_kind": row.area_kind,
                "area_code": row.area_code,
                "measure": row.measure,
                "year": row.year,
                "source": row.source,
            },
            {"low": row.low, "high": row.high},
            tally,
        )
    return tally
