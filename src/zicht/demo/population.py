"""Loading the demo population (population_plan) through the same ingest as real occupancy lists and BRP extracts.

The plan is written as the two contract files into a temporary directory and ingested with
`zicht.occupancy.ingest.run_ingest`, so the demo exercises validation, pseudonymisation and the snapshot refresh.
The two uploads carry the marker file names below; once the BRP upload is done the population is loaded and a
second run only checks that marker.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from pathlib import Path
from typing import Any

from zicht.geography.models import Municipality
from zicht.housing import services
from zicht.housing.choices import LocationForm, LocationStatus, StayType
from zicht.housing.models import Location
from zicht.occupancy.choices import UploadKind, UploadStatus
from zicht.occupancy.models import Person, Upload

from .loading import CREATED, UNCHANGED, UPDATED, Tally, read_rows
from .population_plan import BRP_HEADER, OCCUPANCY_HEADER, Plan, build_plan

MARKER = "demo-population-v1"
OCCUPANCY_FILENAME = f"{MARKER}-occupancy.csv"
BRP_FILENAME = f"{MARKER}-brp.csv"
AGGREGATE_FILE = "population_locations.csv"
# The aggregate locations stand for private rented housing that existed long before the demo's history starts.
AGGREGATE_SINCE = datetime.date(2015, 1, 1)


def population_loaded() -> bool:
    """True when the demo population's last upload is done (the marker of a complete load)."""
    return Upload.objects.filter(filename=BRP_FILENAME, kind=UploadKind.BRP, status=UploadStatus.DONE).exists()


def _aggregate_values(row: dict, beds: int, municipalities: dict[str, Municipality]) -> dict[str, Any]:
    return {
        "ref": row["ref"],
        "name": row["name"],
        "municipality": municipalities[row["municipality_code"]],
        "form": LocationForm.REGULAR_DWELLING,
        "stay_type": StayType.LONG,
        "status": LocationStatus.IN_USE,
        "status_since": AGGREGATE_SINCE,
        "in_use_since": AGGREGATE_SINCE,
        "capacity_beds": beds,
    }


def load_aggregate_locations(plan: Plan, tally: Tally) -> None:
    """One aggregate location per Overijssel municipality, with as many beds as the plan puts there."""
    label = Location._meta.label_lower
    municipalities = {m.code: m for m in Municipality.objects.all()}
    for row in read_rows(AGGREGATE_FILE):
        values = _aggregate_values(row, plan.aggregate_beds[row["ref"]], municipalities)
        location = Location.objects.filter(ref=row["ref"]).first()
        if location is None:
            services.location_create(by=None, data=values, on=AGGREGATE_SINCE, check=False)
            tally.add(label, CREATED)
            continue
        changed = {
            name: value
            for name, value in values.items()
            if name not in ("status", "status_since")
            and getattr(location, f"{name}_id" if name == "municipality" else name) != getattr(value, "pk", value)
        }
        if changed:
            services.location_update(location=location, by=None, data=changed, check=False)
        tally.add(label, UPDATED if changed else UNCHANGED)


def _ingest(kind: str, header: list[str], rows: list[list[str]], directory: Path, filename: str) -> Upload:
    from zicht.occupancy.ingest import run_ingest

    path = directory / filename
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    upload = run_ingest(kind, path, channel="cli", filename=filename)
    if upload.status != UploadStatus.DONE:
        raise ValueError(f"demo population: the {kind} file was rejected: {upload.errors[:5]}")
    return upload


def load_population(tally: Tally | None = None) -> Tally:
    """The demo population (about 22,700 living in Overijssel, Rivierenland's locations), loaded once."""
    tally = tally or Tally()
    if population_loaded():
        tally.add(Upload._meta.label_lower, UNCHANGED, 2)
        return tally
    plan = build_plan()
    load_aggregate_locations(plan, tally)
    persons_before = Person.objects.count()
    with tempfile.TemporaryDirectory(prefix="zicht-demo-") as directory:
        for kind, header, rows, filename in (
            (UploadKind.OCCUPANCY, OCCUPANCY_HEADER, plan.occupancy_rows(), OCCUPANCY_FILENAME),
            (UploadKind.BRP, BRP_HEADER, plan.brp_rows(), BRP_FILENAME),
        ):
            upload = _ingest(kind, header, rows, Path(directory), filename)
            tally.add(Upload._meta.label_lower, CREATED)
            tally.add(f"{Upload._meta.label_lower}:{kind}-rows", CREATED, upload.created)
            tally.add(f"{Upload._meta.label_lower}:{kind}-rows", UPDATED, upload.updated)
    tally.add(Person._meta.label_lower, CREATED, Person.objects.count() - persons_before)
    return tally
