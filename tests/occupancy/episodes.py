"""Hand-made persons and episodes for the indicator tests, written with bulk_create (no ingest involved)."""

from __future__ import annotations

import datetime
import itertools

from zicht.housing.choices import LocationStatus
from zicht.occupancy.choices import BrpRegistration, ResidenceSource
from zicht.occupancy.models import BrpEpisode, EmploymentEpisode, Person, ResidenceEpisode

from ..factories import AddressFactory
from ..housing.factories import LocationFactory

D = datetime.date
ON = D(2026, 3, 1)
_numbers = itertools.count(1)


class Episodes:
    """Collects episodes, then writes them in one bulk_create per model (`save()`)."""

    def __init__(self):
        self.residences: list[ResidenceEpisode] = []
        self.jobs: list[EmploymentEpisode] = []
        self.brp: list[BrpEpisode] = []

    def person(self, due: datetime.date | None = None) -> Person:
        # Pseudonyms are any 64-hex strings here: the tests never see a BSN.
        return Person.objects.create(pseudonym=f"{next(_numbers):064x}", registration_due=due)

    def live(self, person, municipality, start, end=None, *, location=None, address=None, spell_start=None):
        key = f"L{location.pk}" if location else f"A{address.pk}"
        self.residences.append(
            ResidenceEpisode(
                person=person,
                location=location,
                address=address,
                municipality=municipality,
                place_key=key,
                start=start,
                end=end,
                spell_start=spell_start or start,
                source=ResidenceSource.OCCUPANCY_LIST,
            )
        )
        return self

    def work(self, person, work_municipality, start, end=None, *, key: str = ""):
        code = work_municipality.code if work_municipality else "-"
        self.jobs.append(
            EmploymentEpisode(
                person=person,
                work_municipality=work_municipality,
                place_key=key or f"{code}|-|-",
                start=start,
                end=end,
            )
        )
        return self

    def register(self, person, municipality, start, end=None, *, rni: bool = False):
        self.brp.append(
            BrpEpisode(
                person=person,
                registration=BrpRegistration.RNI if rni else BrpRegistration.RESIDENT,
                municipality=None if rni else municipality,
                place_key="RNI" if rni else f"M{municipality.pk}",
                start=start,
                end=end,
            )
        )
        return self

    def save(self) -> None:
        ResidenceEpisode.objects.bulk_create(self.residences)
        EmploymentEpisode.objects.bulk_create(self.jobs)
        BrpEpisode.objects.bulk_create(self.brp)
        self.residences, self.jobs, self.brp = [], [], []


def build_world(deventer, zwolle, tiel) -> dict:
    """Deventer and Zwolle (one region), Tiel elsewhere; on ON Deventer has 5 living (see each person's note)."""
    la1 = LocationFactory(municipality=deventer, capacity_beds=20, ref="LA1", name="Loods")
    la2 = LocationFactory(municipality=deventer, capacity_beds=6, status=LocationStatus.CLOSED, ref="LA2")
    lb1 = LocationFactory(municipality=zwolle, capacity_beds=15, ref="LB1")
    address = AddressFactory(municipality=deventer)
    e = Episodes()
    people = {}
    # p1: at LA1, BRP-registered in Deventer, works in Deventer.
    p1 = people["p1"] = e.person(due=D(2025, 10, 5))
    e.live(p1, deventer, D(2025, 6, 1), location=la1).register(p1, deventer, D(2025, 7, 1)).work(
        p1, deventer, D(2025, 6, 1)
    )
    # p2: at LA1, not registered, due since 2025-10-05, works in Zwolle.
    p2 = people["p2"] = e.person(due=D(2025, 10, 5))
    e.live(p2, deventer, D(2025, 6, 1), location=la1).work(p2, zwolle, D(2025, 6, 1))
    # p3: at a plain address, RNI only, works with the work municipality unknown.
    p3 = people["p3"] = e.person()
    e.live(p3, deventer, D(2026, 2, 1), address=address).register(p3, None, D(2026, 2, 1), rni=True)
    e.work(p3, None, D(2026, 2, 1))
    # p4: LA2 then LA1 in one spell since 2024, leaving on ON; registered in Zwolle (mismatch); works in Tiel.
    p4 = people["p4"] = e.person(due=D(2024, 5, 5))
    e.live(p4, deventer, D(2024, 1, 1), D(2025, 12, 31), location=la2)
    e.live(p4, deventer, D(2026, 1, 1), ON, location=la1, spell_start=D(2024, 1, 1))
    e.register(p4, zwolle, D(2024, 3, 1)).work(p4, tiel, D(2024, 1, 1))
    # p5 arrives the day after ON, p6 left the day before: neither lives here on ON.
    p5, p6 = e.person(), e.person()
    e.live(p5, deventer, ON + datetime.timedelta(days=1), location=la1).register(p5, deventer, D(2026, 1, 1))
    e.live(p6, deventer, D(2025, 1, 1), ON - datetime.timedelta(days=1), location=la1).work(p6, deventer, D(2025, 1, 1))
    # p7 arrives on ON, due on ON, no job; an old job ended the day before.
    p7 = people["p7"] = e.person(due=ON)
    e.live(p7, deventer, ON, location=la1).work(p7, deventer, D(2025, 1, 1), ON - datetime.timedelta(days=1))
    # q1: Zwolle, at LB1, registered and working in Zwolle.
    q1 = people["q1"] = e.person()
    e.live(q1, zwolle, D(2025, 1, 1), location=lb1).register(q1, zwolle, D(2025, 2, 1)).work(q1, zwolle, D(2025, 1, 1))
    e.save()
    return {"deventer": deventer, "zwolle": zwolle, "tiel": tiel, "la1": la1, "lb1": lb1, "people": people}
