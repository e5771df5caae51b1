"""The three national norm sets of DOMAIN §4.3 as data. Administrators add versions and municipal sets later."""

import datetime
from decimal import Decimal

from django.db import migrations

NORM_SETS = [
    {
        "code": "minimum",
        "name": "Minimumnorm (Aanjaagteam Bescherming Arbeidsmigranten)",
        "source": "Aanjaagteam Bescherming Arbeidsmigranten (2020); overgenomen door de provincie Limburg",
        "versions": [
            (
                datetime.date(2020, 10, 30),
                "Eén persoon per slaapkamer en ten minste 15 m² woonoppervlak per persoon",
                [("persons_per_bedroom", "1", "all", None), ("area_per_person", "15", "all", None)],
            ),
        ],
    },
    {
        "code": "snf",
        "name": "SNF-norm (Stichting Normering Flexwonen)",
        "source": "Stichting Normering Flexwonen",
        "versions": [
            (
                datetime.date(2021, 1, 1),
                "10 m² per persoon (12 m² in reguliere woningen), 3,5 m² slaapkamer per persoon, 1 toilet en 1 douche per 8 personen",
                [
                    ("area_per_person", "10", "not_regular_dwelling", None),
                    ("area_per_person", "12", "regular_dwelling", None),
                    ("bedroom_area_per_person", "3.5", "all", None),
                    ("persons_per_toilet", "8", "all", None),
                    ("persons_per_shower", "8", "all", None),
                ],
            ),
            (
                datetime.date(2025, 7, 1),
                "Nieuwe locaties en hotels/pensions: 15 m² per persoon en één persoon per slaapkamer (twee bij schriftelijke afspraak)",
                [
                    ("area_per_person", "10", "not_regular_dwelling", None),
                    ("area_per_person", "12", "regular_dwelling", None),
                    ("bedroom_area_per_person", "3.5", "all", None),
                    ("persons_per_toilet", "8", "all", None),
                    ("persons_per_shower", "8", "all", None),
                    ("area_per_person", "15", "new_site_or_hotel", None),
                    ("persons_per_bedroom", "1", "new_site_or_hotel", "2"),
                ],
            ),
        ],
    },
    {
        "code": "akf",
        "name": "AKF-norm (Agrarisch Keurmerk Flexwonen)",
        "source": "Agrarisch Keurmerk Flexwonen",
        "versions": [
            (
                datetime.date(2019, 1, 1),
                "13 m² per persoon, ten hoogste twee personen per slaapkamer",
                [("area_per_person", "13", "all", None), ("persons_per_bedroom", "2", "all", None)],
            ),
            (
                datetime.date(2026, 1, 1),
                "15 m² per persoon, ten hoogste twee personen per slaapkamer",
                [("area_per_person", "15", "all", None), ("persons_per_bedroom", "2", "all", None)],
            ),
        ],
    },
]


def add_norm_sets(apps, schema_editor):
    NormSet = apps.get_model("housing", "NormSet")
    NormSetVersion = apps.get_model("housing", "NormSetVersion")
    NormRule = apps.get_model("housing", "NormRule")
    for spec in NORM_SETS:
        norm_set, _ = NormSet.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "source": spec["source"]}
        )
        for valid_from, note, rules in spec["versions"]:
            version, created = NormSetVersion.objects.get_or_create(
                norm_set=norm_set, valid_from=valid_from, defaults={"note": note}
            )
            if not created:
                continue
            for kind, limit, applies_to, limit_if_agreed in rules:
                NormRule.objects.create(
                    version=version,
                    kind=kind,
                    limit=Decimal(limit),
                    applies_to=applies_to,
                    limit_if_agreed=Decimal(limit_if_agreed) if limit_if_agreed else None,
                )


def remove_norm_sets(apps, schema_editor):
    apps.get_model("housing", "NormSet").objects.filter(code__in=[spec["code"] for spec in NORM_SETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("housing", "0001_initial")]

    operations = [migrations.RunPython(add_norm_sets, remove_norm_sets)]
