"""One path for a location's status: the admin, the edit service and the importer step through the lifecycle as the
status page does (workflow checked on the stored status, one history row, the first day in use dated alike)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zicht.core.tabular import ImportRejected
from zicht.housing import services
from zicht.housing.choices import LocationStatus as S
from zicht.housing.importers import import_locations
from zicht.housing.models import Location

from .factories import make_location
from .test_admin import location_post

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 1, 1)


def history(location: Location) -> list[tuple]:
    return [
        (step.from_status, step.to_status, step.on, step.recorded_by_id)
        for step in location.status_history.order_by("on", "pk")
    ]


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


def test_an_admin_status_change_appends_what_the_status_service_appends(admin_client, administrator, municipality_a):
    by_admin = make_location(municipality=municipality_a, status=S.PERMITTED, status_since=START, in_use_since=None)
    by_service = make_location(municipality=municipality_a, status=S.PERMITTED, status_since=START, in_use_since=None)
    today = timezone.localdate()

    url = reverse("admin:housing_location_change", args=[by_admin.pk])
    response = admin_client.post(url, location_post(by_admin, status=S.IN_USE))
    assert response.status_code == 302, response.content.decode()[:3000]
    services.location_change_status(location=by_service, to_status=S.IN_USE, on=today, by=administrator)

    by_admin.refresh_from_db()
    by_service.refresh_from_db()
    assert history(by_admin) == history(by_service)
    assert history(by_admin)[-1] == (S.PERMITTED, S.IN_USE, today, administrator.pk)
    for name in ("status", "status_since", "in_use_since", "norm_verdict", "norm_capacity"):
        assert getattr(by_admin, name) == getattr(by_service, name), name
    assert by_admin.in_use_since == today  # the step into use dates the site, as on the status page


def test_the_admin_refuses_a_step_the_lifecycle_does_not_allow(admin_client, municipality_a):
    location = make_location(municipality=municipality_a, status=S.IN_USE, status_since=START)
    url = reverse("admin:housing_location_change", args=[location.pk])
    response = admin_client.post(url, location_post(location, status=S.PERMITTED))
    assert response.status_code == 200
    assert "Gesloten" in response.context["adminform"].form.errors["status"][0]  # names the allowed next status
    location.refresh_from_db()
    assert location.status == S.IN_USE and location.status_history.count() == 1


def test_the_admin_refuses_a_status_date_without_a_step(admin_client, municipality_a):
    location = make_location(municipality=municipality_a, status=S.IN_USE, status_since=START)
    url = reverse("admin:housing_location_change", args=[location.pk])
    response = admin_client.post(url, location_post(location, status_since="2024-06-01"))
    assert response.status_code == 200 and "status_since" in response.context["adminform"].form.errors
    location.refresh_from_db()
    assert location.status_since == START


def test_location_update_refuses_an_illegal_status_jump(officer_a, municipality_a):
    location = make_location(municipality=municipality_a, status=S.INITIATIVE, status_since=START)
    with pytest.raises(ValidationError) as error:
        services.location_update(location=location, by=officer_a, data={"status": S.IN_USE}, check=False)
    assert "status" in error.value.message_dict
    assert "Vergunning aangevraagd" in error.value.message_dict["status"][0]  # the allowed next statuses
    location.refresh_from_db()
    assert location.status == S.INITIATIVE and location.status_history.count() == 1


def test_location_update_checks_the_stored_status_not_a_stale_copy(officer_a, municipality_a):
    location = make_location(municipality=municipality_a, status=S.PERMITTED, status_since=START)
    stale = Location.objects.get(pk=location.pk)
    services.location_change_status(location=location, to_status=S.CLOSED, on=START, by=officer_a)
    with pytest.raises(ValidationError):
        # permitted -> in use fitted what the stale copy saw; the stored status is closed now
        services.location_update(location=stale, by=officer_a, data={"status": S.PERMIT_REQUESTED}, check=False)
    assert [step.to_status for step in location.status_history.order_by("pk")] == [S.PERMITTED, S.CLOSED]


def test_location_update_steps_through_the_workflow_and_records_one_row(officer_a, municipality_a):
    location = make_location(municipality=municipality_a, status=S.PERMITTED, status_since=START, in_use_since=None)
    on = datetime.date(2024, 3, 1)
    changed = services.location_update(location=location, by=officer_a, data={"status": S.IN_USE}, on=on, note="x")
    assert changed == ["status"]
    location.refresh_from_db()
    assert (location.status, location.status_since, location.in_use_since) == (S.IN_USE, on, on)
    assert history(location)[-1] == (S.PERMITTED, S.IN_USE, on, officer_a.pk)


HEADER = (
    "ref,name,municipality,postcode,house_number,house_number_addition,lat,lon,form,stay_type,status,"
    "capacity_beds,bedrooms,floor_area_m2,toilets,showers,operator_kvk"
)


def row(ref: str, status: str) -> str:
    return f"{ref},Logies De Linde,GM0150,,,,52.2551,6.1639,holiday_park,mid,{status},10,10,200,2,2,"


def test_the_importer_refuses_an_illegal_status_jump_and_writes_nothing(municipality_a):
    location = make_location(municipality=municipality_a, ref="DV-001", status=S.INITIATIVE, status_since=START)
    data = f"{HEADER}\n{row('DV-001', 'in_use')}\n".encode()
    with pytest.raises(ImportRejected) as rejected:
        import_locations("locaties.csv", data=data)
    (error,) = rejected.value.report.errors
    assert (error.row, error.field) == (2, "status")
    location.refresh_from_db()
    assert location.status == S.INITIATIVE and location.status_history.count() == 1


def test_the_importer_takes_an_allowed_step_through_the_service(municipality_a):
    location = make_location(municipality=municipality_a, ref="DV-001", status=S.PERMITTED, status_since=START)
    report = import_locations("locaties.csv", data=f"{HEADER}\n{row('DV-001', 'in_use')}\n".encode())
    assert report.updated == 1
    location.refresh_from_db()
    last = location.status_history.order_by("pk").last()
    assert (last.from_status, last.to_status, last.note) == (S.PERMITTED, S.IN_USE, "Import")
    assert location.in_use_since == timezone.localdate()
