"""A small, deterministic population across Deventer and Zwolle (and work in Tiel), for the occupancy tests.

On `ON` (1 March 2026), with the default policy (short stay <= 122 days, long stay > 730 days, 80-10-10):

| location | municipality / neighbourhood | beds | living | since      | BRP-registered  | work (residents)                   |
|----------|------------------------------|------|--------|------------|-----------------|------------------------------------|
| D-1      | Deventer / Centrum           | 20   | 12     | 2025-06-01 | 6 (in Deventer) | 10 Deventer, 1 Zwolle, 1 unknown   |
| D-2      | Deventer / Centrum           | 10   | 5      | 2026-01-15 | 0 (5 in RNI)    | 2 Deventer, 3 Tiel                 |
| D-3      | Deventer / Bedrijven         | 6    | 3      | 2025-09-01 | 0               | 3 unknown                          |
| Z-1      | Zwolle                       | 15   | 8      | 2024-01-01 | 4 (in Zwolle)   | 6 Zwolle, 2 Deventer               |
| Z-2      | Zwolle                       | 6    | 3      | 2026-02-01 | 0               | 3 Zwolle                           |

and one person who lived at Z-1 from 2025-01-01 to 2025-12-31 (gone on `ON`). Zwolle has small numbers on
purpose (4 registered, a gap of 4, 3 short stays): they show as "< 5" to everyone but its registration officer.

So Deventer has 20 living, 6 registered and a registration gap of 9: D-1's 6 unregistered and D-3's 3 are past
their due date, D-2's 5 arrived 45 days before `ON` and are not due yet. D-1 complies with 80-10-10, D-2 does not
(40 % work in Deventer, 60 % outside the region), D-3 has insufficient data (all work unknown).
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from zicht.geography.models import Municipality, Neighbourhood, Region
from zicht.housing.models import Location
from zicht.occupancy import rules
from zicht.occupancy.choices import BrpRegistration, ResidenceSource
from zicht.occupancy.models import BrpEpisode, EmploymentEpisode, Person, ResidenceEpisode

from ..factories import MunicipalityFactory, NeighbourhoodFactory, ProvinceFactory
from ..housing.factories import LocationFactory

ON = datetime.date(2026, 3, 1)
DEVENTER_LIVING = 20
DEVENTER_REGISTERED = 6
DEVENTER_GAP = 9
DEVENTER_STAY = {"short": 5, "mid": 15, "long": 0}
ZWOLLE_LIVING = 11
ZWOLLE_REGISTERED = 4
ZWOLLE_GAP = 4
ZWOLLE_STAY = {"short": 3, "mid": 0, "long": 8}


@dataclass
class World:
    on: datetime.date
    deventer: Municipality
    zwolle: Municipality
    tiel: Municipality
    region: Region | None
    centrum: Neighbourhood
    bedrijven: Neighbourhood
    locations: dict[str, Location] = field(default_factory=dict)
    persons: dict[str, list[Person]] = field(default_factory=dict)

    def gap_persons(self, *refs: str) -> list[Person]:
        """The persons of the given locations (default Deventer's) past their due date and not BRP-registered."""
        registered = set(
            BrpEpisode.objects.filter(registration=BrpRegistration.RESIDENT).values_list("person", flat=True)
        )
        people = [p for ref in refs or ("D-1", "D-3") for p in self.persons[ref]]
        return [p for p in people if p.pk not in registered]


def pseudonym(number: int) -> str:
    """A deterministic 64-hex pseudonym (not derived from any BSN)."""
    return hashlib.sha256(f"zicht-test-world-{number}".encode()).hexdigest()


def _work_key(municipality: Municipality | None) -> str:
    return f"{municipality.code if municipality else '-'}|-|-"


def build_world(
    deventer: Municipality | None = None,
    zwolle: Municipality | None = None,
    region: Region | None = None,
    *,
    on: datetime.date = ON,
) -> World:
    """Create the population above with bulk inserts; pass the conftest municipalities and region to share them."""
    province = ProvinceFactory(code="PV23", name="Overijssel")
    deventer = deventer or MunicipalityFactory(code="GM0150", name="Deventer", province=province)
    zwolle = zwolle or MunicipalityFactory(code="GM0193", name="Zwolle", province=province)
    tiel = MunicipalityFactory(code="GM0281", name="Tiel", province=ProvinceFactory(code="PV25", name="Gelderland"))
    centrum = NeighbourhoodFactory(district__municipality=deventer, name="Centrum")
    bedrijven = NeighbourhoodFactory(district__municipality=deventer, name="Bedrijventerrein")
    world = World(on, deventer, zwolle, tiel, region, centrum, bedrijven)

    plan = [
        # ref, municipality, neighbourhood, beds, since, until, registered, work municipalities
        ("D-1", deventer, centrum, 20, datetime.date(2025, 6, 1), None, 6, [deventer] * 10 + [zwolle, None]),
        ("D-2", deventer, centrum, 10, datetime.date(2026, 1, 15), None, 0, [deventer] * 2 + [tiel] * 3),
        ("D-3", deventer, bedrijven, 6, datetime.date(2025, 9, 1), None, 0, [None] * 3),
        ("Z-1", zwolle, None, 15, datetime.date(2024, 1, 1), None, 4, [zwolle] * 6 + [deventer] * 2),
        ("Z-2", zwolle, None, 6, datetime.date(2026, 2, 1), None, 0, [zwolle] * 3),
        ("Z-1-gone", zwolle, None, 0, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), 0, [zwolle]),
    ]
    number = 0
    residences, employments, brp = [], [], []
    for ref, municipality, neighbourhood, beds, since, until, registered, work in plan:
        location_ref = ref.removesuffix("-gone")
        if location_ref not in world.locations:
            world.locations[location_ref] = LocationFactory(
                ref=location_ref,
                name=f"Locatie {location_ref}",
                municipality=municipality,
                neighbourhood=neighbourhood,
                capacity_beds=beds,
            )
        location = world.locations[location_ref]
        due = rules.registration_due([(since, until)])
        names = [pseudonym(number + index) for index in range(len(work))]
        Person.objects.bulk_create([Person(pseudonym=name, registration_due=due) for name in names])
        # Read the rows back rather than rely on bulk_create returning primary keys on every engine.
        by_name = Person.objects.in_bulk(names, field_name="pseudonym")
        people = [by_name[name] for name in names]
        number += len(work)
        world.persons[ref] = people
        for index, (person, work_municipality) in enumerate(zip(people, work, strict=True)):
            residences.append(
                ResidenceEpisode(
                    person=person,
                    location=location,
                    municipality=municipality,
                    neighbourhood=neighbourhood,
                    place_key=f"L{location.pk}",
                    start=since,
                    end=until,
                    spell_start=since,
                    source=ResidenceSource.OCCUPANCY_LIST,
                )
            )
            employments.append(
                EmploymentEpisode(
                    person=person,
                    work_municipality=work_municipality,
                    place_key=_work_key(work_municipality),
                    start=since,
                    end=until,
                )
            )
            if index < registered:
                brp.append(
                    BrpEpisode(
                        person=person,
                        registration=BrpRegistration.RESIDENT,
                        municipality=municipality,
                        place_key=f"M{municipality.pk}",
                        start=since + datetime.timedelta(days=30),
                        end=until,
                    )
                )
            elif ref == "D-2":
                brp.append(
                    BrpEpisode(person=person, registration=BrpRegistration.RNI, place_key="RNI", start=since, end=None)
                )
    ResidenceEpisode.objects.bulk_create(residences)
    EmploymentEpisode.objects.bulk_create(employments)
    BrpEpisode.objects.bulk_create(brp)
    return world
