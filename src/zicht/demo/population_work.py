"""Where the demo population works: table 1's share working in the residence municipality for Overijssel, and for
the Rivierenland locations a distribution that keeps 80-10-10 or breaks it on purpose (DOMAIN §4.4, §4.5)."""

from __future__ import annotations

import math
import random
from typing import Protocol

UNKNOWN_WORK_SHARE = 0.05  # Overijssel: the work municipality is not on the list for about one in twenty
RIVIERENLAND = "Rivierenland"
OVERIJSSEL = "PV23"
# Demo organisations (organisations.csv) by KvK number.
OVERIJSSEL_AGENCY = "99000201"
RIVIERENLAND_AGENCIES = ("99000202", "99000203")
EMPLOYERS = {"GM0150": "99000301", "GM0281": "99000302", "GM0263": "99000303"}
# Per Rivierenland location (unlisted ones keep the rule): shares (same municipality, elsewhere in the region,
# outside the region, unknown) and the verdict they are meant to give on the anchor day.
COMPLIANT = ("compliant", (0.88, 0.06, 0.04, 0.02))
PROFILES = {
    "DEMO-TIE-03": ("not_compliant", (0.60, 0.25, 0.15, 0.0)),
    "DEMO-BUR-01": ("not_compliant", (0.70, 0.08, 0.22, 0.0)),
    "DEMO-WB-02": ("insufficient_data", (0.60, 0.10, 0.05, 0.25)),
}
# Commuters from Rivierenland to outside the region work in these municipalities (all in municipalities.csv).
OUTSIDE_RIVIERENLAND = ("GM0200", "GM0301", "GM0150", "GM0193")

Work = tuple[str, str, str]  # (work municipality code or "", employer KvK, agency KvK)


class HasPlace(Protocol):
    ref: str
    municipality: str
    present: int


def fair_split(weights: dict[str, float], total: int) -> dict[str, int]:
    """Integers proportional to `weights` that add up to `total` exactly (largest remainder)."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    result = {key: math.floor(value) for key, value in exact.items()}
    short = total - sum(result.values())
    for key in sorted(exact, key=lambda k: (result[k] - exact[k], k))[:short]:
        result[key] += 1
    return result


class WorkChooser:
    def __init__(self, rng: random.Random, municipalities: dict[str, dict], table: list[dict]) -> None:
        self.rng = rng
        self.same_pct = {row["code"]: int(row["pct_working_in_residence"]) for row in table}
        self.jobs = {row["code"]: int(row["working_min"]) for row in table}
        self.rivierenland = sorted(c for c, row in municipalities.items() if RIVIERENLAND in row["regions"].split(";"))

    def in_rivierenland(self, code: str) -> bool:
        return code in self.rivierenland

    def _with_parties(self, code: str, home: str) -> Work:
        rng = self.rng
        employer = EMPLOYERS.get(code, "") if rng.random() < 0.4 else ""
        if home in self.rivierenland:
            agency = rng.choice(RIVIERENLAND_AGENCIES) if rng.random() < 0.8 else ""
        else:
            agency = OVERIJSSEL_AGENCY if rng.random() < 0.6 else ""
        return code, employer, agency

    def _elsewhere_in_overijssel(self, home: str) -> str:
        codes = [code for code in sorted(self.jobs) if code != home and self.jobs[code]]
        return self.rng.choices(codes, weights=[self.jobs[code] for code in codes])[0]

    def _rivierenland_other(self, home: str) -> str:
        return self.rng.choice([code for code in self.rivierenland if code != home])

    def draw(self, slot: HasPlace) -> Work:
        """A plausible work municipality for one person (not counted exactly against table 1)."""
        rng, home = self.rng, slot.municipality
        if home in self.rivierenland:
            _, shares = PROFILES.get(slot.ref, COMPLIANT)
            kind = rng.choices(range(4), weights=shares)[0]
            code = (home, self._rivierenland_other(home), rng.choice(OUTSIDE_RIVIERENLAND), "")[kind]
        elif rng.random() < UNKNOWN_WORK_SHARE:
            code = ""
        elif rng.random() * 100 < self.same_pct.get(home, 30):
            code = home
        else:
            code = self._elsewhere_in_overijssel(home)
        return self._with_parties(code, home)

    def registered_allocation(self, home: str, registered: int) -> list[Work]:
        """Work for a municipality's registered persons: table 1's share of those with a known work municipality
        works at home, the rest elsewhere in Overijssel, about 5 % unknown; shuffled."""
        unknown = round(registered * UNKNOWN_WORK_SHARE)
        known = registered - unknown
        same = round(known * self.same_pct[home] / 100)
        codes = [""] * unknown + [home] * same + [self._elsewhere_in_overijssel(home) for _ in range(known - same)]
        self.rng.shuffle(codes)
        return [self._with_parties(code, home) for code in codes]

    def rivierenland_allocation(self, slot: HasPlace) -> tuple[str, list[Work]]:
        """The present residents' work at a Rivierenland location, counted so its intended verdict holds."""
        verdict, (_, region_share, outside_share, unknown_share) = PROFILES.get(slot.ref, COMPLIANT)
        n, home = slot.present, slot.municipality
        if verdict == "compliant":
            unknown = math.floor(n * unknown_share)
            region = math.floor((n - unknown) * region_share)
            outside = math.floor((n - unknown) * outside_share)
        else:
            unknown = math.ceil(n * unknown_share)
            region = round((n - unknown) * region_share)
            outside = round((n - unknown) * outside_share)
        same = n - unknown - region - outside
        codes = (
            [home] * same
            + [self._rivierenland_other(home) for _ in range(region)]
            + [self.rng.choice(OUTSIDE_RIVIERENLAND) for _ in range(outside)]
            + [""] * unknown
        )
        self.rng.shuffle(codes)
        return verdict, [self._with_parties(code, home) for code in codes]
