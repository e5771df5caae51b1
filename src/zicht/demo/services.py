"""Loading the demo data set. Every part is idempotent: a second run finds every row by its natural key and changes
nothing, writes nothing and logs nothing."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from zicht.core import audit
from zicht.core.models import AuditAction, User
from zicht.core.tabular import ImportRejected
from zicht.geography.importers import import_municipalities, validate_municipality_file
from zicht.geography.models import Address, District, Municipality, Neighbourhood, Province, Region
from zicht.geography.validators import normalise_postcode
from zicht.parties.models import Certification, Organisation

from .convenant import load_convenant
from .estimates import load_estimates
from .housing import load_locations
from .loading import CREATED, UNCHANGED, UPDATED, Tally, assign, data_path, outcome_of, parse_bool, parse_date, upsert
from .loading import read_rows as rows
from .plans import load_plans
from .population import load_population
from .reports import load_reports

# One password for every interactive demo user; it passes the 12-character validator. Never use it outside a demo.
DEMO_PASSWORD = "zicht-demo-2026"  # noqa: S105
MUNICIPALITIES_FILE = "municipalities.csv"
COORDINATE = Decimal("0.000001")


def _municipalities_current(rows_: list) -> bool:
    """True when every municipality of the file is present unchanged and linked to its regions."""
    current = {
        code: (name, province)
        for code, name, province in Municipality.objects.values_list("code", "name", "province__code")
    }
    if any(current.get(row.code) != (row.name, row.province_code) for row in rows_):
        return False
    links = set(Region.municipalities.through.objects.values_list("region__name", "municipality__code"))
    return all((region, row.code) in links for row in rows_ for region in row.regions)


def load_geography(tally: Tally | None = None) -> Tally:
    """The 70 municipalities with provinces and regions, then the Deventer districts and neighbourhoods."""
    tally = tally or Tally()
    path = data_path(MUNICIPALITIES_FILE)
    report, parsed = validate_municipality_file(path)
    if not report.ok:
        raise ImportRejected(report)
    label = Municipality._meta.label_lower
    if _municipalities_current(parsed):
        # The importer logs an IMPORT event on every call; skipping it keeps a rerun out of the audit log.
        tally.add(label, UNCHANGED, len(parsed))
    else:
        report = import_municipalities(path)
        tally.add(label, CREATED, report.created)
        tally.add(label, UPDATED, report.updated)
        tally.add(label, UNCHANGED, report.unchanged)
    municipalities = {m.code: m for m in Municipality.objects.all()}
    districts = {}
    for row in rows("districts.csv"):
        districts[row["code"]] = upsert(
            District,
            {"code": row["code"]},
            {"name": row["name"], "municipality": municipalities[row["municipality_code"]]},
            tally,
        )
    for row in rows("neighbourhoods.csv"):
        district = districts[row["district_code"]]
        upsert(
            Neighbourhood,
            {"code": row["code"]},
            {"name": row["name"], "district": district, "municipality": district.municipality},
            tally,
        )
    return tally


def load_addresses(tally: Tally | None = None) -> Tally:
    """Addresses in the Deventer demo neighbourhoods and in the centres of Zwolle and Tiel."""
    tally = tally or Tally()
    municipalities = {m.code: m for m in Municipality.objects.all()}
    neighbourhoods = {n.code: n for n in Neighbourhood.objects.all()}
    for row in rows("addresses.csv"):
        postcode = normalise_postcode(row["postcode"])
        if postcode is None:
            raise ValueError(f"addresses.csv: {row['postcode']!r} is not a postcode")
        upsert(
            Address,
            {
                "postcode": postcode,
                "house_number": int(row["house_number"]),
                "house_letter": row["house_letter"],
                "addition": row["addition"],
            },
            {
                "street": row["street"],
                "city": row["city"],
                "municipality": municipalities[row["municipality_code"]],
                "neighbourhood": neighbourhoods[row["neighbourhood_code"]] if row["neighbourhood_code"] else None,
                "lat": Decimal(row["lat"]).quantize(COORDINATE),
                "lon": Decimal(row["lon"]).quantize(COORDINATE),
            },
            tally,
        )
    return tally


def load_organisations(tally: Tally | None = None) -> Tally:
    """The province, the demo users' municipalities and the fictional market parties with their certifications."""
    tally = tally or Tally()
    provinces = {p.code: p for p in Province.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    organisations = {}
    for row in rows("organisations.csv"):
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "kvk_number": row["kvk_number"],
            "municipality": municipalities[row["municipality_code"]] if row["municipality_code"] else None,
            "province": provinces[row["province_code"]] if row["province_code"] else None,
            "website": row["website"],
        }
        # A market party is known by its KvK number (unique); a government body by its kind and name.
        lookup = {"kvk_number": row["kvk_number"]} if row["kvk_number"] else {"kind": row["kind"], "name": row["name"]}
        organisations[row["name"]] = upsert(Organisation, lookup, values, tally)
    for row in rows("certifications.csv"):
        upsert(
            Certification,
            {"organisation": organisations[row["organisation"]], "scheme": row["scheme"], "number": row["number"]},
            {"valid_from": parse_date(row["valid_from"]), "valid_until": parse_date(row["valid_until"])},
            tally,
        )
    return tally


def _user_values(row: dict, provinces: dict, regions: dict, municipalities: dict, organisations: dict) -> dict:
    return {
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "email": f"{row['username']}@example.org",
        "role": row["role"],
        "scope_province": provinces[row["province"]] if row["province"] else None,
        "scope_region": regions[row["region"]] if row["region"] else None,
        "scope_municipality": municipalities[row["municipality"]] if row["municipality"] else None,
        "organisation": organisations[row["organisation"]] if row["organisation"] else None,
        "is_active": True,
        "is_staff": parse_bool(row["is_staff"]),
        "is_superuser": parse_bool(row["is_superuser"]),
        "is_api_client": parse_bool(row["is_api_client"]),
    }


def load_users(tally: Tally | None = None) -> Tally:
    """One demo user per role with the demo password, and an API client without a usable password."""
    tally = tally or Tally()
    lookups = (
        {p.code: p for p in Province.objects.all()},
        {r.name: r for r in Region.objects.all()},
        {m.code: m for m in Municipality.objects.all()},
        {o.name: o for o in Organisation.objects.all()},
    )
    for row in rows("users.csv"):
        existing = User.objects.filter(username=row["username"]).first()
        created = existing is None
        user = existing if existing is not None else User(username=row["username"])
        changed = assign(user, _user_values(row, *lookups))
        # Hashing is salted, so the password is only set when it is new or no longer the demo password.
        if user.is_api_client:
            if created or user.has_usable_password():
                user.set_unusable_password()
                changed.append("password")
        elif created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed.append("password")
        if created or changed:
            user.full_clean()
            user.save()
        tally.add(User._meta.label_lower, outcome_of(created, changed))
    return tally


@transaction.atomic
def load_demo(*, population: bool = True) -> Tally:
    """Load the whole demo data set in one transaction; one IMPORT audit event when anything changed.

    Without `population` the synthetic persons are left out: the register, parties and users load in a moment.
    """
    tally = Tally()
    load_geography(tally)
    load_addresses(tally)
    load_organisations(tally)
    load_users(tally)
    load_locations(tally)
    load_convenant(tally)
    load_estimates(tally)
    load_reports(tally)
    load_plans(tally)
    if population:
        load_population(tally)
    if tally.changed:
        audit.record(actor=None, action=AuditAction.IMPORT, object_type="demo", detail=f"demo data: {tally.summary()}")
    return tally
