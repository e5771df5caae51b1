"""Loading the demo reports: a year of reports in Deventer (report_plan), written by the reports bulk service.

The reports are placed at the demo's Deventer addresses and housing locations, so the loader needs the geography,
addresses, users and locations first. Reports carry no natural key (the tracking code is random and only its hash
is stored), so the load is marked instead: one audit event with the marker below, written in the same transaction
as the reports. When it is there the reports are loaded and a second run writes nothing.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from zicht.core import audit
from zicht.core.models import AuditAction, AuditEvent, User
from zicht.geography.models import Address, Municipality
from zicht.housing.models import Location
from zicht.reports.bulk import reports_bulk_create
from zicht.reports.models import InspectionRequest, Report, ReportStatusChange

from .loading import CREATED, UNCHANGED, Tally
from .report_course import Texts
from .report_plan import DEVENTER_CODE, Place, Places, ReportPlanner

MARKER_TYPE = "demo.reports"
MARKER = "deventer-v1"
HANDLERS = ("gemeente", "toezicht", "adresonderzoek")


def reports_loaded() -> bool:
    """True when the demo reports were loaded (the marker event of a complete load exists)."""
    return AuditEvent.objects.filter(object_type=MARKER_TYPE, object_id=MARKER).exists()


def deventer_places() -> Places:
    """The demo's Deventer addresses and housing locations with a position, per neighbourhood code."""
    municipality = Municipality.objects.filter(code=DEVENTER_CODE).first()
    if municipality is None:
        raise ValueError("demo reports: load the geography first (Deventer is missing)")
    places = Places(municipality=municipality, by_neighbourhood=defaultdict(list), locations=defaultdict(list))
    addresses = (
        Address.objects.filter(municipality=municipality, neighbourhood__isnull=False, lat__isnull=False)
        .select_related("neighbourhood")
        .order_by("neighbourhood__code", "postcode", "house_number", "house_letter", "addition")
    )
    for address in addresses:
        places.by_neighbourhood[address.neighbourhood.code].append(
            Place(float(address.lat), float(address.lon), address.street, address.neighbourhood, address)
        )
    locations = (
        Location.objects.filter(municipality=municipality, neighbourhood__isnull=False, address__isnull=False)
        .exclude(address__lat__isnull=True)
        .select_related("address", "neighbourhood")
        .order_by("ref")
    )
    for location in locations:
        places.locations[location.neighbourhood.code].append(location)
        places.location_at[location.address_id] = location
    return places


@transaction.atomic
def load_reports(tally: Tally | None = None) -> Tally:
    """About 870 reports of the past year in Deventer with their history, loaded once; needs the demo base."""
    tally = tally or Tally()
    label = Report._meta.label_lower
    if reports_loaded():
        tally.add(label, UNCHANGED, Report.objects.filter(municipality__code=DEVENTER_CODE).count())
        return tally
    places = deventer_places()
    users = {user.username: user for user in User.objects.filter(username__in=HANDLERS)}
    items = ReportPlanner(places, Texts.load(), users).build()
    history_before = ReportStatusChange.objects.count()
    requests_before = InspectionRequest.objects.count()
    created = reports_bulk_create(items)
    tally.add(label, CREATED, created)
    tally.add(ReportStatusChange._meta.label_lower, CREATED, ReportStatusChange.objects.count() - history_before)
    tally.add(InspectionRequest._meta.label_lower, CREATED, InspectionRequest.objects.count() - requests_before)
    audit.record(
        actor=None,
        action=AuditAction.IMPORT,
        object_type=MARKER_TYPE,
        object_id=MARKER,
        municipality_id=places.municipality.pk,
        detail=f"demo reports: {created} reports in Deventer",
    )
    return tally
