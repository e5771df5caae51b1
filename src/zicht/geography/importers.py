"""`zicht import municipalities FILE`: the CBS yearly municipality list (CSV or XLSX).

Accepts the columns as CBS publishes them (Gemeentecode / GemeentecodeGM, Gemeentenaam, Provinciecode /
ProvinciecodePV, Provincienaam) and the English names of the demo file (code, name, province_code, province),
with an optional `regions` column (';'-separated regional cooperations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from zicht.core import audit
from zicht.core.importing import register
from zicht.core.models import AuditAction
from zicht.core.tabular import ImportRejected, ImportReport, match_columns, read_table

from .models import Municipality, Province, Region
from .reference import PROVINCES, province_code_for_name
from .validators import normalise_municipality_code, normalise_province_code

COLUMNS = {
    "code": ("GemeentecodeGM", "Gemeentecode", "code", "municipality_code", "gemeente_code"),
    "name": ("Gemeentenaam", "name", "municipality_name", "gemeente_naam", "municipality"),
    "province_code": ("ProvinciecodePV", "Provinciecode", "province_code", "provincie_code"),
    "province_name": ("Provincienaam", "province", "province_name", "provincie_naam", "provincie"),
}
OPTIONAL_COLUMNS = {"regions": ("regions", "regio", "regios", "regio's", "samenwerkingsverbanden")}


@dataclass
class MunicipalityRow:
    code: str
    name: str
    province_code: str
    regions: list[str] = field(default_factory=list)


def _validate_row(
    number: int, values: dict, columns: dict, report: ImportReport, seen_codes: dict, seen_names: dict
) -> MunicipalityRow | None:
    errors_before = len(report.errors)
    raw_code = values.get(columns["code"], "")
    code = normalise_municipality_code(raw_code)
    if code is None:
        report.add(number, columns["code"], f"{raw_code!r} is not a municipality code (GM followed by 4 digits)")
    elif code in seen_codes:
        report.add(number, columns["code"], f"duplicate: {code} is already on row {seen_codes[code]}")
    name = values.get(columns["name"], "").strip()
    if not name:
        report.add(number, columns["name"], "the municipality name is empty")
    elif len(name) > 100:
        report.add(number, columns["name"], "the municipality name is longer than 100 characters")
    elif name.lower() in seen_names:
        report.add(number, columns["name"], f"duplicate: {name!r} is already on row {seen_names[name.lower()]}")
    raw_province = values.get(columns["province_code"], "")
    province_code = normalise_province_code(raw_province)
    province_name = values.get(columns["province_name"], "").strip()
    if province_code is None:
        report.add(
            number, columns["province_code"], f"{raw_province!r} is not a province code (PV followed by 2 digits)"
        )
    elif province_code not in PROVINCES:
        report.add(number, columns["province_code"], f"unknown province {province_code}")
    elif province_code_for_name(province_name) != province_code:
        report.add(
            number,
            columns["province_name"],
            f"unknown province {province_name!r} for code {province_code} ({PROVINCES[province_code]})",
        )
    if extra := values.get("__extra__"):
        report.add(number, "", f"{len(extra)} more cell(s) than the header has columns")
    if len(report.errors) > errors_before:
        return None
    seen_codes[code] = number
    seen_names[name.lower()] = number
    regions = [part.strip() for part in values.get(columns.get("regions", ""), "").split(";") if part.strip()]
    return MunicipalityRow(code=code, name=name, province_code=province_code, regions=regions)


def validate_municipality_file(path: Path, *, data: bytes | None = None) -> tuple[ImportReport, list[MunicipalityRow]]:
    """Every row of the file checked; the report lists every bad row and field."""
    report = ImportReport(source=str(path))
    header, rows = read_table(path, data=data)
    columns, missing = match_columns(header, COLUMNS)
    optional, _ = match_columns(header, OPTIONAL_COLUMNS)
    columns.update(optional)
    if missing:
        wanted = ", ".join(f"{name} ({' or '.join(COLUMNS[name][:2])})" for name in missing)
        report.add(1, "", f"wrong header: missing column(s) {wanted}; found {', '.join(header) or 'nothing'}")
        return report, []
    seen_codes: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    parsed = [
        row
        for number, values in rows
        if (row := _validate_row(number, values, columns, report, seen_codes, seen_names)) is not None
    ]
    if not parsed and report.ok:
        report.add(0, "", "the file has a header but no municipalities")
    return report, parsed


@transaction.atomic
def _write(rows: list[MunicipalityRow], report: ImportReport, progress=None) -> None:
    provinces = {}
    for code in sorted({row.province_code for row in rows}):
        provinces[code], _ = Province.objects.get_or_create(code=code, defaults={"name": PROVINCES[code]})
    existing = {m.code: m for m in Municipality.objects.filter(code__in=[row.code for row in rows])}
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row.code)
        province = provinces[row.province_code]
        if current is None:
            to_create.append(Municipality(code=row.code, name=row.name, province=province))
        elif current.name != row.name or current.province_id != province.pk:
            current.name, current.province = row.name, province
            to_update.append(current)
        else:
            report.unchanged += 1
    Municipality.objects.bulk_create(to_create, batch_size=500)
    Municipality.objects.bulk_update(to_update, ["name", "province"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
    _link_regions(rows)
    if progress:
        progress(len(rows), len(rows))


def _link_regions(rows: list[MunicipalityRow]) -> None:
    names = sorted({name for row in rows for name in row.regions})
    if not names:
        return
    regions = {}
    for name in names:
        regions[name], _ = Region.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    ids = dict(Municipality.objects.filter(code__in=[row.code for row in rows]).values_list("code", "pk"))
    through = Region.municipalities.through
    wanted = {(regions[name].pk, ids[row.code]) for row in rows for name in row.regions}
    present = set(
        through.objects.filter(region_id__in=[r.pk for r in regions.values()]).values_list(
            "region_id", "municipality_id"
        )
    )
    through.objects.bulk_create([through(region_id=r, municipality_id=m) for r, m in wanted - present])


@register("municipalities", help="the CBS municipality list (CSV or XLSX): code, name, province code and name")
def import_municipalities(path: Path, *, data: bytes | None = None, progress=None, actor=None) -> ImportReport:
    """Validate the whole file, then create or update every municipality in one transaction."""
    report, rows = validate_municipality_file(path, data=data)
    if not report.ok:
        raise ImportRejected(report)
    _write(rows, report, progress)
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="geography.municipality",
        detail=f"{Path(path).name}: {report.created} created, {report.updated} updated",
    )
    return report
