"""Pure rules of the reports app: service levels, due dates in working days, tracking codes, input limits.

No ORM here, so each rule is tested on its own (with hypothesis where dates are involved).
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import math
import secrets
from collections.abc import Iterable
from enum import StrEnum

import holidays

from .choices import Category, Department

# Default service level (working days to handle) and routing per category. A municipality may override both
# (CategoryRouting). Exploitation and unsafe housing get the shortest term: people may be in danger.
SERVICE_LEVELS: dict[str, tuple[int, str]] = {
    Category.WASTE: (5, Department.WASTE),
    Category.NOISE: (5, Department.NEIGHBOURHOOD),
    Category.PARKING: (10, Department.PARKING),
    Category.OVERCROWDING: (10, Department.HOUSING_INSPECTION),
    Category.UNSAFE_HOUSING: (3, Department.HOUSING_INSPECTION),
    Category.EXPLOITATION: (3, Department.SAFETY),
    Category.ADDRESS_FRAUD: (15, Department.ADDRESS_INVESTIGATION),
    Category.OTHER: (10, Department.NEIGHBOURHOOD),
}

# Categories that concern the housing of people (used to suggest, never to decide, the migrant-housing mark).
HOUSING_CATEGORIES = frozenset({Category.OVERCROWDING, Category.UNSAFE_HOUSING, Category.EXPLOITATION})

DESCRIPTION_MIN_LENGTH = 10
DESCRIPTION_MAX_LENGTH = 3000
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The largest side a stored photo keeps; larger photos are scaled down when their metadata is stripped.
PHOTO_MAX_SIDE = 2048

# The Netherlands' bounding box in WGS84, the same bounds the geography app puts on addresses.
NL_LAT = (50.7, 53.7)
NL_LON = (3.2, 7.3)

# 15 random bytes = 120 bits, written as 24 base32 characters in groups of four: easy to read aloud or type.
TRACKING_CODE_BYTES = 15
_CODE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

# The languages of the migrants' portal (DOMAIN §3.8); a report's language is one of these or empty.
PORTAL_LANGUAGES = (
    "nl", "en", "bg", "ro", "uk", "de", "fr", "es", "it", "pt", "ar", "pl", "zh", "fa", "hi", "ti",
)  # fmt: skip


def service_level(category: str) -> tuple[int, str]:
    """The default (working days, department) of a category."""
    return SERVICE_LEVELS.get(category, SERVICE_LEVELS[Category.OTHER])


@functools.lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> frozenset[datetime.date]:
    """The days the Algemene termijnenwet (art. 3) does not count: New Year, Easter and Whit Monday, Ascension,
    both Christmas days, King's Day, and 5 May every year. The `holidays` package gives the dates that move (Easter,
    King's Day on a Sunday); it also lists Good Friday and gives 5 May only every fifth year, so those are set
    right here."""
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day for day, name in calendar.items() if "Good Friday" not in name}
    days.add(datetime.date(year, 5, 5))
    return frozenset(days)


def dutch_public_holidays(years: Iterable[int]) -> frozenset[datetime.date]:
    """The Dutch public holidays of the given years as the Algemene termijnenwet counts them."""
    days: set[datetime.date] = set()
    for year in years:
        days |= _dutch_holidays(year)
    return frozenset(days)


def is_working_day(day: datetime.date, holidays_: frozenset[datetime.date] | None = None) -> bool:
    if day.weekday() >= 5:
        return False
    closed = holidays_ if holidays_ is not None else _dutch_holidays(day.year)
    return day not in closed


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (weekends and Dutch public holidays skipped).

    A report made on a Friday evening with a term of 1 working day is due on Monday (or Tuesday after Easter).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`; 0 when `end` is not after `start`."""
    if end <= start:
        return 0
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def due_date(reported_on: datetime.date, service_level_days: int) -> datetime.date:
    """The day by which a report should be handled."""
    return add_working_days(reported_on, service_level_days)


def is_overdue(*, due: datetime.date, today: datetime.date, is_open: bool) -> bool:
    """An open report is overdue the day after its due date."""
    return is_open and today > due


def new_tracking_code() -> str:
    """A fresh tracking code: 120 random bits, base32 in six groups of four letters and digits, dash-separated."""
    raw = base64.b32encode(secrets.token_bytes(TRACKING_CODE_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_tracking_code(code: str) -> str | None:
    """The code as stored in the digest (upper case, no separators), or None when it cannot be a code.

    Readers confuse 0/O and 1/I/L; base32 has no 0, 1 or 8, so those are mapped to the letters meant.
    """
    cleaned = "".join(ch for ch in code.upper() if ch not in " -\t")
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    expected = len(base64.b32encode(bytes(TRACKING_CODE_BYTES)))
    if len(cleaned) != expected or not set(cleaned) <= _CODE_ALPHABET:
        return None
    return cleaned


def tracking_digest(code: str) -> str | None:
    """SHA-256 of the normalised code: only this is stored, so a database copy does not reveal the codes."""
    normalised = normalise_tracking_code(code)
    if normalised is None:
        return None
    return _digest(normalised)


def new_tracking_code_with_digest() -> tuple[str, str]:
    """A fresh code for the reporter and the digest to store; a fresh code is already in normalised form."""
    code = new_tracking_code()
    return code, _digest(code.replace("-", ""))


def _digest(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("ascii")).hexdigest()


def point_in_netherlands(lat: float, lon: float) -> bool:
    return NL_LAT[0] <= lat <= NL_LAT[1] and NL_LON[0] <= lon <= NL_LON[1]


def period_start(day: datetime.date, period: str) -> datetime.date:
    """The first day of the week (Monday), month or quarter that holds `day`."""
    if period == "week":
        return day - datetime.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    raise ValueError(f"unknown period {period!r}")


def percentile(sorted_values: list[int], fraction: float) -> float | None:
    """Nearest-rank percentile of already sorted values (the same definition the dashboard's SQL uses)."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return float(sorted_values[rank - 1])


class Anonymity(StrEnum):
    """What a reporter's choice of anonymity and the contact details given amount to."""

    ANONYMOUS = "anonymous"
    NAMED = "named"
    CONFLICT = "conflict"  # anonymous ticked, yet contact details given
    UNDECIDED = "undecided"  # staff gave neither contact details nor "anonymous"


def anonymity(*, anonymous: bool | None, has_contact: bool, staff: bool) -> Anonymity:
    """Whether a report is anonymous, for every intake channel alike.

    A member of the public may leave everything empty: no contact details means anonymous. Staff taking a report in
    must say so explicitly, so a forgotten phone number is never mistaken for a wish to stay anonymous. Contact
    details beside "anonymous" are a conflict to be asked about, never silently dropped. `anonymous` is None when
    the channel did not ask.
    """
    if anonymous and has_contact:
        return Anonymity.CONFLICT
    if has_contact:
        return Anonymity.NAMED
    if anonymous or not staff:
        return Anonymity.ANONYMOUS
    return Anonymity.UNDECIDED
