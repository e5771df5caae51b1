"""Every list download is audited by the list base view, from the subject the list declares."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zicht.core.exports import ExportableListView
from zicht.core.models import AuditAction, AuditEvent
from zicht.urls import urlpatterns  # noqa: F401  (imports every app's views, so every list view is a subclass)

LISTS = [
    ("housing:location_list", "housing.location"),
    ("reports:report_list", "reports.report"),
    ("parties:signal_list", "parties.signal"),
    ("parties:organisation_list", "parties.organisation"),
    ("occupancy:block_list", "occupancy.blockregistration"),
    ("geography:address_list", "geography.address"),
    ("geography:municipality_list", "geography.municipality"),
    ("neighbourhoods:plan_list", "neighbourhoods.neighbourhoodplan"),
    ("neighbourhoods:neighbourhood_list", "geography.neighbourhood"),
]


def _list_views() -> list[type]:
    found, todo = [], list(ExportableListView.__subclasses__())
    while todo:
        view = todo.pop()
        found.append(view)
        todo.extend(view.__subclasses__())
    return found


def test_every_list_declares_its_export_subject_and_none_overrides_the_audit():
    views = _list_views()
    assert len(views) >= len(LISTS)
    for view in views:
        assert view.export_subject, f"{view.__name__} declares no export_subject"
        assert "exported" not in vars(view), f"{view.__name__} overrides the export audit"


@pytest.mark.parametrize(("url_name", "subject"), LISTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_writes_one_audit_row_with_the_list_subject(client, officer_a, region, url_name, subject, fmt):
    client.force_login(officer_a)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = client.get(reverse(url_name), {"export": fmt})
    assert response.status_code == 200, url_name
    events = AuditEvent.objects.exclude(pk__in=before)
    assert [(event.action, event.object_type) for event in events] == [(AuditAction.EXPORT, subject)]
    event = events.get()
    assert event.actor == officer_a
    assert event.detail.startswith(f"{fmt}, ") and " rows" in event.detail


def test_the_audit_row_names_the_filters_applied(client, officer_a, region):
    client.force_login(officer_a)
    client.get(reverse("housing:location_list"), {"export": "csv", "status": "in_use"})
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail == "csv, 0 rows, status=in_use"


def test_a_page_without_download_writes_no_export_audit(client, officer_a, region):
    client.force_login(officer_a)
    assert client.get(reverse("housing:location_list")).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
