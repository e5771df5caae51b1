"""Block registration (DOMAIN §3.2, seed 003): workflow, permissions, groups of 20 or fewer refused, append-only
history, the count the indicators read, and the pages."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zicht.core.models import AuditAction, AuditEvent
from zicht.occupancy import block_selectors, block_services, block_workflow
from zicht.occupancy.choices import BlockRegistrationStatus as S
from zicht.occupancy.models import BlockRegistration, BlockRegistrationChange
from zicht.parties.choices import CertificationScheme

from ..factories import CertificationFactory
from ..housing.factories import LocationFactory
from .blocks_world import held, in_days, make_request, parties_fixture, request_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def statuses(block) -> list[tuple[str, str]]:
    return [(change.from_status, change.to_status) for change in block_selectors.block_history(block)]


# --- workflow -------------------------------------------------------------------------------------------------------


def test_workflow_table():
    assert block_workflow.COURSE.next_statuses(S.REQUESTED) == [S.PLANNED, S.DECLINED, S.CANCELLED]
    assert block_workflow.COURSE.next_statuses(S.PLANNED) == [S.PLANNED, S.COMPLETED, S.CANCELLED]
    for final in (S.DECLINED, S.COMPLETED, S.CANCELLED):
        assert block_workflow.COURSE.is_final(final)
    assert not block_workflow.COURSE.may_transition(S.REQUESTED, S.COMPLETED)


def test_request_starts_requested_with_history_and_audit(parties, municipality_a):
    block = make_request(parties, municipality_a)
    assert block.status == S.REQUESTED and block.agency == parties.agency
    assert block.requested_by == parties.agency_user and not block.on_location
    today = timezone.localdate()
    # Sorted and stored as ISO dates.
    assert block.proposed_dates == [(today + datetime.timedelta(days=d)).isoformat() for d in (7, 14)]
    assert statuses(block) == [("", S.REQUESTED)]
    event = AuditEvent.objects.get(object_type="occupancy.blockregistration", object_id=str(block.pk))
    assert event.action == AuditAction.CREATE and event.municipality_id == municipality_a.pk


@pytest.mark.parametrize("size", [0, 1, 20])
def test_group_of_twenty_or_fewer_is_refused(parties, municipality_a, size):
    with pytest.raises(ValidationError) as error:
        make_request(parties, municipality_a, group_size=size)
    assert "meer dan 20 personen" in error.value.message_dict["group_size"][0]
    assert not BlockRegistration.objects.exists()


def test_group_of_twenty_one_is_accepted(parties, municipality_a):
    assert make_request(parties, municipality_a, group_size=21).group_size == 21


@pytest.mark.parametrize(
    "dates",
    [[], [1, 2, 3, 4], [0], [-3, 5]],
    ids=["none", "four", "today", "past"],
)
def test_proposed_dates_one_to_three_after_today(parties, municipality_a, dates):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        make_request(parties, municipality_a, proposed_dates=[today + datetime.timedelta(days=d) for d in dates])
    assert "proposed_dates" in error.value.message_dict


def test_only_agencies_and_housing_providers_request(parties, municipality_a, officer_a, market_party_user):
    for user in (parties.employer_user, officer_a):
        with pytest.raises(PermissionDenied):
            block_services.block_request(by=user, data=request_data(municipality_a))
    # A housing provider may (conftest's market_party_user belongs to one).
    block = block_services.block_request(by=market_party_user, data=request_data(municipality_a))
    assert block.agency == market_party_user.organisation


def test_location_must_be_the_agencys_own_and_in_the_municipality(parties, municipality_a, municipality_b):
    own = LocationFactory(municipality=municipality_a, operator=parties.agency)
    foreign = LocationFactory(municipality=municipality_a, operator=parties.other_agency)
    elsewhere = LocationFactory(municipality=municipality_b, owner=parties.agency)
    assert make_request(parties, municipality_a, location=own).location == own
    for location in (foreign, elsewhere):
        with pytest.raises(ValidationError) as error:
            make_request(parties, municipality_a, location=location)
        assert "location" in error.value.message_dict


def test_plan_replan_complete(parties, municipality_a, officer_a):
    block = make_request(parties, municipality_a)
    evening = in_days(10, hour=19)
    block = block_services.block_plan(block=block, by=officer_a, planned_at=evening, note="Na kantoortijd")
    assert block.status == S.PLANNED and block.planned_at == evening
    later = in_days(12, hour=20)
    block = block_services.block_plan(block=block, by=officer_a, planned_at=later)
    assert block.planned_at == later
    with pytest.raises(ValidationError) as error:  # the session has not been held yet
        block_services.block_complete(block=block, by=officer_a, registered_count=20)
    assert "registered_count" in error.value.message_dict
    block = held(block)
    with pytest.raises(ValidationError):
        block_services.block_complete(block=block, by=officer_a, registered_count=block.group_size + 1)
    block = block_services.block_complete(block=block, by=officer_a, registered_count=block.group_size)
    assert block.status == S.COMPLETED and block.registered_count == 25
    assert statuses(block) == [
        ("", S.REQUESTED),
        (S.REQUESTED, S.PLANNED),
        (S.PLANNED, S.PLANNED),
        (S.PLANNED, S.COMPLETED),
    ]
    updates = AuditEvent.objects.filter(object_id=str(block.pk), action=AuditAction.UPDATE)
    assert updates.count() == 3


def test_planned_moment_must_lie_in_the_future(parties, municipality_a, officer_a):
    block = make_request(parties, municipality_a)
    with pytest.raises(ValidationError) as error:
        block_services.block_plan(block=block, by=officer_a, planned_at=in_days(-1))
    assert "planned_at" in error.value.message_dict
    block.refresh_from_db()
    assert block.status == S.REQUESTED and statuses(block) == [("", S.REQUESTED)]


def test_decline_needs_a_note_and_is_final(parties, municipality_a, registration_officer_a):
    block = make_request(parties, municipality_a)
    with pytest.raises(ValidationError) as error:
        block_services.block_decline(block=block, by=registration_officer_a, note="  ")
    assert "note" in error.value.message_dict
    block = block_services.block_decline(block=block, by=registration_officer_a, note="Groep is te klein gebleken")
    assert block.status == S.DECLINED and block.decision_note == "Groep is te klein gebleken"
    with pytest.raises(ValidationError) as error:
        block_services.block_plan(block=block, by=registration_officer_a, planned_at=in_days(3))
    assert "status" in error.value.message_dict


def test_completing_requires_planning_first(parties, municipality_a, officer_a):
    block = make_request(parties, municipality_a)
    with pytest.raises(ValidationError):
        block_services.block_complete(block=block, by=officer_a, registered_count=10)


def test_who_may_plan(parties, municipality_a, officer_b, regional_coordinator, province_director):
    block = make_request(parties, municipality_a)
    for user in (officer_b, regional_coordinator, province_director, parties.agency_user, parties.tiel_officer):
        with pytest.raises(PermissionDenied):
            block_services.block_plan(block=block, by=user, planned_at=in_days(5))
        with pytest.raises(PermissionDenied):
            block_services.block_decline(block=block, by=user, note="Nee")


def test_cancel_by_the_agency_or_the_municipality(parties, municipality_a, officer_a, officer_b):
    first = make_request(parties, municipality_a)
    with pytest.raises(PermissionDenied):
        block_services.block_cancel(block=first, by=parties.other_agency_user)
    with pytest.raises(PermissionDenied):
        block_services.block_cancel(block=first, by=officer_b)
    first = block_services.block_cancel(block=first, by=parties.agency_user, note="Groep gaat niet door")
    assert first.status == S.CANCELLED
    second = block_services.block_plan(block=make_request(parties, municipality_a), by=officer_a, planned_at=in_days(4))
    second = block_services.block_cancel(block=second, by=officer_a)
    assert statuses(second)[-1] == (S.PLANNED, S.CANCELLED)
    with pytest.raises(ValidationError):  # a cancelled session stays cancelled
        block_services.block_cancel(block=second, by=officer_a)


def test_history_is_append_only(parties, municipality_a, officer_a):
    block = block_services.block_plan(block=make_request(parties, municipality_a), by=officer_a, planned_at=in_days(3))
    change = block.history.first()
    change.note = "changed"
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()
    assert BlockRegistrationChange.objects.filter(block_registration=block).count() == 2
    assert BlockRegistrationChange.objects.get(pk=change.pk).note == ""


# --- visibility --------------------------------------------------------------------------------------------------


def test_who_sees_which_sessions(
    parties, municipality_a, municipality_b, officer_a, officer_b, regional_coordinator, province_director
):
    in_deventer = make_request(parties, municipality_a)
    in_zwolle = make_request(parties, municipality_b)
    by_other = block_services.block_request(by=parties.other_agency_user, data=request_data(municipality_a))

    def seen(user) -> set[int]:
        return set(block_selectors.block_registrations_visible_to(user).values_list("pk", flat=True))

    assert seen(parties.agency_user) == {in_deventer.pk, in_zwolle.pk}
    assert seen(parties.other_agency_user) == {by_other.pk}
    assert seen(parties.employer_user) == set()
    assert seen(officer_a) == {in_deventer.pk, by_other.pk}
    assert seen(officer_b) == {in_zwolle.pk}
    assert seen(regional_coordinator) == seen(province_director) == {in_deventer.pk, in_zwolle.pk, by_other.pk}
    assert seen(parties.tiel_officer) == set()


# --- on location, certification, the count the indicators read -------------------------------------------------


def test_registration_on_location(parties, municipality_a, municipality_b, registration_officer_a, officer_a):
    location = LocationFactory(municipality=municipality_a)
    data = {"agency": parties.other_agency, "location": location, "group_size": 30, "planned_at": in_days(-1)}
    with pytest.raises(PermissionDenied):  # policy officers do not inspect
        block_services.block_record_on_location(by=officer_a, data=data)
    block = block_services.block_record_on_location(by=registration_officer_a, data=data)
    assert block.on_location and block.status == S.PLANNED and block.municipality == municipality_a
    assert block.place == location.name and statuses(block) == [("", S.PLANNED)]
    block = block_services.block_complete(block=block, by=registration_officer_a, registered_count=27)
    assert block.status == S.COMPLETED
    elsewhere = LocationFactory(municipality=municipality_b)
    with pytest.raises(ValidationError):
        block_services.block_record_on_location(by=registration_officer_a, data={**data, "location": elsewhere})
    with pytest.raises(ValidationError):
        block_services.block_record_on_location(by=registration_officer_a, data={**data, "group_size": 0})
    # On location, a small group found during an inspection is recorded too (a requested session needs > 20).
    small = block_services.block_record_on_location(by=registration_officer_a, data={**data, "group_size": 3})
    assert small.group_size == 3 and small.on_location


def test_certification_warning(parties):
    assert block_selectors.is_certified_agency(parties.agency)
    assert block_selectors.certification_warning(parties.agency) == ""
    assert "NEN 4400-1" in block_selectors.certification_warning(parties.other_agency)
    today = timezone.localdate()
    CertificationFactory(
        organisation=parties.other_agency,
        scheme=CertificationScheme.AGENCY,
        valid_from=today - datetime.timedelta(days=800),
        valid_until=today - datetime.timedelta(days=1),
    )
    CertificationFactory(organisation=parties.other_agency, scheme=CertificationScheme.SNF)  # housing, not agency
    assert not block_selectors.is_certified_agency(parties.other_agency)
    assert block_selectors.is_certified_agency(parties.other_agency, today - datetime.timedelta(days=2))


def test_registered_in_blocks(parties, municipality_a, municipality_b, officer_a, officer_b):
    def completed(municipality, officer, count, days_ago):
        block = make_request(parties, municipality)
        block = held(block_services.block_plan(block=block, by=officer, planned_at=in_days(2)), days_ago)
        return block_services.block_complete(block=block, by=officer, registered_count=count)

    today = timezone.localdate()
    completed(municipality_a, officer_a, 22, days_ago=10)
    completed(municipality_a, officer_a, 18, days_ago=3)
    completed(municipality_b, officer_b, 25, days_ago=10)
    planned = make_request(parties, municipality_a)
    held(block_services.block_plan(block=planned, by=officer_a, planned_at=in_days(2)), 5)  # held, not recorded
    ids = {municipality_a.pk}
    assert block_selectors.registered_in_blocks(ids, today) == 40
    assert block_selectors.registered_in_blocks(ids, today - datetime.timedelta(days=5)) == 22
    assert block_selectors.registered_in_blocks(ids, today - datetime.timedelta(days=11)) == 0
    assert block_selectors.registered_in_blocks({municipality_a.pk, municipality_b.pk}, today) == 65
    assert block_selectors.registered_in_blocks(set(), today) == 0
    # A session on the evening of the day counts for that day.
    assert block_selectors.registered_in_blocks(ids, today - datetime.timedelta(days=3)) == 40


# --- pages ---------------------------------------------------------------------------------------------------------


def login(client, user):
    client.force_login(user)
    return client


def test_request_page_refuses_twenty_in_dutch(client, parties, municipality_a):
    login(client, parties.agency_user)
    url = reverse("occupancy:block_create")
    assert client.get(url).status_code == 200
    day = (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    post = {"municipality": municipality_a.code, "group_size": "20", "place": "Stadhuis", "proposed_date_1": day}
    response = client.post(url, post)
    assert response.status_code == 200
    assert "meer dan 20 personen" in response.content.decode()
    assert not BlockRegistration.objects.exists()
    response = client.post(url, {**post, "group_size": "24"})
    block = BlockRegistration.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("occupancy:block_detail", args=[block.pk])
    assert block.group_size == 24 and block.proposed_dates == [day]


def test_request_page_is_for_agencies_and_on_location_staff(client, parties, officer_a, registration_officer_a):
    url = reverse("occupancy:block_create")
    assert login(client, parties.employer_user).get(url).status_code == 403
    assert login(client, officer_a).get(url).status_code == 403
    response = login(client, registration_officer_a).get(url)
    assert response.status_code == 200 and "Inschrijving op locatie vastleggen" in response.content.decode()


def test_detail_plan_and_warning(client, parties, municipality_a, officer_a, regional_coordinator):
    block = block_services.block_request(by=parties.other_agency_user, data=request_data(municipality_a))
    url = reverse("occupancy:block_detail", args=[block.pk])
    # The coordinator reads, without forms, and may not post.
    response = login(client, regional_coordinator).get(url)
    assert response.status_code == 200 and 'name="action"' not in response.content.decode()
    planned = in_days(6, hour=19).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"action": "plan", "plan-planned_at": planned}).status_code == 403
    response = login(client, officer_a).get(url)
    page = response.content.decode()
    assert "NEN 4400-1" in page  # the other agency is not certified
    assert 'value="plan"' in page and 'value="decline"' in page and 'value="complete"' not in page
    response = client.post(url, {"action": "decline", "decline-note": ""})
    assert response.status_code == 200 and "Controleer de invoer" in response.content.decode()
    response = client.post(url, {"action": "plan", "plan-planned_at": planned, "plan-note": "Avondsessie"})
    assert response.status_code == 302
    block.refresh_from_db()
    assert block.status == S.PLANNED and timezone.localtime(block.planned_at).hour == 19


def test_detail_is_not_found_outside_scope(client, parties, municipality_a, officer_b):
    block = make_request(parties, municipality_a)
    url = reverse("occupancy:block_detail", args=[block.pk])
    assert login(client, officer_b).get(url).status_code == 404
    assert login(client, parties.other_agency_user).get(url).status_code == 404


def test_list_filters_and_audited_csv(client, parties, municipality_a, municipality_b, regional_coordinator):
    make_request(parties, municipality_a)
    make_request(parties, municipality_b, group_size=40)
    login(client, regional_coordinator)
    url = reverse("occupancy:block_list")
    response = client.get(url, {"municipality": municipality_b.code})
    assert response.status_code == 200 and [b.group_size for b in response.context["blocks"]] == [40]
    assert len(client.get(url, {"status": S.PLANNED}).context["blocks"]) == 0
    response = client.get(url, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("Aangevraagd op,Gemeente,Aanvrager") and len(lines) == 3
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="occupancy.blockregistration").exists()


def test_on_location_page_records_a_planned_session(client, parties, registration_officer_a, municipality_a):
    login(client, registration_officer_a)
    moment = in_days(-1, hour=21).strftime("%Y-%m-%dT%H:%M")
    post = {"agency": parties.agency.pk, "group_size": "23", "planned_at": moment, "place": "Loods 4"}
    response = client.post(reverse("occupancy:block_create"), post)
    block = BlockRegistration.objects.get()
    assert response.status_code == 302 and block.on_location and block.status == S.PLANNED
    assert block.municipality == municipality_a and timezone.localtime(block.planned_at).hour == 21
    page = client.get(reverse("occupancy:block_detail", args=[block.pk])).content.decode()
    assert 'value="complete"' in page and 'value="decline"' not in page
