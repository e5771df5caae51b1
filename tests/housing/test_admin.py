"""The housing admin: administrators maintain norm sets and locations; stored verdicts follow; history stays as is."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from zicht.core.models import AuditAction, AuditEvent
from zicht.core.roles import Role
from zicht.housing.choices import LocationStatus, NormVerdict
from zicht.housing.models import Location, LocationStatusChange, NormRule, NormSet, NormSetVersion

from .factories import make_location

pytestmark = pytest.mark.django_db

OLD_DAY = datetime.date(2020, 1, 1)


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, int]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


@pytest.fixture
def locations(municipality_a, municipality_b):
    deventer = make_location(municipality=municipality_a, name="Logies Bolwerksweg", capacity_beds=10)
    zwolle = make_location(municipality=municipality_b, name="Logies Hessenpoort", capacity_beds=10)
    # Mark both as evaluated long ago, to see which one a change re-evaluates.
    Location.objects.update(norm_evaluated_on=OLD_DAY)
    return deventer, zwolle


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("model", ["normset", "normsetversion", "location"])
def test_changelist_and_add_form_open_for_the_administrator(admin_client, locations, model):
    assert admin_client.get(reverse(f"admin:housing_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:housing_{model}_add")).status_code == 200


def test_lists_show_the_rows(admin_client, locations):
    html = admin_client.get(reverse("admin:housing_normset_changelist")).content.decode()
    for name in ("Minimumnorm", "SNF-norm", "AKF-norm"):
        assert name in html
    versions = admin_client.get(reverse("admin:housing_normsetversion_changelist")).content.decode()
    assert versions.count('class="action-select"') == NormSetVersion.objects.count() == 5
    listing = admin_client.get(reverse("admin:housing_location_changelist")).content.decode()
    assert "Logies Bolwerksweg" in listing and "Logies Hessenpoort" in listing
    found = admin_client.get(reverse("admin:housing_location_changelist"), {"q": "Hessenpoort"}).content.decode()
    assert "Logies Hessenpoort" in found and "Logies Bolwerksweg" not in found
    closed = admin_client.get(reverse("admin:housing_location_changelist"), {"status__exact": "closed"})
    assert closed.status_code == 200 and "Logies Bolwerksweg" not in closed.content.decode()


def test_the_index_lists_the_housing_models(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:housing_normset_changelist") in html
    assert reverse("admin:housing_location_changelist") in html


def test_staff_without_the_administrator_role_has_no_housing_admin(client, make_user, locations):
    staff = make_user(Role.POLICY_OFFICER, username="staff_officer", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:housing_normset_changelist")).status_code == 403
    assert client.get(reverse("admin:housing_location_change", args=[locations[0].pk])).status_code == 403


def test_location_page_shows_history_read_only_and_norm_fields_fixed(admin_client, locations):
    location = locations[0]
    url = reverse("admin:housing_location_change", args=[location.pk])
    html = admin_client.get(url).content.decode()
    assert "Geregistreerd" in html  # the creation entry of the history
    assert 'name="status_history-0-note"' not in html
    assert 'name="status_history-0-DELETE"' not in html
    assert 'name="norm_verdict"' not in html and 'name="norm_capacity"' not in html
    assert 'name="status"' in html  # a status change goes through the service and its workflow
    assert 'name="in_use_since"' not in html  # follows from the history
    assert 'name="units-TOTAL_FORMS"' in html
    assert admin_client.get(reverse("admin:housing_location_delete", args=[location.pk])).status_code == 403
    assert not admin.site.is_registered(LocationStatusChange)  # no page of its own to edit history on


def location_post(location: Location, **changes) -> dict:
    data = {
        "ref": location.ref,
        "name": location.name,
        "municipality": location.municipality_id,
        "form": location.form,
        "stay_type": location.stay_type,
        "status": location.status,
        "status_since": location.status_since.isoformat(),
        "capacity_beds": location.capacity_beds,
        "floor_area_m2": location.floor_area_m2,
        "bedrooms": location.bedrooms,
        "bedroom_area_m2": location.bedroom_area_m2,
        "toilets": location.toilets,
        "showers": location.showers,
        **management("units"),
        **management("status_history", total=1, initial=1),
        "status_history-0-id": location.status_history.get().pk,
        "status_history-0-location": location.pk,
    }
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


def test_saving_a_location_refreshes_its_verdict_and_leaves_history_alone(admin_client, administrator, locations):
    location = locations[0]
    entry = location.status_history.get()
    url = reverse("admin:housing_location_change", args=[location.pk])
    response = admin_client.post(url, location_post(location, bedrooms=6, **{"status_history-0-note": "vervalst"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    location.refresh_from_db()
    assert (location.norm_verdict, location.norm_capacity) == (NormVerdict.FAIL, 6)
    assert location.norm_evaluated_on > OLD_DAY
    assert LocationStatusChange.objects.get(pk=entry.pk).note == entry.note
    assert location.status_history.count() == 1
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, actor=administrator, object_id=str(location.pk))
    assert event.changed_fields == ["bedrooms"]


def test_units_added_in_the_admin_set_the_totals(admin_client, locations):
    location = locations[0]
    url = reverse("admin:housing_location_change", args=[location.pk])
    units = {
        **management("units", total=2),
        "units-0-name": "Kamer 1",
        "units-0-beds": 2,
        "units-0-floor_area_m2": "30.0",
        "units-0-bedrooms": 2,
        "units-1-name": "Kamer 2",
        "units-1-beds": 3,
        "units-1-floor_area_m2": "44.9",
        "units-1-bedrooms": 3,
    }
    assert admin_client.post(url, location_post(location, **units)).status_code == 302
    location.refresh_from_db()
    assert (location.capacity_beds, location.floor_area_m2, location.bedrooms) == (5, Decimal("74.9"), 5)
    assert location.showers is None  # the units do not say
    assert (location.norm_verdict, location.norm_capacity) == (
        NormVerdict.FAIL,
        4,
    )  # 74.9 m² is under 5 persons at 15 m²


def test_adding_a_location_records_its_first_status(admin_client, administrator, municipality_a):
    data = {
        "ref": "ADM-1",
        "name": "Pension De Brink",
        "municipality": municipality_a.pk,
        "form": "hotel",
        "stay_type": "short",
        "status": LocationStatus.IN_USE,
        "status_since": "2025-04-01",
        "capacity_beds": 4,
        "floor_area_m2": "60.0",
        "bedrooms": 4,
        **management("units"),
        **management("status_history"),
    }
    response = admin_client.post(reverse("admin:housing_location_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    location = Location.objects.get(ref="ADM-1")
    # As registered through the service: an existing site of unknown age keeps no first day in use.
    assert location.in_use_since is None
    (entry,) = location.status_history.all()
    assert (entry.from_status, entry.to_status, entry.on, entry.recorded_by) == (
        "",
        LocationStatus.IN_USE,
        datetime.date(2025, 4, 1),
        administrator,
    )
    assert (location.norm_set_applied.code, location.norm_verdict, location.norm_capacity) == (
        "minimum",
        NormVerdict.PASS,
        4,
    )
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(location.pk)).exists()


def test_a_municipal_norm_set_added_in_the_admin_applies_to_that_municipality(admin_client, locations, municipality_a):
    deventer, zwolle = locations
    assert deventer.norm_set_applied.code == "minimum"
    form = admin_client.get(reverse("admin:housing_normset_add")).content.decode()
    assert f'<option value="{municipality_a.pk}">Deventer</option>' in form
    response = admin_client.post(
        reverse("admin:housing_normset_add"),
        {
            "code": "deventer-kamerverhuur",
            "name": "Huisvestingsnorm Deventer",
            "municipality": municipality_a.pk,
            "source": "Huisvestingsverordening (demo)",
            "description": "",
            **management("versions", total=1),
            "versions-0-valid_from": "2024-01-01",
            "versions-0-note": "Eerste versie",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    norm_set = NormSet.objects.get(code="deventer-kamerverhuur")
    version = norm_set.versions.get()
    deventer.refresh_from_db()
    assert deventer.norm_set_applied == norm_set
    assert deventer.norm_evaluated_on > OLD_DAY

    response = admin_client.post(
        reverse("admin:housing_normsetversion_change", args=[version.pk]),
        {
            "norm_set": norm_set.pk,
            "valid_from": "2024-01-01",
            "note": "Eerste versie",
            **management("rules", total=1),
            "rules-0-kind": "area_per_person",
            "rules-0-limit": "25",
            "rules-0-applies_to": "all",
            "rules-0-limit_if_agreed": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert NormRule.objects.filter(version=version).count() == 1
    deventer.refresh_from_db()
    assert (deventer.norm_set_applied, deventer.norm_verdict, deventer.norm_capacity) == (
        norm_set,
        NormVerdict.FAIL,
        8,  # 200 m² at 25 m² per person
    )
    zwolle.refresh_from_db()
    assert zwolle.norm_set_applied.code == "minimum"
    assert zwolle.norm_evaluated_on == OLD_DAY  # not re-evaluated: the Deventer set cannot apply to it


def test_changing_a_national_rule_refreshes_every_location(admin_client, locations):
    version = NormSetVersion.objects.get(norm_set__code="minimum")
    area, bedroom = version.rules.get(kind="area_per_person"), version.rules.get(kind="persons_per_bedroom")
    post = {"norm_set": version.norm_set_id, "valid_from": version.valid_from.isoformat(), "note": version.note}
    post.update(management("rules", total=2, initial=2))
    for index, rule in enumerate((area, bedroom)):
        post.update(
            {
                f"rules-{index}-id": rule.pk,
                f"rules-{index}-version": version.pk,
                f"rules-{index}-kind": rule.kind,
                f"rules-{index}-limit": "40" if rule == area else rule.limit,
                f"rules-{index}-applies_to": rule.applies_to,
                f"rules-{index}-limit_if_agreed": "",
            }
        )
    response = admin_client.post(reverse("admin:housing_normsetversion_change", args=[version.pk]), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    for location in Location.objects.all():
        assert (location.norm_verdict, location.norm_capacity) == (NormVerdict.FAIL, 5)
        assert location.norm_evaluated_on > OLD_DAY


def test_deleting_a_municipal_version_falls_back_and_refreshes(admin_client, locations, municipality_a):
    deventer = locations[0]
    norm_set = NormSet.objects.create(code="eigen", name="Eigen norm", municipality=municipality_a)
    version = NormSetVersion.objects.create(norm_set=norm_set, valid_from=datetime.date(2024, 1, 1))
    NormRule.objects.create(version=version, kind="area_per_person", limit=Decimal("50"))
    url = reverse("admin:housing_normsetversion_delete", args=[version.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not NormSetVersion.objects.filter(pk=version.pk).exists()
    deventer.refresh_from_db()
    # The set still exists without a version in force, so the verdict is unknown rather than a silent pass.
    assert deventer.norm_set_applied == norm_set
    assert deventer.norm_verdict == NormVerdict.UNKNOWN
    assert deventer.norm_evaluated_on > OLD_DAY
