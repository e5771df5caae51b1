"""`zicht import locations FILE` and the upload page: the housing register from a CSV or XLSX file.

All or nothing: every row is checked first (import_rows.py) and nothing is written when any row is wrong. The
file's `ref` is the importer's own reference: a ref already in the register updates that location.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicht.core import audit
from zicht.core.importing import register
from zicht.core.models import AuditAction
from zicht.core.tabular import ImportRejected, ImportReport, match_columns, read_table
from zicht.geography.models import Address, Municipality
from zicht.geography.services import address_get_or_create
from zicht.geography.validators import normalise_municipality_code, normalise_postcode
from zicht.parties.models import Organisation

from . import services
from .import_rows import COLUMNS, Lookups, ParsedLocationRow, check_row
from .models import Location

# Where a model's validation error on a field would show in the file.
COLUMN_OF_FIELD = {"address": "postcode", "neighbourhood": "postcode", "operator": "operator_kvk"}


def _header_errors(header: list[str], report: ImportReport) -> dict[str, str] | None:
    """The column of each wanted field, or None (with one file-level error) when the header is not the contract's."""
    columns, missing = match_columns(header, {name: (name,) for name in COLUMNS})
    named = [column for column in header if column]
    unknown = [column for column in named if column not in columns.values()]
    doubled = sorted({column for column in named if named.count(column) > 1})
    problems = []
    if missing:
        problems.append(_("ontbrekende kolom(men): %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("onbekende kolom(men): %(columns)s") % {"columns": ", ".join(unknown)})
    if doubled:
        problems.append(_("dubbele kolom(men): %(columns)s") % {"columns": ", ".join(doubled)})
    if problems:
        # One file-level error: the header is wrong as a whole, and the expected header says how to fix it.
        report.add(
            1,
            "",
            _("Verkeerde kopregel: %(problems)s. De kopregel moet zijn: %(header)s")
            % {"problems": "; ".join(problems), "header": ",".join(COLUMNS)},
        )
        return None
    return columns


def _lookups(rows: list[tuple[int, dict]], columns: dict[str, str], allowed: Iterable[int] | None) -> Lookups:
    """Everything the rows refer to, read in a handful of queries rather than a few per row."""

    def cells(name: str) -> set[str]:
        return {(values.get(columns[name]) or "").strip() for _number, values in rows}

    codes = {code for raw in cells("municipality") if (code := normalise_municipality_code(raw))}
    kvks = {raw.replace(" ", "").replace(".", "") for raw in cells("operator_kvk") if raw}
    postcodes = {postcode for raw in cells("postcode") if (postcode := normalise_postcode(raw))}
    addresses = Address.objects.filter(postcode__in=postcodes).select_related("municipality")
    return Lookups(
        municipalities={m.code: m for m in Municipality.objects.filter(code__in=codes)},
        organisations={o.kvk_number: o for o in Organisation.objects.filter(kvk_number__in=kvks)},
        existing={
            location.ref: location
            for location in Location.objects.filter(ref__in=cells("ref")).select_related("municipality")
        },
        addresses={(a.postcode, a.house_number, a.house_letter, a.addition): a for a in addresses},
        allowed_municipality_ids=None if allowed is None else set(allowed),
    )


def validate_location_file(
    path: Path | str, *, data: bytes | None = None, allowed_municipality_ids: Iterable[int] | None = None
) -> tuple[ImportReport, list[ParsedLocationRow]]:
    """Every row of the file checked; the report lists every bad row and column. Raises UnreadableFile.

    `allowed_municipality_ids` (None: any) restricts the rows to the importing officer's own municipality.
    """
    report = ImportReport(source=Path(path).name)
    header, row_iter = read_table(path, data=data)
    columns = _header_errors(header, report)
    if columns is None:
        return report, []
    rows = list(row_iter)
    lookups = _lookups(rows, columns, allowed_municipality_ids)
    parsed = [row for number, values in rows if (row := check_row(number, values, columns, report, lookups))]
    if not rows:
        report.add(0, "", _("Het bestand heeft een kopregel maar geen locaties"))
    return report, parsed


def _location_data(row: ParsedLocationRow, address: Address | None) -> dict:
    data = {
        "ref": row.ref,
        "name": row.name,
        "municipality": row.municipality,
        "address": address,
        "form": row.form,
        "stay_type": row.stay_type,
        "status": row.status,
        "capacity_beds": row.capacity_beds,
        "bedrooms": row.bedrooms,
        "floor_area_m2": row.floor_area_m2,
        "toilets": row.toilets,
        "showers": row.showers,
        "operator": row.operator,
    }
    if row.lat is not None:
        data["lat"], data["lon"] = row.lat, row.lon
    else:
        data["lat"], data["lon"] = (address.lat, address.lon) if address is not None else (None, None)
    if address is not None and address.neighbourhood_id:
        data["neighbourhood"] = address.neighbourhood
    return data


def _address_for(row: ParsedLocationRow) -> Address | None:
    if not row.has_address:
        return None
    return address_get_or_create(
        postcode=row.postcode,
        house_number=row.house_number,
        addition=row.addition,
        municipality=row.municipality,
        lat=row.lat,
        lon=row.lon,
    )


def _write_row(row: ParsedLocationRow, current: Location | None, report: ImportReport, actor) -> None:
    data = _location_data(row, _address_for(row))
    if current is None:
        services.location_create(by=actor, data=data, check=False)
        report.created += 1
        return
    if services.location_update(location=current, by=actor, data=data, check=False, note=_("Import")):
        report.updated += 1
        return
    report.unchanged += 1
    if current.norm_evaluated_on != timezone.localdate():
        # Nothing in the row changed, but a norm version may have come into force since the verdict was stored.
        services.refresh_norm_verdict(current)


@transaction.atomic
def _write(rows: list[ParsedLocationRow], report: ImportReport, actor, progress: Callable | None) -> None:
    existing = Location.objects.filter(ref__in=[row.ref for row in rows]).select_related("municipality")
    current = {location.ref: location for location in existing}
    for done, row in enumerate(rows, start=1):
        try:
            _write_row(row, current.get(row.ref), report, actor)
        except ValidationError as exc:
            # Checked beforehand, so this is a rule of the model the row checks do not know yet: report it too.
            for field, messages in exc.message_dict.items():
                for message in messages:
                    report.add(row.row, COLUMN_OF_FIELD.get(field, field if field in COLUMNS else ""), message)
        if progress:
            progress(done, len(rows))
    if report.errors:
        raise ImportRejected(report)  # inside the transaction: everything written so far is rolled back


@register("locations", help="housing locations (CSV or XLSX): " + ",".join(COLUMNS))
def import_locations(
    path: Path | str,
    *,
    data: bytes | None = None,
    progress: Callable | None = None,
    actor=None,
    allowed_municipality_ids: Iterable[int] | None = None,
) -> ImportReport:
    """Validate the whole file, then create or update every location in one transaction."""
    report, rows = validate_location_file(path, data=data, allowed_municipality_ids=allowed_municipality_ids)
    if not report.ok:
        raise ImportRejected(report)
    if progress:
        progress(0, len(rows))
    _write(rows, report, actor, progress)
    municipalities = {row.municipality.pk for row in rows}
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="housing.location",
        municipality_id=next(iter(municipalities)) if len(municipalities) == 1 else None,
        detail=f"{Path(path).name}: {report.created} created, {report.updated} updated, {report.unchanged} unchanged",
    )
    return report


__all__ = ["COLUMNS", "ParsedLocationRow", "import_locations", "validate_location_file"]
