"""Shared helpers of the report tests: reports made through the real services, placed without the geocoding.

`make_report(municipality, ...)` takes a report in with `services.report_create` (with a `Placement` built here, so
tests do not depend on addresses near a point) and moves it along the workflow with `move_to(...)`. The tracking
code is kept on the returned report as `report.tracking_code` (only its digest is stored).
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from PIL import Image

from zicht.reports import services
from zicht.reports.choices import Category, Channel, ReporterKind, ReportStatus
from zicht.reports.models import Report
from zicht.reports.photos import CleanPhoto
from zicht.reports.placement import Placement

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DESCRIPTION = "Er staan al dagen vuilniszakken naast de container bij de ingang."

# The steps a fresh report takes to reach each status (all allowed by the workflow table).
ROUTES: dict[str, tuple[str, ...]] = {
    ReportStatus.REPORTED: (),
    ReportStatus.IN_PROGRESS: (ReportStatus.IN_PROGRESS,),
    ReportStatus.PLANNED: (ReportStatus.PLANNED,),
    ReportStatus.FORWARDED: (ReportStatus.FORWARDED,),
    ReportStatus.HANDLED: (ReportStatus.HANDLED,),
    ReportStatus.CANCELLED: (ReportStatus.CANCELLED,),
    ReportStatus.REOPENED: (ReportStatus.HANDLED, ReportStatus.REOPENED),
}


def at(day: datetime.date | str, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """An aware Dutch local time on `day` (a date or "YYYY-MM-DD")."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def placement_in(municipality, neighbourhood=None, location=None, *, address=None, lat=None, lon=None) -> Placement:
    """Where a test report is, given directly (the address's neighbourhood and coordinates when an address is given)."""
    if address is not None:
        neighbourhood = neighbourhood or address.neighbourhood
        lat = lat if lat is not None else address.lat
        lon = lon if lon is not None else address.lon
    return Placement(
        municipality=municipality,
        neighbourhood=neighbourhood,
        address=address,
        location=location,
        lat=Decimal(str(lat)) if lat is not None else None,
        lon=Decimal(str(lon)) if lon is not None else None,
    )


def clean_photo(width: int = 40, height: int = 30, fmt: str = "JPEG") -> CleanPhoto:
    """A small photo as the intake hands it over after stripping its metadata."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, format=fmt)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    return CleanPhoto(
        content=buffer.getvalue(), content_type=content_type, extension=extension, width=width, height=height
    )


def move_to(
    report: Report, status: str, *, by=None, now: datetime.datetime | None = None, reason: str = "Testreden."
) -> Report:
    """Move a report from `reported` to `status` through the service, one allowed step after the other."""
    for step in ROUTES[status]:
        report = services.report_transition(report=report, to_status=step, by=by, reason=reason, now=now)
    return report


def make_report(
    municipality,
    *,
    category: str = Category.WASTE,
    status: str = ReportStatus.REPORTED,
    created_at: datetime.datetime | None = None,
    status_at: datetime.datetime | None = None,
    description: str = DESCRIPTION,
    neighbourhood=None,
    location=None,
    address=None,
    lat=None,
    lon=None,
    language: str = "nl",
    anonymous: bool = True,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    reporter_kind: str = ReporterKind.RESIDENT,
    channel: str = Channel.WEB,
    photos: list[CleanPhoto] | None = None,
    by=None,
) -> Report:
    """A report in `municipality`, taken in through the service and moved to `status` (at `status_at`)."""
    data = services.ReportInput(
        category=category,
        description=description,
        placement=placement_in(municipality, neighbourhood, location, address=address, lat=lat, lon=lon),
        language=language,
        anonymous=anonymous,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        reporter_kind=reporter_kind,
        channel=channel,
        photos=list(photos or []),
    )
    report, code = services.report_create(data, created_by=by, now=created_at)
    if status != ReportStatus.REPORTED:
        report = move_to(report, status, by=by, now=status_at or created_at)
    report.tracking_code = code
    return report


def with_contact(municipality, **kwargs) -> Report:
    """A report whose reporter left contact details (so reading it is a read of person-level data)."""
    kwargs.setdefault("anonymous", False)
    kwargs.setdefault("contact_name", "Jan de Vries")
    kwargs.setdefault("contact_email", "jan@example.org")
    kwargs.setdefault("contact_phone", "0570 123456")
    return make_report(municipality, **kwargs)
